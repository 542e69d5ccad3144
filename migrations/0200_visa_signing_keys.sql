-- GA4GH Passport (SPEC §13): the ES256 keys that sign visas and passports, shared by every process of a
-- deployment through this table (docs/adr/0022). The private key is sealed (AES-256-GCM) under the visa
-- key-encryption key (VISA_KEY_ENCRYPTION_KEY, or DATA_DIR/keys/visa-kek.key); a key read from
-- VISA_SIGNING_KEY_FILE keeps its private half in that file only.
CREATE TABLE visa_signing_keys (
  kid text PRIMARY KEY,
  public_jwk jsonb NOT NULL,
  private_jwk_sealed text,
  source text NOT NULL CHECK (source IN ('generated', 'file')),
  created_at timestamptz NOT NULL,
  -- Set when another key took over signing; the key is still published while visas it signed are unexpired.
  retired_at timestamptz,
  retired_by bigint REFERENCES users (id),
  -- The latest exp of anything signed with this key: /.well-known/jwks.json lists a retired key until then.
  last_expires_at timestamptz,
  CHECK (source = 'file' OR private_jwk_sealed IS NOT NULL)
);
-- One key signs at a time: two processes starting at once cannot both create one.
CREATE UNIQUE INDEX visa_signing_keys_one_active ON visa_signing_keys ((true)) WHERE retired_at IS NULL;
