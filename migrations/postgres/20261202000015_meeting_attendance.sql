-- Issue 12: who attends a DSR meeting. A coordinator marks an agency as attending; its
-- professionals then see the running meeting's agenda as brief cards, and where the chair
-- is, until `attending_until` (a few hours after it was marked). Null: not attending.
alter table agencies add column attending_until timestamptz;
