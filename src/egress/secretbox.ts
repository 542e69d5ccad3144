import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Egress source secrets are needed in clear to verify an HMAC, so they cannot be stored as hashes. They are kept
 * encrypted with AES-256-GCM under one key (docs/adr/0016): EGRESS_SECRET_KEY when set (base64 of 32 bytes, the
 * same for every process of a deployment), otherwise a key generated on first use in DATA_DIR/egress-secret.key.
 * A secret that cannot be decrypted (a different key) never verifies: the delivery is refused (fail closed).
 */
export interface SecretBox {
  seal(secret: string): string;
  /** The secret, or null when it was sealed under another key or is damaged. */
  open(sealed: string): string | null;
}

export function loadEgressKey(configured: string | null, dataDir: string): Buffer {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('EGRESS_SECRET_KEY must be 32 bytes in base64 (e.g. openssl rand -base64 32).');
    return key;
  }
  const file = path.join(dataDir, 'egress-secret.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key in base64.`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // wx: two processes starting at once do not overwrite each other's key; the loser reads the winner's.
  try {
    writeFileSync(file, key.toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadEgressKey(null, dataDir);
    throw err;
  }
}

export function secretBox(key: Buffer): SecretBox {
  return {
    seal(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return [iv, data, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
    },
    open(sealed) {
      const [iv, data, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
      if (!iv || !data || !tag || iv.length !== 12 || tag.length !== 16) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
