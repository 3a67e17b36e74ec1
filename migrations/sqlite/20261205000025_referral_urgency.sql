-- Issue 16: how urgent the referrer says things are, so triage sees the most urgent
-- referrals first and the oldest first within each level. Copied from the answers (like
-- the name and date of birth) so the inbox can sort on it.
-- Referrals sent before the form asked count as not urgent: they keep the oldest-first
-- place they had, and their answers (which have no urgency) read as not urgent too.
alter table referrals add column urgency text not null default 'not_urgent'
    check (urgency in ('urgent', 'soon', 'not_urgent'));
