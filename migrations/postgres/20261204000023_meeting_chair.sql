-- Issue 15: the chair of the day's DSR meeting is held on the server, so it survives a
-- reload and there is one chair at a time. One row per day (UK date); `user_id` is null
-- once the chair stops. `version` moves on at every take, hand-over and stop: a take
-- names the version its taker saw, so of two people pressing "chair" at once one wins.
create table meeting_chairs (
    held_on date primary key,
    user_id text references users (id),
    name text,
    version bigint not null check (version >= 1),
    since timestamptz not null
);
