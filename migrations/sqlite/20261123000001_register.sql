-- The register: people, their rating history, and the append-only change log.
-- SQLite flavour: dates and timestamps are ISO-8601 text; ids of logs auto-increment.

-- one row per person on the register; `version` guards against silent overwrites
create table people (
    id text primary key,                      -- random uuid, hyphenated
    nhs_number text not null unique,          -- ten digits, modulus 11 checked by the app
    given_name text not null,
    family_name text not null,
    date_of_birth text not null,              -- yyyy-mm-dd
    diagnosis text not null,
    setting text not null,
    area text not null default '',
    rating text not null check (rating in ('blue', 'red', 'amber', 'green')),
    rating_since text not null,               -- utc timestamp
    rating_set_by text not null,
    review_due text not null,                 -- yyyy-mm-dd
    version integer not null default 1 check (version >= 1),
    created_at text not null
);
create index people_rating_due on people (rating, review_due, family_name);
create index people_date_of_birth on people (date_of_birth);

-- every rating a person has had, with who set it, when and why
create table rating_changes (
    id integer primary key autoincrement,
    person_id text not null references people (id),
    from_rating text check (from_rating in ('blue', 'red', 'amber', 'green')),
    to_rating text not null check (to_rating in ('blue', 'red', 'amber', 'green')),
    rationale text not null,
    changed_by text not null,
    changed_at text not null
);
create index rating_changes_person on rating_changes (person_id, id);

-- append-only log of every change to a person: the source the live board follows
create table change_log (
    id integer primary key autoincrement,
    person_id text not null references people (id),
    kind text not null,                       -- person_added | rating_changed
    version integer not null,                 -- the person's version after the change
    from_rating text,                         -- rating before (null when a person is added)
    to_rating text,                           -- rating after
    actor text not null,
    created_at text not null
);
create index change_log_person on change_log (person_id, id);

create trigger rating_changes_append_only_update before update on rating_changes
begin select raise(abort, 'rating_changes is append-only'); end;
create trigger rating_changes_append_only_delete before delete on rating_changes
begin select raise(abort, 'rating_changes is append-only'); end;
create trigger change_log_append_only_update before update on change_log
begin select raise(abort, 'change_log is append-only'); end;
create trigger change_log_append_only_delete before delete on change_log
begin select raise(abort, 'change_log is append-only'); end;
