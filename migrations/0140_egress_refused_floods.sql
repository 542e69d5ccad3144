-- Refused egress deliveries beyond a rate (src/egress/ingest.ts): every refused delivery is stored with its body
-- (docs/adr/0016), but an address that keeps sending refused ones (a broken monitor in a loop, or someone probing)
-- would fill the database. Past EGRESS_REFUSED_PER_ADDRESS_PER_MINUTE in a minute, the deliveries of that address
-- are counted here, one row per address and minute, instead of stored one by one, and answered 429.
CREATE TABLE egress_refused_floods (
  remote_address text NOT NULL,
  minute timestamptz NOT NULL,
  deliveries integer NOT NULL CHECK (deliveries > 0),
  -- The last one's source name as sent and reason, to tell what is going on.
  source_name text,
  last_reason text NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (remote_address, minute)
);
CREATE INDEX egress_refused_floods_minute ON egress_refused_floods (minute DESC);

-- How many refused deliveries an address sent in the last minute.
CREATE INDEX egress_deliveries_refused_address ON egress_deliveries (remote_address, received_at) WHERE result = 'refused';
