import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSignature, parseSignatureHeader, sign, signatureHeader } from './signature.js';
import { loadEgressKey, secretBox } from './secretbox.js';

const body = Buffer.from('{"eventId":"e1","bytes":1}');
const T = 1_764_700_800;

describe('the signature scheme', () => {
  it('is HMAC-SHA256 of "<t>.<body>" in hex, as documented', () => {
    expect(sign('s3cret', T, body)).toBe(createHmac('sha256', 's3cret').update(`${T}.${body.toString()}`).digest('hex'));
  });

  it('verifies with any active secret and any of several v1 values; refuses others, and timestamps over 300 s off', () => {
    const header = parseSignatureHeader(signatureHeader(T, [sign('old', T, body), sign('new', T, body)]))!;
    expect(checkSignature(header, body, ['new'], T)).toBe('ok');
    expect(checkSignature(header, body, ['old'], T)).toBe('ok');
    expect(checkSignature(header, body, ['other'], T)).toBe('mismatch');
    expect(checkSignature(header, Buffer.from('{"eventId":"e1","bytes":2}'), ['new'], T)).toBe('mismatch');
    expect(checkSignature(header, body, [], T)).toBe('mismatch');
    expect(checkSignature(header, body, ['new'], T + 300)).toBe('ok');
    expect(checkSignature(header, body, ['new'], T + 301)).toBe('stale');
    expect(checkSignature(header, body, ['new'], T - 301)).toBe('future');
  });

  it('refuses headers not of the form t=…,v1=…', () => {
    for (const bad of [undefined, '', 'v1=' + 'a'.repeat(64), `t=${T}`, `t=${T},v1=zz`, `t=abc,v1=${'a'.repeat(64)}`, `t=${T},t=${T},v1=${'a'.repeat(64)}`, 'garbage']) {
      expect(parseSignatureHeader(bad), String(bad)).toBeNull();
    }
    expect(parseSignatureHeader(`t=${T}, v0=old, v1=${'A'.repeat(64)}`)).toMatchObject({ timestamp: T });
  });
});

describe('the secret box', () => {
  it('opens what it sealed; under another key, or damaged, it opens nothing (fail closed)', () => {
    const box = secretBox(randomBytes(32));
    const sealed = box.seal('gh_egs_abc');
    expect(sealed).not.toContain('gh_egs_abc');
    expect(box.open(sealed)).toBe('gh_egs_abc');
    expect(secretBox(randomBytes(32)).open(sealed)).toBeNull();
    expect(box.open(sealed.slice(0, -2) + 'AA')).toBeNull();
    expect(box.open('not.sealed')).toBeNull();
  });

  it('generates its key once under DATA_DIR, readable by the owner alone, and takes a configured key instead', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-key-'));
    try {
      const key = loadEgressKey(null, dir);
      expect(loadEgressKey(null, dir).equals(key)).toBe(true);
      const file = path.join(dir, 'egress-secret.key');
      expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(key)).toBe(true);
      expect(statSync(file).mode & 0o077).toBe(0);
      const configured = randomBytes(32);
      expect(loadEgressKey(configured.toString('base64'), dir).equals(configured)).toBe(true);
      expect(() => loadEgressKey('c2hvcnQ=', dir)).toThrow(/32 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
