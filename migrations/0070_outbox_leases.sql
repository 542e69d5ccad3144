-- Outbox leases (ADR 0006): a worker claims a message in one short transaction by writing a lease, sends it
-- with no transaction open, and records the outcome only while it still holds that lease. A worker that dies
-- mid-send leaves a lease that expires, and the message becomes due again.
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
-- Who holds the lease: a random token per claim, so that an outcome is recorded only by the lease holder.
ALTER TABLE outbox ADD COLUMN claim_token text;
-- One Message-ID for every attempt, so that a receiver can drop a duplicate; set at the first claim.
ALTER TABLE outbox ADD COLUMN message_id text;
-- Start of the current retry period (created_at until an admin retries a message); retries stop after
-- EMAIL_RETRY_HOURS from here.
ALTER TABLE outbox ADD COLUMN retry_from timestamptz;
-- When the worker gave up on a message (status failed).
ALTER TABLE outbox ADD COLUMN failed_at timestamptz;
CREATE INDEX outbox_failed ON outbox (failed_at) WHERE status = 'failed';
