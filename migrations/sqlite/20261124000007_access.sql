-- Issue 4: agencies and who is linked to whose record, two-factor sign-in, login failures
-- (for lockout and rate limits that hold across instances) and settings admins change.
create table agencies (
    id text primary key,                      -- random uuid
    name text not null unique,
    sector text not null check (sector in ('health', 'social_care', 'education', 'lda_team')),
    created_at text not null
);

alter table users add column agency_id text references agencies (id);
-- Time-based one-time passwords: the shared secret (base32) once enrolment is confirmed,
-- and the newest time step accepted, so no code is accepted twice.
alter table users add column totp_secret text;
alter table users add column totp_last_step integer;

-- One-use recovery codes for a lost authenticator; only their SHA-256 is kept.
create table recovery_codes (
    user_id text not null references users (id),
    code_hash text not null,
    used_at text,
    primary key (user_id, code_hash)
);

-- Failed sign-ins: the email's SHA-256 (so unknown and known emails are counted the same
-- way) and the client's address. Rows older than the lockout window are ignored.
create table login_failures (
    email_hash text not null,
    client text not null,
    at text not null
);
create index login_failures_email on login_failures (email_hash, at);
create index login_failures_client on login_failures (client, at);

-- A session that has passed the password but not yet the second factor can do nothing
-- else: 'password' until the code is given (a new id is issued then), 'full' after.
alter table sessions add column stage text not null default 'full'
    check (stage in ('password', 'full'));

-- Professionals linked to a person as key professionals, and agencies on a person's record.
create table person_professionals (
    person_id text not null references people (id),
    user_id text not null references users (id),
    added_by text not null,
    added_at text not null,
    primary key (person_id, user_id)
);
create index person_professionals_user on person_professionals (user_id);
create table person_agencies (
    person_id text not null references people (id),
    agency_id text not null references agencies (id),
    added_by text not null,
    added_at text not null,
    primary key (person_id, agency_id)
);
create index person_agencies_agency on person_agencies (agency_id);

-- Settings admins change in the portal.
create table app_settings (
    key text primary key,
    value text not null
);
