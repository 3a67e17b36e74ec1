-- Issue 14: actions agreed for a person (on the record, at a review, from a C(E)TR or at a
-- DSR meeting): what, who owns it, by when, and its dated updates. The owner is kept as
-- the app's JSON, with their account and agency as columns for "My actions".
create table actions (
    id text primary key,
    person_id text not null references people (id),
    what text not null,
    owner text not null,
    owner_user text,                          -- the owner's account, when they have one
    owner_agency text not null,               -- the owner's agency's name ('' when none)
    agreed_due date not null,                 -- the due date as agreed
    source text not null check (source in ('record', 'review', 'ctr', 'meeting')),
    status text not null check (status in ('open', 'done', 'cancelled')),
    due_on date not null,                     -- the due date now
    version bigint not null check (version >= 1),
    created_by text not null,
    created_at timestamptz not null
);
create index actions_person on actions (person_id, status, due_on);
create index actions_owner_user on actions (owner_user, status, due_on);
create index actions_owner_agency on actions (owner_agency, status, due_on);

-- every update of every action, oldest first: append-only
create table action_updates (
    id bigint generated always as identity primary key,
    action_id text not null references actions (id),
    person_id text not null references people (id),
    version bigint not null,
    status text not null check (status in ('open', 'done', 'cancelled')),
    due_on date not null,
    note text not null,
    updated_by text not null,
    updated_at timestamptz not null
);
create index action_updates_action on action_updates (action_id, id);
create trigger action_updates_append_only before update or delete on action_updates
    for each row execute function refuse_change();
