-- Issue 14: C(E)TRs, Local Area Emergency Protocol meetings and oversight visits on a
-- person's record. Each is saved with its own version (plan, consent and outcome are saved
-- by separate forms); the content is the review's JSON, read only through the app's typed
-- models. Its kind and dates are kept as columns too, for the board's filters and figures.
create table ctrs (
    id text primary key,
    person_id text not null references people (id),
    kind text not null check (kind in
        ('community', 'emergency_protocol', 'post_admission', 'follow_up', 'oversight_visit')),
    planned_on text,                          -- yyyy-mm-dd
    held_on text,                             -- yyyy-mm-dd
    body text not null,
    version integer not null check (version >= 1),
    changed_by text not null,
    changed_at text not null
);
create index ctrs_person on ctrs (person_id, held_on);

-- every version of every C(E)TR ever saved
create table ctr_history (
    id integer primary key autoincrement,
    ctr_id text not null references ctrs (id),
    person_id text not null references people (id),
    body text not null,
    version integer not null,
    changed_by text not null,
    changed_at text not null
);
create index ctr_history_person on ctr_history (person_id, id);
create trigger ctr_history_append_only_update before update on ctr_history
begin select raise(abort, 'ctr_history is append-only'); end;
create trigger ctr_history_append_only_delete before delete on ctr_history
begin select raise(abort, 'ctr_history is append-only'); end;
