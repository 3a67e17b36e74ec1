-- Issue 11: approvals need a second person where it matters. A request sent at /join keeps
-- the client's address and, if the sender was signed in, the stored hash of their session
-- (never the token), so that nobody approves a request sent from their own session or
-- computer. An approval keeps who gave it (the admin's email) and when. Accounts made
-- before this, or by `dsr admin create`, have none of these.
alter table users add column registered_client text;
alter table users add column registered_session text;
alter table users add column approved_by text;
alter table users add column approved_at text;
