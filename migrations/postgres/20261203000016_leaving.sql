-- Issue 13: consent re-checks and leaving the register.
-- `consent_due`: when the person's current consent (or best-interests decision) must be
-- checked again; null when none is recorded ("consent missing").
-- `left_on`: the day they left the register; null while they are on it. A closed record
-- is kept, never deleted, and leaves the board, the agenda and searches.
alter table people add column consent_due date;
alter table people add column left_on date;

-- Existing consents: re-checked a year after the newest, or at 16 if that comes first.
update people set consent_due = (
    select case
        when c.decided_on < (people.date_of_birth + interval '16 years')::date
             and (people.date_of_birth + interval '16 years') < (c.decided_on + interval '12 months')
        then (people.date_of_birth + interval '16 years')::date
        else (c.decided_on + interval '12 months')::date
    end
    from consents c where c.person_id = people.id order by c.id desc limit 1
);

-- every time someone left the register: why, when, who decided, and the details
create table departures (
    id bigint generated always as identity primary key,
    person_id text not null references people (id),
    reason text not null check (reason in
        ('risk_reduced', 'consent_withdrawn', 'moved_area', 'adult_register', 'died', 'other')),
    left_on date not null,
    decided_by text not null,                 -- who decided, or who withdrew consent
    why text not null,
    detail text not null,                     -- the receiving ICB, or how a withdrawal was told
    recorded_by text not null,
    recorded_at timestamptz not null
);
create index departures_person on departures (person_id, id);
create trigger departures_append_only before update or delete on departures
    for each row execute function refuse_change();
