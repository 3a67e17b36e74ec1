-- Issue 11: sign-in that holds against an attacker.
--
-- Attempts to sign in (password, second-factor code, recovery code, reset code) and to
-- register, each reserved *before* its slow check: a row is written first, under a lock,
-- only while the counts allow it, and deleted again if the attempt succeeds. So parallel
-- attempts can never pass the limit. Sign-in attempts are counted per email (its SHA-256,
-- known or not) and per client address; registrations per client and in all.
create table attempts (
    id bigint generated always as identity primary key,
    kind text not null check (kind in ('sign_in', 'join')),
    subject text not null default '',         -- sha-256 (hex) of the email, or ''
    client text not null,
    at timestamptz not null
);
create index attempts_subject on attempts (kind, subject, at);
create index attempts_client on attempts (kind, client, at);
create index attempts_at on attempts (kind, at);

-- Replaced by attempts (failures there are only ever a few minutes old).
drop table login_failures;

-- Setting up an authenticator app: the secret the server made for this session, sealed
-- with DSR_SECRET_KEY and bound to the session, until a code from the app proves the app
-- holds it. And when the session's owner last proved who they are again (password and a
-- current code), which replacing an existing app needs.
alter table sessions add column pending_totp_secret text;
-- Something to be shown once to the session's owner (new recovery codes, a reset code an
-- admin issued), sealed and bound to the session, kept only until the next page shows it,
-- so it reaches them with or without JavaScript.
alter table sessions add column shown_once text;
alter table sessions add column shown_once_at timestamptz;
alter table sessions add column reauthenticated_at timestamptz;

-- One-time password reset codes an admin issues (the portal sends no email). Only the
-- code's SHA-256 is kept; a code works once, until it expires.
create table password_resets (
    user_id text not null references users (id),
    code_hash text not null,
    issued_by text not null,                  -- the admin's email
    issued_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    primary key (user_id, code_hash)
);
