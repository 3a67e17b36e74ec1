-- Issue 13: reviews of a person. Each is kept (append-only): when it was held, who took
-- part, the rating before and after (the same when confirmed; a change also goes through
-- the versioned rating change), why, notes, and the next review date set.
create table reviews (
    id integer primary key autoincrement,
    person_id text not null references people (id),
    held_on text not null,                    -- yyyy-mm-dd
    attendees text not null,
    before_rating text not null check (before_rating in ('blue', 'red', 'amber', 'green')),
    rating text not null check (rating in ('blue', 'red', 'amber', 'green')),
    rationale text not null,
    notes text not null,
    next_due text not null,                   -- yyyy-mm-dd
    next_reason text not null,                -- why not the usual interval ('' when it is)
    recorded_by text not null,
    recorded_at text not null
);
create index reviews_person on reviews (person_id, id);
create trigger reviews_append_only_update before update on reviews
begin select raise(abort, 'reviews is append-only'); end;
create trigger reviews_append_only_delete before delete on reviews
begin select raise(abort, 'reviews is append-only'); end;
