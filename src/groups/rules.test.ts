import { describe, expect, it } from 'vitest';
import { AllowlistFormatError, eligibleUsers, groupNameProblem, isAllowlistFresh, parseAllowlist, planSync } from './rules.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR);

describe('group names', () => {
  it('letters, digits, "-" and "_", at most 60 characters', () => {
    expect(groupNameProblem('TCGA-dbGaP_Authorized2')).toBeNull();
    expect(groupNameProblem('a'.repeat(60))).toBeNull();
    expect(groupNameProblem('a'.repeat(61))).toBe('A group name has at most 60 characters.');
    expect(groupNameProblem('')).toBe('Give the group a name.');
    for (const bad of ['my group', 'lab.x', 'é', 'a/b', 'x!']) {
      expect(groupNameProblem(bad)).toBe('A group name may contain only letters, digits, "-" and "_".');
    }
  });
});

describe('reading an allowlist', () => {
  it('text: one id per line, first CSV column, comments and blanks skipped, each once, any case', () => {
    expect(parseAllowlist('# dbGaP\nERA_Alice,approved\n\n"bob"\tx\nera_alice\n  carol ; y  \r\n')).toEqual(['era_alice', 'bob', 'carol']);
  });

  it('JSON: an array, or an object with entries', () => {
    expect(parseAllowlist('["A", "b", 7]')).toEqual(['a', 'b', '7']);
    expect(parseAllowlist('{"entries": ["X"]}')).toEqual(['x']);
    expect(parseAllowlist('')).toEqual([]);
  });

  it('refuses what is not a list of ids', () => {
    expect(() => parseAllowlist('{"ids": 3}')).toThrow(AllowlistFormatError);
    expect(() => parseAllowlist('[{"id": 1}]')).toThrow('Entry 1 of the allowlist is not an id.');
    expect(() => parseAllowlist('[broken')).toThrow('not valid JSON');
    expect(() => parseAllowlist(`${'x'.repeat(300)}\n`)).toThrow('not a valid external account id');
  });
});

describe('freshness (fail closed)', () => {
  it('a list is valid for its validity period after it was read, and never when it was never read', () => {
    expect(isAllowlistFresh(hoursAgo(23), 24, NOW)).toBe(true);
    expect(isAllowlistFresh(hoursAgo(24), 24, NOW)).toBe(false);
    expect(isAllowlistFresh(hoursAgo(25), 24, NOW)).toBe(false);
    expect(isAllowlistFresh(null, 24, NOW)).toBe(false);
  });
});

describe('who is eligible', () => {
  const later = new Date(NOW.getTime() + 10 * 24 * HOUR);
  const links = [
    { userId: 1, externalId: 'ERA_ALICE', expiresAt: later },
    { userId: 2, externalId: 'bob', expiresAt: NOW }, // expires exactly now: expired
    { userId: 3, externalId: 'carol', expiresAt: later }, // not on the list
  ];

  it('users with an unexpired link whose id is on a fresh list', () => {
    const list = { entries: ['era_alice', 'bob'], fetchedAt: hoursAgo(1), validityHours: 24 };
    expect(eligibleUsers(list, links, NOW)).toEqual(new Set([1]));
  });

  it('nobody when the list is stale', () => {
    const list = { entries: ['era_alice', 'bob'], fetchedAt: hoursAgo(48), validityHours: 24 };
    expect(eligibleUsers(list, links, NOW)).toEqual(new Set());
  });
});

describe('planning a sync', () => {
  it('members become exactly the eligible users; admins stay; nested groups leave', () => {
    const current = [
      { memberId: 1, role: 'admin' as const, isUser: true },
      { memberId: 2, role: 'member' as const, isUser: true },
      { memberId: 3, role: 'member' as const, isUser: true },
      { memberId: 50, role: 'member' as const, isUser: false },
      { memberId: 51, role: 'admin' as const, isUser: false },
    ];
    expect(planSync(current, new Set([1, 3, 4]))).toEqual({ add: [4], remove: [2, 50] });
    expect(planSync(current, new Set())).toEqual({ add: [], remove: [2, 3, 50] });
    expect(planSync([], new Set([7, 5]))).toEqual({ add: [5, 7], remove: [] });
  });
});
