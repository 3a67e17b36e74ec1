-- The audit trail: who did what to which record, when and from where. Append-only, and each
-- row carries the hash of the row before it and of its own content, so an edit made straight
-- in the database breaks the chain and `dsr audit verify` names the row.
create table audit_log (
    id bigint primary key,                    -- 1, 2, 3, … with no gaps (set by the app)
    at timestamptz not null,
    actor text not null,                      -- who
    action text not null,                     -- what, e.g. person_viewed, rating_changed
    person_id text,                           -- which record, if any
    detail text not null default '',
    client text not null default '',          -- client address
    prev_hash text not null,                  -- hash of row id - 1 (64 zeros for the first)
    hash text not null                        -- sha-256 of this row's content and prev_hash
);
create index audit_log_person on audit_log (person_id, id);
create index audit_log_actor on audit_log (actor, id);

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change();
