-- Verifiable download records (issue 8, SPEC §1.6, docs/adr/0014): every download record gets a hash of its own
-- at insert, and a sealing job puts each batch of records into the hash-chained audit log as one
-- `downloads.sealed` entry (ids, count, batch hash). `gatehouse log verify` then catches a record that was deleted,
-- altered or added after it was sealed, and a record sealed later than the bound allows.

-- SHA-256 of the record's canonical content (src/auditlog/downloads.ts). Null only for records written before
-- this migration; the first seal computes theirs.
ALTER TABLE download_records ADD COLUMN hash text;
-- The audit_log seq of the `downloads.sealed` entry that sealed this record; null until sealed. No foreign key:
-- audit_log rows are trusted only through the chain, and verification checks this link itself.
ALTER TABLE download_records ADD COLUMN sealed_seq bigint;

-- What the sealer takes next, in id order.
CREATE INDEX download_records_unsealed ON download_records (id) WHERE sealed_seq IS NULL;
-- The records of one batch, for verification.
CREATE INDEX download_records_sealed ON download_records (sealed_seq, id) WHERE sealed_seq IS NOT NULL;
-- The seals, in order, without walking the rest of the log.
CREATE INDEX audit_log_download_seals ON audit_log (seq) WHERE action = 'downloads.sealed';
