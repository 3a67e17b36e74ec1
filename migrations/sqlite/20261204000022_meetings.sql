-- Issue 14: DSR meetings as records. A meeting has a day, a chair and perhaps a note-taker
-- (both LDA team accounts, named as they were then), its attendance, and what was recorded
-- per person as it went: discussion notes and decisions, in the append-only
-- meeting_entries. Actions agreed at a meeting name it. `circulated_on`: the day the
-- minutes were sent round.
create table meetings (
    id text primary key,
    held_on date not null,
    chair_user text not null references users (id),
    chair_name text not null,
    note_taker_user text references users (id),
    note_taker_name text,
    circulated_on date,
    version integer not null check (version >= 1),
    created_by text not null,
    created_at text not null
);
create index meetings_held_on on meetings (held_on, created_at);

-- who attended (present) or sent apologies; kept in the order they were added
create table meeting_attendance (
    id text primary key,
    meeting_id text not null references meetings (id),
    name text not null,
    agency text not null,
    present integer not null check (present in (0, 1)),
    added_by text not null,
    added_at text not null
);
create index meeting_attendance_meeting on meeting_attendance (meeting_id, added_at);

-- what the meeting recorded about a person, in order (`seq`): append-only. `id` comes from
-- the form, so a repeated send is kept once. `rating` is the person's rating once it was
-- recorded; `rating_from` is set on a decision that changed it.
create table meeting_entries (
    seq integer primary key autoincrement,
    id text not null unique,
    meeting_id text not null references meetings (id),
    person_id text not null references people (id),
    kind text not null check (kind in ('note', 'decision')),
    body text not null,
    rating text not null,
    rating_from text,
    recorded_by text not null,
    recorded_at text not null
);
create index meeting_entries_meeting on meeting_entries (meeting_id, seq);
create index meeting_entries_person on meeting_entries (person_id, seq);
create trigger meeting_entries_append_only_update before update on meeting_entries
begin select raise(abort, 'meeting_entries is append-only'); end;
create trigger meeting_entries_append_only_delete before delete on meeting_entries
begin select raise(abort, 'meeting_entries is append-only'); end;

alter table actions add column meeting_id text references meetings (id);
create index actions_meeting on actions (meeting_id);
