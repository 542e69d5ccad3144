-- GA4GH DRS (src/drs/): the SHA-256 of every blob beside its MD5, computed as the bytes stream in from now on;
-- blobs stored before this migration get theirs from a job (src/drs/checksums.ts) that reads the bytes once. It
-- takes blobs in batches under a lease (sha256_claimed_at), so that several processes share the work and a
-- process that died mid-way leaves its blobs to the next after the lease ran out.
ALTER TABLE blobs ADD COLUMN sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$');
ALTER TABLE blobs ADD COLUMN sha256_claimed_at timestamptz;
CREATE INDEX blobs_missing_sha256 ON blobs (id) WHERE sha256 IS NULL;

-- A download through a DRS access URL is recorded as such (src/entities/downloads.ts ClientKind).
ALTER TABLE download_records DROP CONSTRAINT download_records_client_kind_check;
ALTER TABLE download_records ADD CONSTRAINT download_records_client_kind_check
  CHECK (client_kind IN ('web', 'token', 'runtime', 'anonymous', 'drs'));

-- The key that signs DRS access URLs when DRS_SIGNING_KEY is not configured: made once, by whichever process
-- asks first, and shared by every process through the database.
CREATE TABLE drs_signing_key (
  id int PRIMARY KEY CHECK (id = 1),
  secret text NOT NULL,
  created_at timestamptz NOT NULL
);
