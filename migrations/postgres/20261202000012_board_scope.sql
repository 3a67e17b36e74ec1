-- Issue 12: an agency's wider brief view. Beyond the people they are linked to, an
-- agency's professionals see brief cards (name, rating, review date) of: 'off' nobody
-- (the default), 'children', 'adults' or 'all'. Set by a coordinator, audited.
alter table agencies add column brief_view text not null default 'off'
    check (brief_view in ('off', 'children', 'adults', 'all'));
