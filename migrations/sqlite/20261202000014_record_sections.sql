-- Issue 13: sections of a person's record beyond the card (the narrative, the keyworker,
-- ...), each saved and versioned on its own. The content is the section's JSON, written
-- and read only through the app's typed models.
create table record_sections (
    person_id text not null references people (id),
    section text not null,                    -- narrative | keyworker | ...
    body text not null,                       -- the section's content, JSON
    version integer not null check (version >= 1),
    changed_by text not null,                 -- who saved this version (name)
    changed_at text not null,                 -- utc timestamp
    primary key (person_id, section)
);

-- every version of every section ever saved: the record's history
create table record_section_history (
    id integer primary key autoincrement,
    person_id text not null references people (id),
    section text not null,
    body text not null,
    version integer not null,
    changed_by text not null,
    changed_at text not null
);
create index record_section_history_person on record_section_history (person_id, id);
create trigger record_section_history_append_only_update before update on record_section_history
begin select raise(abort, 'record_section_history is append-only'); end;
create trigger record_section_history_append_only_delete before delete on record_section_history
begin select raise(abort, 'record_section_history is append-only'); end;
