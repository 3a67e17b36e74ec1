-- Staff accounts. A professional registers and is pending until an admin approves or
-- rejects them; the first admin is made with `dsr admin create`. Passwords are kept only
-- as argon2id hashes.
create table users (
    id text primary key,                      -- random uuid
    email text not null unique,               -- lower-cased
    full_name text not null,
    job_title text not null default '',
    role text not null check (role in ('admin', 'coordinator', 'professional')),
    status text not null check (status in ('pending', 'active', 'rejected', 'disabled')),
    status_reason text not null default '',   -- why rejected or disabled
    password_hash text not null,              -- argon2id, PHC string
    created_at text not null
);
