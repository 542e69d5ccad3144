import { createHash, randomBytes } from 'node:crypto';

/** A random secret to hand out once (session cookie, access token, recovery code). */
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Secrets are stored as their SHA-256: they have enough entropy that a slow hash adds nothing. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const TOKEN_PREFIX = 'gh_pat_';
