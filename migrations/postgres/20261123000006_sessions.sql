-- Server-side sessions. The cookie carries a random id; only its SHA-256 is stored, so a
-- copy of this table cannot be replayed as a cookie. A session ends at logout, when its
-- account is disabled, after 30 minutes idle or 12 hours in all (settings).
create table sessions (
    id_hash text primary key,                 -- sha-256 (hex) of the cookie's id
    user_id text not null references users (id),
    client text not null default '',          -- address it was started from
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    ended_at timestamptz                              -- null while it may be used
);
create index sessions_user on sessions (user_id, created_at);
