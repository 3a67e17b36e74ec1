-- Issue 14: when each of a person's open actions is due (yyyy-mm-dd, soonest first,
-- separated by commas; '' for none), kept on their row with each change to their actions
-- so the board shows open and overdue counts without reading the actions.
alter table people add column action_dues text not null default '';
