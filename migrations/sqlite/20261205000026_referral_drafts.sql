-- Issue 16: a family's self-referral filled in without JavaScript keeps its answers here
-- between pages. A row is found by a keyed digest of a random cookie (never the cookie
-- itself); its answers are sealed under DSR_SECRET_KEY (bound to the row), because they
-- are health information nobody has triaged yet. Once sent, the answers are emptied and
-- the reference kept, so a second post of the same page shows the same reference. Rows
-- are deleted when they expire (DSR_DRAFT_DAYS after the last change) or on request.
create table referral_drafts (
    id text primary key,
    idempotency_key text not null,
    answers text not null,
    reference text,
    client text not null,
    created_at text not null,
    expires_at text not null
);
create index referral_drafts_expiry on referral_drafts (expires_at);
create index referral_drafts_client on referral_drafts (client, created_at);
