-- Issue 13: sections of a person's record beyond the card (the narrative, the keyworker,
-- ...), each saved and versioned on its own. The content is the section's JSON, written
-- and read only through the app's typed models.
create table record_sections (
    person_id text not null references people (id),
    section text not null,                    -- narrative | keyworker | ...
    body text not null,                       -- the section's content, JSON
    version bigint not null check (version >= 1),
    changed_by text not null,                 -- who saved this version (name)
    changed_at timestamptz not null,
    primary key (person_id, section)
);

-- every version of every section ever saved: the record's history
create table record_section_history (
    id bigint generated always as identity primary key,
    person_id text not null references people (id),
    section text not null,
    body text not null,
    version bigint not null,
    changed_by text not null,
    changed_at timestamptz not null
);
create index record_section_history_person on record_section_history (person_id, id);
create trigger record_section_history_append_only before update or delete on record_section_history
    for each row execute function refuse_change();
