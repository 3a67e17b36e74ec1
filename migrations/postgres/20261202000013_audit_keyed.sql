-- The audit chain becomes keyed: rows written from now on carry an hmac-sha256 under a key
-- derived from the service's key (held apart from the database) instead of a plain
-- sha-256, so a database writer cannot recompute the chain after an edit. Existing rows
-- keep their plain hash (chain 1) and are never rewritten; new rows are chain 2.
alter table audit_log add column chain bigint not null default 1;
