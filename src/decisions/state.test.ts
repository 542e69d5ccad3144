import { describe, expect, it } from 'vitest';
import { decide } from './engine.js';
import { ADMIN_TEAM, AUTHENTICATED, PUBLIC } from './model.js';
import { MemoryState } from './state.js';

const NOW = Date.UTC(2026, 0, 15, 9);

function tree(): MemoryState {
  const s = new MemoryState();
  s.setUser(100, { isCertified: true });
  s.addEntity({ id: 1000, parentId: null, type: 'project', createdBy: 100 });
  s.setAcl(1000, [[100, ['READ', 'DOWNLOAD']]]);
  s.addEntity({ id: 1001, parentId: 1000, type: 'folder', createdBy: 100 });
  s.addEntity({ id: 1002, parentId: 1001, type: 'file', createdBy: 100 });
  s.addEntity({ id: 1003, parentId: 1000, type: 'folder', createdBy: 100 });
  return s;
}

describe('MemoryState', () => {
  it('gives a user their own id, PUBLIC, AUTHENTICATED and every group reached through nesting', () => {
    const s = tree();
    for (const team of [20, 21, 22]) s.addTeam(team);
    s.addMember(21, 20);
    s.addMember(22, 21);
    s.addMember(20, 100);
    expect([...s.principals(100)].sort((a, b) => a - b)).toEqual([PUBLIC, AUTHENTICATED, 20, 21, 22, 100]);
    expect(s.isGroupMember(100, 22)).toBe(true);
    s.removeMember(21, 20);
    expect(s.isGroupMember(100, 22)).toBe(false);
  });

  it('decides on principal and entity ids beyond 32 bits as on small ones', () => {
    const s = tree();
    const team = 2 ** 32 + 7; // would wrap to 7 in a 32-bit array
    const user = 2 ** 33 + 100; // would wrap to 100, the owner
    s.addTeam(team);
    s.setUser(user, { isCertified: true });
    s.addMember(team, user);
    s.addEntity({ id: 2 ** 40, parentId: 1000, type: 'folder', createdBy: 100 });
    s.setAcl(2 ** 40, [[team, ['READ', 'DOWNLOAD']]]);
    s.addEntity({ id: 2 ** 40 + 1, parentId: 2 ** 40, type: 'file', createdBy: 100 });
    expect(decide(s, { userId: user, entityId: 2 ** 40 + 1, action: 'DOWNLOAD', now: NOW }).rule).toBe('GRANT_IF_HAS_DOWNLOAD');
    expect(decide(s, { userId: user, entityId: 1002, action: 'DOWNLOAD', now: NOW }).rule).toBe('DENY');
    expect(decide(s, { userId: 7, entityId: 2 ** 40 + 1, action: 'DOWNLOAD', now: NOW }).rule).toBe('DENY');
  });

  it('follows ADMIN team membership for isAdmin, at once in both directions', () => {
    const s = tree();
    expect(s.user(100)?.isAdmin).toBe(false);
    s.addMember(ADMIN_TEAM, 100);
    expect(s.user(100)?.isAdmin).toBe(true);
    s.removeMember(ADMIN_TEAM, 100);
    expect(s.user(100)?.isAdmin).toBe(false);
  });

  it('merges user facts over the previous ones', () => {
    const s = tree();
    s.setUser(100, { has2fa: true });
    expect(s.user(100)).toMatchObject({ isCertified: true, has2fa: true, acceptedTerms: true, disabled: false });
    expect(s.user(555)).toBeUndefined();
  });

  it('refuses group nesting that would make a cycle', () => {
    const s = tree();
    s.addTeam(20);
    s.addTeam(21);
    s.addMember(20, 21);
    expect(() => s.addMember(21, 20)).toThrow(/cycle/);
    expect(() => s.addMember(20, 20)).toThrow(/cycle/);
    expect(() => s.addMember(99, 100)).toThrow(/does not exist/);
  });

  it('refuses to move an entity below itself', () => {
    const s = tree();
    expect(() => s.move(1000, 1002)).toThrow(/below itself/);
    s.move(1002, 1003);
    expect(s.entity(1002)?.parentId).toBe(1003);
  });

  it('purges a subtree with its ACLs and bindings, so a reused id starts clean', () => {
    const s = tree();
    s.addAccessRequirement({ id: 900, type: 'Lock' });
    s.setAcl(1001, [[100, ['READ']]]);
    s.bindAccessRequirement(900, 1002);
    s.purge(1001);
    expect(s.entity(1001)).toBeUndefined();
    expect(s.entity(1002)).toBeUndefined();
    s.addEntity({ id: 1002, parentId: 1000, type: 'file', createdBy: 100 });
    expect(s.acl(1001)).toBeUndefined();
    expect(s.accessRequirementIdsOnEntity(1002)).toEqual([]);
  });

  it('removing an AR removes its bindings and approvals', () => {
    const s = tree();
    s.addAccessRequirement({ id: 900, type: 'TermsOfUse' });
    s.bindAccessRequirement(900, 1001);
    const approval = s.approve(900, 100);
    s.removeAccessRequirement(900);
    expect(s.accessRequirementIdsOnEntity(1001)).toEqual([]);
    expect(s.hasApproval(100, 900, NOW)).toBe(false);
    expect(() => s.revoke(approval)).toThrow(/does not exist/);
    expect(() => s.bindAccessRequirement(900, 1001)).toThrow(/does not exist/);
  });

  it('makes a revocation visible to the very next decision', () => {
    const s = tree();
    s.setUser(101);
    s.setAcl(1000, [[101, ['READ', 'DOWNLOAD']]]);
    s.addAccessRequirement({ id: 900, type: 'ManagedACT' });
    s.bindAccessRequirement(900, 1000);
    const approval = s.approve(900, 101, NOW + 1000);
    expect(decide(s, { userId: 101, entityId: 1002, action: 'DOWNLOAD', now: NOW }).granted).toBe(true);
    s.revoke(approval);
    expect(decide(s, { userId: 101, entityId: 1002, action: 'DOWNLOAD', now: NOW }).granted).toBe(false);
  });

  it('updates an AR in place, keeping its bindings and approvals', () => {
    const s = tree();
    s.addAccessRequirement({ id: 900, type: 'ManagedACT' });
    s.bindAccessRequirement(900, 1001);
    s.approve(900, 100);
    s.updateAccessRequirement({ id: 900, type: 'ManagedACT', requires2fa: true });
    expect(s.accessRequirement(900)?.requires2fa).toBe(true);
    expect(s.accessRequirementIdsOnEntity(1001)).toEqual([900]);
    expect(s.hasApproval(100, 900, NOW)).toBe(true);
    expect(() => s.updateAccessRequirement({ id: 901, type: 'Lock' })).toThrow(/does not exist/);
  });
});
