-- Issue 14: what the policy clock asks for, kept on each person's row with every change to
-- their record, so the board shows the next item due and filters without reading records.
-- policy_dues: each open item as rule:due or rule:due:until (the day it lapses), soonest
-- first, comma separated ('' for none; '?' until first computed, which the server does at
-- start for rows from before this column). ctr_due: the earliest open C(E)TR, emergency
-- protocol meeting or oversight visit. keyworker_until: while a keyworker is asked for and
-- none is named, the day it lapses (the 26th birthday).
alter table people add column policy_dues text not null default '?';
alter table people add column ctr_due date;
alter table people add column keyworker_until date;
