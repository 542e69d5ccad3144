-- Sign-in hardening (issue 8): limits shared by every process, account lockout, TOTP replay, single-use SSO
-- second steps, and tokens revoked for good when an account is disabled.

-- Counters of sign-in attempts, one row per (scope, key), in fixed one-minute windows (src/identity/signinlimits.ts).
-- scope 'address': failed sign-ins from one client address; 'account': attempts for one username (the account's
-- own username when it exists, else the name as typed, so that unknown names behave like known ones); other
-- scopes: attempts at a guessable step of a signed-in user (e.g. 'twofactor:<route>' keyed by user id).
-- failures, lockouts and locked_until are the account lockout: consecutive failures since the last success,
-- how many lockouts in a row (each one longer), and until when the account refuses sign-in.
CREATE TABLE signin_limits (
  scope text NOT NULL,
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  lockouts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  PRIMARY KEY (scope, key)
);
CREATE INDEX signin_limits_window ON signin_limits (window_start);

-- RFC 6238 §5.2: the time step of the last accepted TOTP code; a code of that step or an earlier one is refused.
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;

-- The pending second step of a single sign-on for an account with 2FA. id = SHA-256 of the secret in the
-- browser's cookie; the row is deleted when the step succeeds, so that the cookie cannot start a second session.
CREATE TABLE oidc_second_steps (
  id text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  issuer text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_second_steps_expiry ON oidc_second_steps (expires_at);

-- Why a token was revoked: null by its owner, 'account-disabled' when the account was disabled (docs/adr/0009).
ALTER TABLE access_tokens ADD COLUMN revoked_reason text;
