import { describe, expect, it } from 'vitest';
import { linkedIdentitiesValue, parseLinkedIdentities, requirementIdFromUrl, visaDrafts, type PassportSnapshot } from './visas.js';

const settings = { publicUrl: 'https://gh.example.org', lifetimeSeconds: 3600 };
const now = new Date('2026-03-02T09:00:00Z');
const at = (iso: string) => new Date(iso);
const base: PassportSnapshot = { userId: 7, disabled: false, terms: null, validatedAt: null, approvals: [], links: [] };

describe('visaDrafts', () => {
  it('a visa ends at the lifetime, or at the approval\'s expiry when that comes first; an expired approval gives none', () => {
    const drafts = visaDrafts({
      ...base,
      approvals: [
        { id: 1, accessRequirementId: 10, type: 'ManagedACT', name: 'Long', grantedAt: at('2026-01-01T00:00:00Z'), expiresOn: null },
        { id: 2, accessRequirementId: 11, type: 'ManagedACT', name: 'Soon', grantedAt: at('2026-01-01T00:00:00Z'), expiresOn: at('2026-03-02T09:10:00Z') },
        { id: 3, accessRequirementId: 12, type: 'ManagedACT', name: 'Over', grantedAt: at('2026-01-01T00:00:00Z'), expiresOn: at('2026-03-02T09:00:00Z') },
        { id: 4, accessRequirementId: 13, type: 'SelfSign', name: 'Click', grantedAt: at('2026-02-01T00:00:00Z'), expiresOn: null },
      ],
    }, settings, now);
    const nowS = now.getTime() / 1000;
    expect(drafts.map((d) => [d.visa.type, d.approvalId, d.exp])).toEqual([
      ['ControlledAccessGrants', 1, nowS + 3600],
      ['ControlledAccessGrants', 2, nowS + 600],
      ['AcceptedTermsAndPolicies', 4, nowS + 3600],
    ]);
    expect(drafts[0].visa).toEqual({
      type: 'ControlledAccessGrants', asserted: Date.parse('2026-01-01T00:00:00Z') / 1000,
      value: 'https://gh.example.org/access-requirements/10', source: 'https://gh.example.org/teams/5', by: 'dac',
    });
  });

  it('a disabled account holds no visa at all', () => {
    expect(visaDrafts({ ...base, disabled: true, terms: { version: 'v1', acceptedAt: now }, validatedAt: now }, settings, now)).toEqual([]);
  });

  it('ResearcherStatus only while validated, asserted when validated', () => {
    expect(visaDrafts(base, settings, now)).toEqual([]);
    const [d] = visaDrafts({ ...base, validatedAt: at('2026-02-01T12:00:00Z') }, settings, now);
    expect(d.visa).toMatchObject({ type: 'ResearcherStatus', by: 'so', asserted: Date.parse('2026-02-01T12:00:00Z') / 1000 });
  });
});

describe('LinkedIdentities values', () => {
  it('URI-encodes sub and iss so that "," and ";" cannot break the list, and reads back', () => {
    const links = [{ subject: 'a,b;c', issuer: 'https://idp.example.org/x' }, { subject: '42', issuer: 'https://era.example.org' }];
    const value = linkedIdentitiesValue(links);
    expect(value).toBe('a%2Cb%3Bc,https%3A%2F%2Fidp.example.org%2Fx;42,https%3A%2F%2Fera.example.org');
    expect(parseLinkedIdentities(value)).toEqual(links);
  });
});

describe('requirementIdFromUrl', () => {
  it('reads only this issuer\'s AR URLs', () => {
    expect(requirementIdFromUrl(settings.publicUrl, 'https://gh.example.org/access-requirements/12')).toBe(12);
    expect(requirementIdFromUrl(settings.publicUrl, 'https://other.example.org/access-requirements/12')).toBeNull();
    expect(requirementIdFromUrl(settings.publicUrl, 'https://gh.example.org/access-requirements/12/x')).toBeNull();
  });
});
