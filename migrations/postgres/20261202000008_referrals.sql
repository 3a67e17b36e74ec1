-- Issue 5: referrals from families and professionals, their triage, and consent records.

-- One row per referral. `idempotency_key` is chosen by the browser for its draft: however
-- often a submit is retried, at most one referral exists for it. `content_hash` is the
-- SHA-256 of the checked answers, so a key reused with different answers is refused.
create table referrals (
    id text primary key,                      -- random uuid
    reference text not null unique,           -- what the referrer is told, e.g. R-7K4M-2Q9P
    idempotency_key text not null unique,
    content_hash text not null,
    kind text not null check (kind in ('family', 'professional')),
    status text not null check (status in ('new', 'in_triage', 'more_information', 'accepted', 'not_eligible')),
    answers text not null,                    -- the checked answers, as JSON
    given_name text not null,                 -- copied from the answers for listing and matching
    family_name text not null,
    date_of_birth date not null,
    nhs_number text,
    referrer_id text references users (id),   -- the professional, on a professional referral
    client text not null,                     -- the sender's address, for the rate limit
    received_at timestamptz not null,
    person_id text references people (id),    -- set when accepted
    version bigint not null default 1
);
create index referrals_status on referrals (status, received_at);
create index referrals_client on referrals (client, received_at);

-- Everything done in triage: contacts made, notes, and each change of status with its reason.
create table referral_events (
    id bigint generated always as identity primary key,
    referral_id text not null references referrals (id),
    kind text not null check (kind in ('contact', 'note', 'status')),
    status text,                              -- the new status, for kind 'status'
    body text not null,
    actor text not null,
    at timestamptz not null
);
create index referral_events_referral on referral_events (referral_id, id);
create trigger referral_events_append_only before update or delete on referral_events
    for each row execute function refuse_change();

-- Agreement to be on the register: who consented, how and when; or, where the person
-- lacks capacity, the best-interests decision (who decided, when, why).
create table consents (
    id bigint generated always as identity primary key,
    person_id text not null references people (id),
    kind text not null check (kind in ('consent', 'best_interests')),
    given_by text not null,                   -- who consented, or who made the decision
    method text not null,                     -- how consent was given, or the decision-maker's role
    decided_on date not null,
    reason text not null,                     -- notes, or why the decision is in their best interests
    recorded_by text not null,
    recorded_at timestamptz not null
);
create index consents_person on consents (person_id, id);
create trigger consents_append_only before update or delete on consents
    for each row execute function refuse_change();
