-- Outbound webhooks (SPEC §12; docs/adr/0023): subscriptions of storage systems to access events, the events
-- (written in the transaction of the change, through appendAudit) and one delivery per event and subscription.

CREATE TABLE webhook_subscriptions (
  id bigserial PRIMARY KEY,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL
);

-- Secrets are needed in clear to sign, so they are kept encrypted (the egress secret box, docs/adr/0016). While
-- a rotation's grace period runs, two are active and every delivery carries a signature by each.
CREATE TABLE webhook_secrets (
  id bigserial PRIMARY KEY,
  subscription_id bigint NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  secret_encrypted text NOT NULL,
  hint text NOT NULL,
  created_at timestamptz NOT NULL,
  -- When it stops signing; null while open-ended.
  retired_at timestamptz
);
CREATE INDEX webhook_secrets_subscription ON webhook_secrets (subscription_id);

-- One row per event; its id is the Gatehouse-Webhook-Id of every delivery of it (receivers drop duplicates by
-- it). The body is fixed at the change, so every attempt sends (and signs) the same bytes.
CREATE TABLE webhook_events (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  body text NOT NULL
);

CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  subscription_id bigint NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_id uuid NOT NULL REFERENCES webhook_events (id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- Start of the retry period (created_at until an admin redelivers); retries stop WEBHOOK_RETRY_HOURS after it.
  retry_from timestamptz NOT NULL,
  -- The outbox's lease (migration 0070): a worker that dies mid-send leaves a lease that ends, and the delivery
  -- is due again.
  claimed_until timestamptz,
  claim_token text,
  last_status int,
  last_error text,
  last_latency_ms int,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  failed_at timestamptz,
  created_at timestamptz NOT NULL,
  UNIQUE (event_id, subscription_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC);
