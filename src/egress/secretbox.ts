import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadOrCreateKey } from '../infra/keyfile.js';

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
  return loadOrCreateKey('EGRESS_SECRET_KEY', configured, path.join(dataDir, 'egress-secret.key'));
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
