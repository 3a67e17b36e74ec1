-- Issue 15: a DSR meeting's agenda, chosen when it is set up (everyone rated Blue, Red or
-- Amber, Greens whose review is due by its day, people new since the last meeting) and
-- changed by its chair or note-taker as it runs. Someone taken off keeps their row, with
-- who took them off and when.
create table meeting_agenda (
    meeting_id text not null references meetings (id),
    person_id text not null references people (id),
    added_by text not null,
    added_at timestamptz not null,
    removed_by text,
    removed_at timestamptz,
    primary key (meeting_id, person_id)
);
create index meeting_agenda_person on meeting_agenda (person_id);
