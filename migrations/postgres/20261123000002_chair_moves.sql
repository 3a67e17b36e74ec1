-- DSR meetings: the chair's moves from person to person are change-log entries of kind
-- 'chair_moved' (no record changes), so attendees on any server instance can follow them.
-- This index finds the chair's latest move without reading the whole log.
create index change_log_kind on change_log (kind, id);
