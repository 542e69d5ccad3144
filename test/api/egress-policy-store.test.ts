import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/auditlog/log.js';
import { DEFAULT_POLICY, GiB, MiB, type EgressPolicy } from '../../src/egress/policy.js';
import { changedSettings, listPolicyVersions, loadPolicy, loadPolicyVersion, savePolicy } from '../../src/egress/policystore.js';
import { Problem } from '../../src/infra/problem.js';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

/** The egress policy stored in the database, versioned, every change audited (src/egress/policystore.ts). */

let gh: TestGatehouse;
let engineer: TestUser;
let colleague: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse();
  engineer = await gh.user('sam');
  colleague = await gh.user('rui');
});
afterAll(async () => gh?.stop());

const edited = (change: (p: EgressPolicy) => void): EgressPolicy => {
  const p = structuredClone(DEFAULT_POLICY) as EgressPolicy;
  change(p);
  return p;
};
const save = (actorId: number, policy: unknown, expectedVersion: number) =>
  gh.ctx.db.tx((sql) => savePolicy(sql, gh.clock, actorId, policy, expectedVersion));
const refusal = async (p: Promise<unknown>): Promise<Problem> => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(Problem);
  return err as Problem;
};
const versionCount = async () => Number((await gh.ctx.db.one<{ n: string }>('SELECT count(*) AS n FROM egress_policy_versions')).n);
const policyAudits = () => gh.ctx.db.query<{ actor_id: string | null; target_type: string; target_id: string; details: Record<string, unknown>; at: Date }>(
  `SELECT actor_id, target_type, target_id, details, at FROM audit_log WHERE action = 'egress.policy-changed' ORDER BY seq`);

describe('the stored egress policy', () => {
  it('version 1 is the defaults, written by the migration, by no one', async () => {
    const v1 = await loadPolicy(gh.ctx.db);
    expect(v1).toMatchObject({ version: 1, createdBy: null, createdByName: null });
    expect(v1.policy).toEqual(DEFAULT_POLICY);
  });

  it('a save is a new version, with who and when, and becomes the policy in force', async () => {
    gh.clock.set('2026-03-02T10:00:00Z');
    const policy = edited((p) => {
      p.thresholds.download[0].bytes = 200 * MiB;
      p.questions[2] = 'Please confirm that nothing was copied to your own computer.';
    });
    const saved = await save(engineer.id, policy, 1);
    expect(saved).toEqual({ version: 2, policy, createdAt: '2026-03-02T10:00:00.000Z', createdBy: engineer.id, createdByName: 'sam' });
    expect(await loadPolicy(gh.ctx.db)).toEqual(saved);
    expect((await loadPolicyVersion(gh.ctx.db, 1))!.policy).toEqual(DEFAULT_POLICY);
  });

  it('the change is in the audit log with the old and new values and the settings that changed', async () => {
    const [entry] = await policyAudits();
    expect(entry).toMatchObject({ target_type: 'egress-policy', target_id: '2' });
    expect(Number(entry.actor_id)).toBe(engineer.id);
    expect(entry.details).toMatchObject({ fromVersion: 1, toVersion: 2, changed: ['thresholds', 'questions'] });
    expect(entry.details.old).toEqual(DEFAULT_POLICY);
    expect((entry.details.new as EgressPolicy).thresholds.download[0].bytes).toBe(200 * MiB);
    expect((await verifyAuditLog(gh.ctx.db)).ok).toBe(true);
  });

  it('a save on top of a newer version is refused with 409 and writes nothing', async () => {
    const before = await versionCount();
    const err = await refusal(save(colleague.id, edited((p) => { p.lookBackDays = 30; }), 1));
    expect(err).toMatchObject({ status: 409, code: 'EGRESS_POLICY_STALE', extra: { currentVersion: 2 } });
    expect(err.detail).toBe('The egress policy was changed since you opened it: version 2 (by sam, 2026-03-02T10:00:00.000Z) is in force, ' +
      'and you edited version 1. Reload the policy and make your change again.');
    expect(await versionCount()).toBe(before);
    expect(await policyAudits()).toHaveLength(1);
  });

  it('an expected version that does not exist yet is refused the same way', async () => {
    expect(await refusal(save(colleague.id, DEFAULT_POLICY, 9))).toMatchObject({ status: 409, code: 'EGRESS_POLICY_STALE' });
  });

  it('an invalid policy is refused with 400 VALIDATION_FAILED naming every bad field, and writes nothing', async () => {
    const err = await refusal(save(engineer.id, edited((p) => { p.lookBackDays = 0; p.rules[1].fromCount = 1; }), 2));
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(err.extra.errors).toMatchObject([
      { field: 'lookBackDays', message: 'must be at least 1 day' },
      { field: 'rules.1.fromCount', message: 'must be more than the rule before it (1); list the rules by increasing count' },
    ]);
    expect(err.detail).toBe('The egress policy is not valid: lookBackDays must be at least 1 day; ' +
      'rules.1.fromCount must be more than the rule before it (1); list the rules by increasing count.');
    expect(await refusal(save(engineer.id, { ...DEFAULT_POLICY, extra: true }, 2))).toMatchObject({
      status: 400, code: 'VALIDATION_FAILED', extra: { errors: [{ field: 'extra', message: 'is not a setting of the egress policy' }] },
    });
    expect(await refusal(save(engineer.id, DEFAULT_POLICY, 0))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await versionCount()).toBe(2);
  });

  it('two saves of the same version at once: one is saved, the other refused as stale', async () => {
    const results = await Promise.allSettled([
      save(engineer.id, edited((p) => { p.incidentMergeMinutes = 60; }), 2),
      save(colleague.id, edited((p) => { p.incidentMergeMinutes = 120; }), 2),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409, code: 'EGRESS_POLICY_STALE' });
    const current = await loadPolicy(gh.ctx.db);
    expect(current.version).toBe(3);
    expect(await policyAudits()).toHaveLength(2);
  });

  it('large sizes survive the round trip exactly', async () => {
    gh.clock.advance(60_000);
    const policy = edited((p) => { p.highVolumeBytes = 4096 * GiB + 1; });
    await save(engineer.id, policy, 3);
    expect((await loadPolicy(gh.ctx.db)).policy.highVolumeBytes).toBe(4096 * GiB + 1);
  });

  it('a save that changes nothing is still a version, and its audit entry lists no changes', async () => {
    const current = await loadPolicy(gh.ctx.db);
    await save(colleague.id, current.policy, current.version);
    const audits = await policyAudits();
    expect(audits.at(-1)!.details).toMatchObject({ fromVersion: 4, toVersion: 5, changed: [] });
  });

  it('lists the versions newest first', async () => {
    const versions = await listPolicyVersions(gh.ctx.db);
    expect(versions.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(versions.map((v) => v.createdByName)).toEqual(['rui', 'sam', expect.any(String), 'sam', null]);
  });
});

describe('changedSettings', () => {
  it('ignores the order of keys and names the settings that differ', () => {
    const reordered = JSON.parse(JSON.stringify({ ...DEFAULT_POLICY, rules: DEFAULT_POLICY.rules.map((r) => Object.fromEntries(Object.entries(r).reverse())) })) as EgressPolicy;
    expect(changedSettings(DEFAULT_POLICY, reordered)).toEqual([]);
    expect(changedSettings(DEFAULT_POLICY, edited((p) => { p.highVolumeBytes += 1; p.defaultBypassDays = 3; })))
      .toEqual(['highVolumeBytes', 'defaultBypassDays']);
  });
});
