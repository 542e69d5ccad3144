import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { isIP } from 'node:net';

/**
 * One typed configuration. Sources, later ones winning: defaults, the JSON file named by
 * GATEHOUSE_CONFIG (or ./gatehouse.config.json when present), environment variables.
 * Every key is documented in the README ("Configuration").
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** When set, a PostgreSQL server; otherwise the embedded PGlite under dataDir/db. */
  databaseUrl: string | null;
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: string;
  /** Load the demo data set when the database is empty at start. */
  demo: boolean;
  sessionTtlHours: number;
  /** How long an invitation link (to join a data access request, or to review) stays usable, in days. */
  invitationExpiryDays: number;
  /** scrypt cost parameter N as a power of two (17 = 128 MiB per hash, the OWASP minimum). */
  passwordHashLog2N: number;
  /** Sign-in attempts per account per minute, and failed second-factor codes per user per minute. */
  loginRateLimitPerMinute: number;
  /** Failed sign-ins per client address per minute (all accounts together). */
  loginAddressLimitPerMinute: number;
  /** Consecutive failed sign-ins after which an account is locked (0 = never). */
  loginLockoutAfter: number;
  /** How long the first lockout lasts, in minutes; each lockout in a row lasts twice as long, up to a day. */
  loginLockoutMinutes: number;
  /** Path to the certification quiz (JSON); the bundled quiz when null. */
  quizFile: string | null;
  /** How often the outbox worker looks for work, in milliseconds. */
  outboxPollMs: number;
  /** SMTP: how long opening the connection may take, in milliseconds. */
  smtpConnectionTimeoutMs: number;
  /** SMTP: how long to wait for the server's greeting once connected, in milliseconds. */
  smtpGreetingTimeoutMs: number;
  /** SMTP: how long the connection may stay silent at any later step, in milliseconds. */
  smtpSocketTimeoutMs: number;
  /** How long a worker holds a claimed email before another may take it (its send is cut off at half this), in seconds. */
  outboxLeaseSeconds: number;
  /** How long an email is retried (backoff doubling from 30 s to 30 min) before it is marked failed and admins are told. */
  emailRetryHours: number;
  /** Largest JSON body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Largest uploaded file, in bytes. */
  uploadLimitBytes: number;
  /** Trusted issuers of external account assertions (JSON list; src/groups/externalaccounts.ts reads it). */
  externalAccountIssuers: Record<string, unknown>[];
  /** How long an external account link lasts, in days. */
  externalLinkDays: number;
  /** How often a third-party group's allowlist is fetched again and its members synced, in minutes. */
  allowlistSyncMinutes: number;
  /** How long an allowlist stays valid after it was read, unless the group sets its own; then it counts as empty. */
  allowlistValidityHours: number;
  /** The only directory allowlist files may be read from; DATA_DIR/allowlists when null. */
  allowlistDir: string | null;
  /** The compute orchestrator's webhook that Gatehouse calls to stop runtimes; null when there is none. */
  orchestratorUrl: string | null;
  /** The HMAC-SHA256 key that signs calls to the orchestrator. */
  orchestratorSecret: string | null;
  /** The OpenID Connect provider for single sign-on (its issuer URL); single sign-on is off when null. */
  oidcIssuer: string | null;
  oidcClientId: string | null;
  /** Null for a public client (PKCE alone). */
  oidcClientSecret: string | null;
  /** Shown on the sign-in button: "Sign in with …". */
  oidcDisplayName: string;
  oidcScopes: string;
  /** A first single sign-on creates an account; when false, only existing accounts (linked or by verified email) sign in. */
  oidcAllowSignup: boolean;
  /**
   * Reverse proxies whose X-Forwarded-For / -Proto / -Host are believed (addresses or CIDR ranges, e.g.
   * 10.0.0.0/8, ::1, or the names loopback, linklocal, uniquelocal). Empty: forwarded headers are ignored and
   * the caller's address is the TCP peer's (docs/adr/0015).
   */
  trustedProxies: string[];
  /** Where file bytes live: null for the folder DATA_DIR/blobs, or s3://bucket/prefix (docs/adr/0013). */
  blobStore: string | null;
  /** The S3-compatible endpoint (MinIO, Ceph, …); AWS S3 itself when null. */
  s3Endpoint: string | null;
  /** us-east-1 when null and an endpoint is set; otherwise the SDK's default (AWS_REGION, profile). */
  s3Region: string | null;
  /** Both keys, or neither for the SDK's default credential chain (environment, profile, instance role). */
  s3AccessKeyId: string | null;
  s3SecretAccessKey: string | null;
  /** Path-style addressing (endpoint/bucket/key), as most S3-compatible stores want. */
  s3ForcePathStyle: boolean;
  /** The key that encrypts egress source secrets (base64 of 32 bytes); DATA_DIR/egress-secret.key when null (docs/adr/0016). */
  egressSecretKey: string | null;
  /** Largest body accepted by POST /api/v1/egress/events, in bytes; a larger delivery is refused (and stored, capped). */
  egressBodyLimitBytes: number;
  /** How much of each delivery's raw body is stored, in bytes. */
  egressStoredBodyBytes: number;
  /** Refused egress deliveries stored per sending address and minute; more are counted, not stored, and answered 429. */
  egressRefusedPerAddressPerMinute: number;
  /** After a secret is rotated, how long the previous one keeps verifying, in hours. */
  egressRotationGraceHours: number;
  /** Where a governance incident raised from an audit finding is posted as a ticket (signed JSON); none when null. */
  auditTicketWebhookUrl: string | null;
  /** The HMAC-SHA256 key that signs the ticket webhook's calls (src/audit/incidents.ts). */
  auditTicketWebhookSecret: string | null;
  /** How long the audit's records are kept, in days; null keeps everything. At least 366 (src/audit/retention.ts). */
  recordsRetentionDays: number | null;
  /** Outbound webhooks may go only to these hosts, addresses or CIDR ranges; any public host when empty (src/webhooks/ssrf.ts). */
  webhookAllowedHosts: string[];
  /** How long one webhook attempt may take, connecting included, in milliseconds. */
  webhookTimeoutMs: number;
  /** Webhook attempts in flight at once, per process. */
  webhookConcurrency: number;
  /** How long a webhook delivery is retried before it is marked failed, in hours. */
  webhookRetryHours: number;
  /** After a webhook secret is rotated, how long the previous one still signs too, in hours. */
  webhookRotationGraceHours: number;
  /** How long a GA4GH visa or passport is valid, in seconds (docs/adr/0022). */
  visaLifetimeSeconds: number;
  /** A private ES256 JWK that signs visas; null: keys are generated and kept in the database (src/passport/keys.ts). */
  visaSigningKeyFile: string | null;
  /** The key that seals generated visa signing keys (base64 of 32 bytes); DATA_DIR/keys/visa-kek.key when null. */
  visaKeyEncryptionKey: string | null;
  /** How long a GA4GH DRS access URL may be used after it was handed out, in seconds (src/drs/). */
  drsAccessUrlTtlSeconds: number;
  /** The key that signs DRS access URLs (at least 32 bytes, base64); one made once and kept in the database when null. */
  drsSigningKey: string | null;
}

const defaults: Config = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  databaseUrl: null,
  publicUrl: '',
  smtpUrl: null,
  mailFrom: 'Gatehouse <gatehouse@localhost>',
  logLevel: 'info',
  demo: true,
  sessionTtlHours: 12,
  invitationExpiryDays: 14,
  passwordHashLog2N: 17,
  loginRateLimitPerMinute: 10,
  loginAddressLimitPerMinute: 100,
  loginLockoutAfter: 10,
  loginLockoutMinutes: 15,
  quizFile: null,
  outboxPollMs: 1000,
  smtpConnectionTimeoutMs: 10_000,
  smtpGreetingTimeoutMs: 10_000,
  smtpSocketTimeoutMs: 30_000,
  outboxLeaseSeconds: 300,
  emailRetryHours: 72,
  bodyLimitBytes: 1024 * 1024,
  uploadLimitBytes: 5 * 1024 * 1024 * 1024,
  externalAccountIssuers: [],
  externalLinkDays: 30,
  allowlistSyncMinutes: 360,
  allowlistValidityHours: 24,
  allowlistDir: null,
  orchestratorUrl: null,
  orchestratorSecret: null,
  oidcIssuer: null,
  oidcClientId: null,
  oidcClientSecret: null,
  oidcDisplayName: 'single sign-on',
  oidcScopes: 'openid email profile',
  oidcAllowSignup: true,
  trustedProxies: [],
  blobStore: null,
  s3Endpoint: null,
  s3Region: null,
  s3AccessKeyId: null,
  s3SecretAccessKey: null,
  s3ForcePathStyle: false,
  egressSecretKey: null,
  egressBodyLimitBytes: 4 * 1024 * 1024,
  egressStoredBodyBytes: 64 * 1024,
  egressRefusedPerAddressPerMinute: 120,
  egressRotationGraceHours: 24,
  auditTicketWebhookUrl: null,
  auditTicketWebhookSecret: null,
  recordsRetentionDays: null,
  webhookAllowedHosts: [],
  webhookTimeoutMs: 10_000,
  webhookConcurrency: 4,
  webhookRetryHours: 24,
  webhookRotationGraceHours: 24,
  visaLifetimeSeconds: 3600,
  visaSigningKeyFile: null,
  visaKeyEncryptionKey: null,
  drsAccessUrlTtlSeconds: 300,
  drsSigningKey: null,
};

type Parser = (raw: string) => unknown;
const int: Parser = (raw) => {
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`not an integer: ${raw}`);
  return n;
};
const str: Parser = (raw) => raw;
const bool: Parser = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`not a boolean: ${raw}`);
};
const json: Parser = (raw) => JSON.parse(raw) as unknown;
/** Comma-separated addresses or CIDR ranges, blanks ignored: "10.0.0.1, 192.168.0.0/16, loopback". */
const proxies: Parser = (raw) => {
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  for (const item of items) {
    const [address, bits, extra] = item.split('/');
    const family = isIP(address);
    const ok = ['loopback', 'linklocal', 'uniquelocal'].includes(item)
      || (family !== 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))));
    if (!ok) throw new Error(`not an address or CIDR range: ${item}`);
  }
  return items;
};

/** Environment variable → config key and parser. */
const envKeys: Record<string, [keyof Config, Parser]> = {
  PORT: ['port', int],
  HOST: ['host', str],
  DATA_DIR: ['dataDir', str],
  DATABASE_URL: ['databaseUrl', str],
  PUBLIC_URL: ['publicUrl', str],
  SMTP_URL: ['smtpUrl', str],
  MAIL_FROM: ['mailFrom', str],
  LOG_LEVEL: ['logLevel', str],
  DEMO: ['demo', bool],
  SESSION_TTL_HOURS: ['sessionTtlHours', int],
  INVITATION_EXPIRY_DAYS: ['invitationExpiryDays', int],
  PASSWORD_HASH_LOG2N: ['passwordHashLog2N', int],
  LOGIN_RATE_LIMIT_PER_MINUTE: ['loginRateLimitPerMinute', int],
  LOGIN_ADDRESS_LIMIT_PER_MINUTE: ['loginAddressLimitPerMinute', int],
  LOGIN_LOCKOUT_AFTER: ['loginLockoutAfter', int],
  LOGIN_LOCKOUT_MINUTES: ['loginLockoutMinutes', int],
  QUIZ_FILE: ['quizFile', str],
  OUTBOX_POLL_MS: ['outboxPollMs', int],
  SMTP_CONNECTION_TIMEOUT_MS: ['smtpConnectionTimeoutMs', int],
  SMTP_GREETING_TIMEOUT_MS: ['smtpGreetingTimeoutMs', int],
  SMTP_SOCKET_TIMEOUT_MS: ['smtpSocketTimeoutMs', int],
  OUTBOX_LEASE_SECONDS: ['outboxLeaseSeconds', int],
  EMAIL_RETRY_HOURS: ['emailRetryHours', int],
  BODY_LIMIT_BYTES: ['bodyLimitBytes', int],
  UPLOAD_LIMIT_BYTES: ['uploadLimitBytes', int],
  EXTERNAL_ACCOUNT_ISSUERS: ['externalAccountIssuers', json],
  EXTERNAL_LINK_DAYS: ['externalLinkDays', int],
  ALLOWLIST_SYNC_MINUTES: ['allowlistSyncMinutes', int],
  ALLOWLIST_VALIDITY_HOURS: ['allowlistValidityHours', int],
  ALLOWLIST_DIR: ['allowlistDir', str],
  ORCHESTRATOR_URL: ['orchestratorUrl', str],
  ORCHESTRATOR_SECRET: ['orchestratorSecret', str],
  OIDC_ISSUER: ['oidcIssuer', str],
  OIDC_CLIENT_ID: ['oidcClientId', str],
  OIDC_CLIENT_SECRET: ['oidcClientSecret', str],
  OIDC_DISPLAY_NAME: ['oidcDisplayName', str],
  OIDC_SCOPES: ['oidcScopes', str],
  OIDC_ALLOW_SIGNUP: ['oidcAllowSignup', bool],
  TRUSTED_PROXIES: ['trustedProxies', proxies],
  BLOB_STORE: ['blobStore', str],
  S3_ENDPOINT: ['s3Endpoint', str],
  S3_REGION: ['s3Region', str],
  S3_ACCESS_KEY_ID: ['s3AccessKeyId', str],
  S3_SECRET_ACCESS_KEY: ['s3SecretAccessKey', str],
  S3_FORCE_PATH_STYLE: ['s3ForcePathStyle', bool],
  EGRESS_SECRET_KEY: ['egressSecretKey', str],
  EGRESS_BODY_LIMIT_BYTES: ['egressBodyLimitBytes', int],
  EGRESS_STORED_BODY_BYTES: ['egressStoredBodyBytes', int],
  EGRESS_REFUSED_PER_ADDRESS_PER_MINUTE: ['egressRefusedPerAddressPerMinute', int],
  EGRESS_ROTATION_GRACE_HOURS: ['egressRotationGraceHours', int],
  AUDIT_TICKET_WEBHOOK_URL: ['auditTicketWebhookUrl', str],
  AUDIT_TICKET_WEBHOOK_SECRET: ['auditTicketWebhookSecret', str],
  RECORDS_RETENTION_DAYS: ['recordsRetentionDays', int],
  WEBHOOK_ALLOWED_HOSTS: ['webhookAllowedHosts', (raw) => raw.split(',').map((h) => h.trim()).filter(Boolean)],
  WEBHOOK_TIMEOUT_MS: ['webhookTimeoutMs', int],
  WEBHOOK_CONCURRENCY: ['webhookConcurrency', int],
  WEBHOOK_RETRY_HOURS: ['webhookRetryHours', int],
  WEBHOOK_ROTATION_GRACE_HOURS: ['webhookRotationGraceHours', int],
  VISA_LIFETIME_SECONDS: ['visaLifetimeSeconds', int],
  VISA_SIGNING_KEY_FILE: ['visaSigningKeyFile', str],
  VISA_KEY_ENCRYPTION_KEY: ['visaKeyEncryptionKey', str],
  DRS_ACCESS_URL_TTL_SECONDS: ['drsAccessUrlTtlSeconds', int],
  DRS_SIGNING_KEY: ['drsSigningKey', str],
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = { ...defaults };
  const file = env.GATEHOUSE_CONFIG ?? (existsSync('gatehouse.config.json') ? 'gatehouse.config.json' : null);
  if (file) {
    const fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(fromFile)) {
      if (!(key in defaults)) throw new Error(`${file}: unknown configuration key "${key}"`);
      (config as unknown as Record<string, unknown>)[key] = value;
    }
  }
  for (const [name, [key, parse]] of Object.entries(envKeys)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    try {
      (config as unknown as Record<string, unknown>)[key] = parse(raw);
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}`);
    }
  }
  Object.assign(config, overrides);
  config.dataDir = path.resolve(config.dataDir);
  if (!config.publicUrl) config.publicUrl = `http://localhost:${config.port}`;
  config.publicUrl = config.publicUrl.replace(/\/+$/, '');
  // The audit reads the two quarters before it and the annual report two audits: four quarters at least.
  if (config.recordsRetentionDays !== null && !(config.recordsRetentionDays >= 366)) {
    throw new Error(`RECORDS_RETENTION_DAYS is ${config.recordsRetentionDays}, but the audit needs at least four quarters of records: `
      + 'set 366 days or more, or leave it unset to keep every record.');
  }
  if (!(config.visaLifetimeSeconds >= 60 && config.visaLifetimeSeconds <= 86_400)) {
    throw new Error(`VISA_LIFETIME_SECONDS is ${config.visaLifetimeSeconds}; visas are short-lived by design (docs/adr/0022): set 60 to 86400 seconds.`);
  }
  if (!(config.drsAccessUrlTtlSeconds >= 10 && config.drsAccessUrlTtlSeconds <= 86_400)) {
    throw new Error(`DRS_ACCESS_URL_TTL_SECONDS is ${config.drsAccessUrlTtlSeconds}; set between 10 seconds and a day (86400).`);
  }
  if (config.drsSigningKey !== null && Buffer.from(config.drsSigningKey, 'base64').length < 32) {
    throw new Error('DRS_SIGNING_KEY must be at least 32 bytes in base64 (e.g. openssl rand -base64 32).');
  }
  return config;
}
