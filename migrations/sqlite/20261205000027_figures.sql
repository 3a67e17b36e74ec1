-- Issue 17: figures at any date, and commissioners who read them.
--
-- register_states: the part of a person's row that figures count (on the register or not,
-- rating, where they live, age, what is due), kept as it stood after each change to the
-- record, with the change-log entry and time it follows. Written in the transaction of the
-- change, append-only: the figures for a day read the last state of each person recorded
-- before that day ended, never today's rows, so a day asked again gives the same figures.
--
-- users.role gains 'commissioner' (read-only figures). SQLite cannot change a check
-- constraint in place, so the table is made again. The migration runs in a transaction,
-- where foreign keys cannot be switched off; they are deferred instead: dropping the old
-- table leaves the rows that refer to it pending, and putting every account back into
-- the new table settles them, all before the commit checks.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_copy AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id text primary key,                      -- random uuid
    email text not null unique,               -- lower-cased
    full_name text not null,
    job_title text not null default '',
    role text not null check (role in ('admin', 'coordinator', 'professional', 'commissioner')),
    status text not null check (status in ('pending', 'active', 'rejected', 'disabled')),
    status_reason text not null default '',   -- why rejected or disabled
    password_hash text not null,              -- argon2id, PHC string
    created_at text not null,
    agency_id text references agencies (id),
    totp_secret text,
    totp_last_step integer,
    registered_client text,
    registered_session text,
    approved_by text,
    approved_at text
);
INSERT INTO users (id, email, full_name, job_title, role, status, status_reason,
    password_hash, created_at, agency_id, totp_secret, totp_last_step, registered_client,
    registered_session, approved_by, approved_at)
SELECT id, email, full_name, job_title, role, status, status_reason, password_hash,
    created_at, agency_id, totp_secret, totp_last_step, registered_client,
    registered_session, approved_by, approved_at FROM users_copy;
DROP TABLE users_copy;

CREATE TABLE register_states (
    id integer primary key autoincrement,
    change_id integer not null references change_log (id),
    person_id text not null references people (id),
    recorded_at text not null,                -- utc timestamp of the change it follows
    left_on text,                             -- yyyy-mm-dd; null while on the register
    rating text not null,
    setting text not null,
    placement text,                           -- in_area | out_of_area, while an inpatient
    admitted_on text,                         -- yyyy-mm-dd, while an inpatient
    security text,                            -- non_secure | low | medium | high, while an inpatient
    discharged_on text,                       -- yyyy-mm-dd, on the first state after a stay
    date_of_birth text not null,
    review_due text not null,
    consent_due text,
    keyworker_until text,
    policy_dues text not null
);
CREATE INDEX register_states_person ON register_states (person_id, recorded_at, id);
CREATE INDEX register_states_admitted ON register_states (admitted_on) WHERE admitted_on IS NOT NULL;
CREATE INDEX register_states_discharged ON register_states (discharged_on) WHERE discharged_on IS NOT NULL;
CREATE TRIGGER register_states_append_only_update BEFORE UPDATE ON register_states
BEGIN SELECT raise(abort, 'register_states is append-only'); END;
CREATE TRIGGER register_states_append_only_delete BEFORE DELETE ON register_states
BEGIN SELECT raise(abort, 'register_states is append-only'); END;

-- People already on the register: their state now, from their latest change.
INSERT INTO register_states (change_id, person_id, recorded_at, left_on, rating, setting,
    placement, admitted_on, security, date_of_birth, review_due, consent_due, keyworker_until, policy_dues)
SELECT c.id, p.id, c.created_at, p.left_on, p.rating, p.setting,
    CASE WHEN p.setting = 'inpatient_unit' THEN
        CASE WHEN json_extract(h.body, '$.body.inpatient.placement') = 'out_of_area'
             THEN 'out_of_area' ELSE 'in_area' END END,
    CASE WHEN p.setting = 'inpatient_unit' THEN json_extract(h.body, '$.body.inpatient.admitted_on') END,
    CASE WHEN p.setting = 'inpatient_unit' THEN json_extract(h.body, '$.body.inpatient.security') END,
    p.date_of_birth, p.review_due, p.consent_due, p.keyworker_until, p.policy_dues
FROM people p
JOIN change_log c ON c.id = (SELECT MAX(id) FROM change_log WHERE person_id = p.id)
LEFT JOIN record_sections h ON h.person_id = p.id AND h.section = 'home';

-- Figures for past month ends, kept once worked out from register_states (which never
-- changes for a day already over); deleting a row only makes it be worked out again.
CREATE TABLE figure_months (
    month_end text primary key,               -- yyyy-mm-dd
    body text not null                        -- the month's counts, JSON
);
