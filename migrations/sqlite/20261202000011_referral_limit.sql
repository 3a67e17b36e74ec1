-- Issues 11 and 12: the public referral form's hidden field (a trap for robots), tallied
-- instead of audited hit by hit. SQLite flavour: timestamps are ISO-8601 text.

-- One row per client address per clock hour (UTC): how many sends filled in the hidden
-- field. Only the first hit of the hour is audited; the rest are counted here. Hits count
-- against DSR_REFERRALS_PER_HOUR together with the client's referrals.
create table referral_trap_hits (
    client text not null,                     -- the sender's address
    hour text not null,                       -- the start of the clock hour
    hits integer not null,
    primary key (client, hour)
);
