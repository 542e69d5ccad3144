import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { history } from '../audit-history.js';
import { pgAuditEngine } from '../../src/audit/pg-engine.js';
import {
  DEFAULT_SETTINGS, exfiltrationCorrelation, md5Duplicates, repeatedDownloads, restrictionChanges, selfApprovals,
  termsChangedAfterApproval, tierRevokedDownloads, topDownloaders, unqualifiedAccess, type AuditSettings, type FindingDraft,
} from '../../src/audit/queries/index.js';
import type { AuditEngine } from '../../src/audit/engine.js';
import { AUDIT_QUERIES } from '../../src/audit/queries/index.js';
import { duckdbCopy } from '../audit-duckdb-copy.js';

/**
 * Each audit query on hand-built histories whose right answer is known (the seed's use cases one by one). Each
 * case lives in its own year, so the periods do not see each other's records.
 */
let gh: TestGatehouse;
let engine: AuditEngine;
let h: ReturnType<typeof history>;
let owner: TestUser;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  engine = pgAuditEngine(gh.ctx.db);
  h = history(gh);
  owner = await gh.user('owner', { certified: true });
  alice = await gh.user('alice', { certified: true, validated: true });
  bob = await gh.user('bob', { certified: true });
  admin = await gh.user('root', { admin: true });
});
afterAll(async () => gh?.stop());

const year = (y: number) => ({ from: new Date(`${y}-01-01T00:00:00Z`), to: new Date(`${y + 1}-01-01T00:00:00Z`) });
const settings = (s: Partial<AuditSettings> = {}) => ({ ...DEFAULT_SETTINGS, ...s });
const only = (drafts: FindingDraft[], entityId: number) => drafts.filter((d) => d.entityId === entityId);

describe('restriction change of state', () => {
  it('an AR set on a public file itself and removed is "ar-removed", local, with both states side by side', async () => {
    const p = await h.entity('project', 'Cohort', { createdBy: owner.id });
    const f = await h.entity('file', 'genotypes.csv', { parent: p, createdBy: owner.id });
    const ar = await h.requirement('ManagedACT', 'Cohort DUA');
    await h.snap(p, '2001-01-01', { public: true });
    await h.snap(f, '2001-01-01', { public: true, controlled: true, ars: [ar] });
    await h.snap(f, '2001-03-05T10:00:00Z', { public: true, actorId: owner.id });
    const found = only(await restrictionChanges(engine, year(2001), settings()), f.id);
    expect(found).toHaveLength(1);
    const [d] = found;
    expect(d.useCase).toBe('ar-removed');
    expect(d.fingerprint).toBe(`restriction-change:${f.id}:2001-03-05T10:00:00.000Z`);
    expect(d.projectId).toBe(p.id);
    expect(d.detail).toMatchObject({
      setting: 'local', removedAccessRequirementIds: [ar],
      before: { isPublic: true, isControlled: true, level: 'controlled' }, after: { isPublic: true, isControlled: false, level: 'open' },
    });
    expect(d.detail.summary).toContain('went from controlled to open');
    expect(d.detail.summary).toContain('Owner (owner)');
    expect(d.detail.action).toMatch(/community manager/);
  });

  it("an AR removed from a folder relaxes the file below: the file's finding says the AR was inherited", async () => {
    const p = await h.entity('project', 'Portal', { createdBy: owner.id });
    const folder = await h.entity('folder', 'raw', { parent: p, createdBy: owner.id });
    const f = await h.entity('file', 'scan.dcm', { parent: folder, createdBy: owner.id });
    const ar = await h.requirement('TermsOfUse', 'Click-wrap');
    await h.snap(p, '2002-01-01', { public: true });
    await h.snap(folder, '2002-01-01', { public: true, restricted: true, ars: [ar] });
    await h.snap(f, '2002-01-01', { public: true, restricted: true, ars: [ar] });
    await h.snap(folder, '2002-06-01', { public: true });
    await h.snap(f, '2002-06-01', { public: true });
    const all = await restrictionChanges(engine, year(2002), settings());
    expect(only(all, f.id).map((d) => [d.useCase, d.detail.setting])).toEqual([['ar-removed', 'inherited']]);
    expect(only(all, folder.id).map((d) => [d.useCase, d.detail.setting])).toEqual([['ar-removed', 'local']]);
  });

  it('public → private → public again less restricted is "exposed-again", with the downloads made while exposed', async () => {
    const p = await h.entity('project', 'Study', { createdBy: owner.id });
    const f = await h.entity('file', 'phi.csv', { parent: p, createdBy: owner.id });
    const ar = await h.requirement('ManagedACT', 'Study DUA');
    await h.snap(f, '2003-01-10', { public: true, controlled: true, ars: [ar] });
    await h.snap(f, '2003-02-01', { public: false, controlled: true, ars: [ar] });
    await h.snap(f, '2003-02-10T00:00:00Z', { public: true, actorId: owner.id });
    await h.snap(f, '2003-02-12T12:00:00Z', { public: false });
    await h.download(bob.id, f, '2003-02-09T00:00:00Z');
    const during1 = await h.download(alice.id, f, '2003-02-10T01:00:00Z');
    const during2 = await h.download(bob.id, f, '2003-02-11T06:00:00Z');
    await h.download(alice.id, f, '2003-02-13T00:00:00Z');
    const found = only(await restrictionChanges(engine, year(2003), settings()), f.id);
    expect(found.map((d) => d.useCase)).toEqual(['made-private', 'exposed-again', 'made-private']);
    const d = found[1];
    expect(d.detail).toMatchObject({ earlierPublic: { level: 'controlled' }, after: { level: 'open' } });
    const exposure = d.detail.exposure as { hours: number; downloadsChecked: boolean; downloads: { id: number; username: string }[] };
    expect(exposure.hours).toBe(60);
    expect(exposure.downloadsChecked).toBe(true);
    expect(exposure.downloads.map((x) => [x.id, x.username])).toEqual([[during1, 'alice'], [during2, 'bob']]);
    expect(d.detail.summary).toContain('2 downloads while exposed');
  });

  it('an exposure shorter than a day is classified but its downloads are not listed', async () => {
    const p = await h.entity('project', 'Brief', { createdBy: owner.id });
    const f = await h.entity('file', 'brief.csv', { parent: p, createdBy: owner.id });
    await h.snap(f, '2004-01-10', { public: true, restricted: true, ars: [await h.requirement('TermsOfUse', 'T')] });
    await h.snap(f, '2004-02-01', { public: false });
    await h.snap(f, '2004-02-10T00:00:00Z', { public: true });
    await h.snap(f, '2004-02-10T05:00:00Z', { public: false });
    await h.download(bob.id, f, '2004-02-10T01:00:00Z');
    const d = only(await restrictionChanges(engine, year(2004), settings()), f.id).find((x) => x.useCase === 'exposed-again')!;
    expect(d.detail.exposure).toMatchObject({ hours: 5, downloadsChecked: false, downloads: [] });
  });

  it('a test project made public is "test-project-public" (name matches \\btest\\b); "Testing" is not a test project', async () => {
    const test = await h.entity('project', 'Carol test project', { createdBy: owner.id });
    const described = await h.entity('project', 'Sandbox', { createdBy: owner.id, description: 'for TEST uploads' });
    const real = await h.entity('project', 'Testing cohort', { createdBy: owner.id });
    for (const p of [test, described, real]) {
      await h.snap(p, '2005-01-01', { public: false });
      await h.snap(p, '2005-04-01', { public: true });
    }
    const all = await restrictionChanges(engine, year(2005), settings());
    expect(only(all, test.id).map((d) => d.useCase)).toEqual(['test-project-public']);
    expect(only(all, described.id).map((d) => d.useCase)).toEqual(['test-project-public']);
    expect(only(all, real.id).map((d) => d.useCase)).toEqual(['made-public']);
    // The pattern is the run's setting.
    const custom = await restrictionChanges(engine, year(2005), settings({ testProjectPattern: 'sandbox' }));
    expect(only(custom, test.id).map((d) => d.useCase)).toEqual(['made-public']);
    expect(only(custom, described.id).map((d) => d.useCase)).toEqual(['test-project-public']);
  });

  it('an AR added and then made public is "ar-added-public" (internal QA); the AR added while private is no finding', async () => {
    const p = await h.entity('project', 'Released', { createdBy: owner.id });
    const ar = await h.requirement('SelfSign', 'Release terms');
    await h.snap(p, '2006-01-01', { public: false });
    await h.snap(p, '2006-02-01', { public: false, restricted: true, ars: [ar] });
    await h.snap(p, '2006-03-01', { public: true, restricted: true, ars: [ar] });
    const found = only(await restrictionChanges(engine, year(2006), settings()), p.id);
    expect(found.map((d) => [d.useCase, d.occurredAt.toISOString()])).toEqual([['ar-added-public', '2006-03-01T00:00:00.000Z']]);
    expect(found[0].detail.action).toMatch(/conditions-for-use listing/);
  });

  it('a private entity whose AR is removed, and changes outside the period, are no findings; an entity filter reads one entity', async () => {
    const p = await h.entity('project', 'Private', { createdBy: owner.id });
    const f = await h.entity('file', 'secret.csv', { parent: p, createdBy: owner.id });
    const g = await h.entity('file', 'later.csv', { parent: p, createdBy: owner.id });
    await h.snap(f, '2007-01-01', { controlled: true, ars: [await h.requirement('ManagedACT', 'X')] });
    await h.snap(f, '2007-05-01', {});
    await h.snap(g, '2007-01-01', { public: true, controlled: true, ars: [await h.requirement('ManagedACT', 'Y')] });
    await h.snap(g, '2008-05-01', { public: true });
    expect(only(await restrictionChanges(engine, year(2007), settings()), f.id)).toEqual([]);
    expect(only(await restrictionChanges(engine, year(2007), settings()), g.id)).toEqual([]);
    const one = await restrictionChanges(engine, year(2008), settings(), { entityId: g.id });
    expect(one.map((d) => [d.entityId, d.useCase])).toEqual([[g.id, 'ar-removed']]);
  });
});

describe('top downloaders', () => {
  it('ranks users by files downloaded, with bytes, distinct files and top projects; refused downloads do not count', async () => {
    const p1 = await h.entity('project', 'Alpha', { createdBy: owner.id });
    const p2 = await h.entity('project', 'Beta', { createdBy: owner.id });
    const a = await h.entity('file', 'a', { parent: p1, createdBy: owner.id });
    const b = await h.entity('file', 'b', { parent: p2, createdBy: owner.id });
    for (let i = 0; i < 3; i++) await h.download(alice.id, a, `2010-02-0${i + 1}`, { bytes: 1_000_000 });
    await h.download(alice.id, b, '2010-03-01', { bytes: 500 });
    for (let i = 0; i < 2; i++) await h.download(bob.id, b, `2010-04-0${i + 1}`, { bytes: 10 });
    for (let i = 0; i < 5; i++) await h.download(owner.id, a, `2010-05-0${i + 1}`, { result: 'denied' });
    await h.download(owner.id, a, '2010-05-09');
    const found = await topDownloaders(engine, year(2010), settings({ topDownloaders: 2 }));
    expect(found.map((d) => d.userId)).toEqual([alice.id, bob.id]);
    expect(found[0].detail).toMatchObject({
      rank: 1, files: 4, bytes: 3_000_500, distinctFiles: 2,
      topProjects: [{ projectId: p1.id, name: 'Alpha', files: 3 }, { projectId: p2.id, name: 'Beta', files: 1 }],
    });
    expect(found[0].fingerprint).toBe(`top-downloaders:2010-01-01T00:00:00.000Z:2011-01-01T00:00:00.000Z:${alice.id}`);
    expect(found[0].detail.summary).toBe('Alice (alice) downloaded 4 files (3 MB) from 2 projects between 1 January and 31 December 2010.');
    expect((await topDownloaders(engine, year(2010), settings({ topDownloaders: 2 }), { userId: owner.id }))).toEqual([]);
  });
});

describe('MD5 duplicates', () => {
  it('a copy uploaded before its source was restricted and one uploaded after are both found, with the downloaders since the exposure', async () => {
    const p = await h.entity('project', 'Source project', { createdBy: owner.id });
    const q = await h.entity('project', 'Public project', { createdBy: bob.id });
    const src = await h.entity('file', 'cohort.vcf', { parent: p, createdBy: owner.id });
    const early = await h.entity('file', 'copy-before.vcf', { parent: q, createdBy: bob.id });
    const late = await h.entity('file', 'copy-after.vcf', { parent: q, createdBy: bob.id });
    const hidden = await h.entity('file', 'private-copy.vcf', { parent: q, createdBy: bob.id });
    const same = await h.entity('file', 'controlled-copy.vcf', { parent: q, createdBy: bob.id });
    const md5 = 'aaaabbbbccccddddeeeeffff00001111';
    for (const e of [src, early, late, hidden, same]) await h.content(e, md5);
    const ar = await h.requirement('ManagedACT', 'Cohort DUA');
    await h.snap(src, '2011-01-01', { public: false });
    await h.snap(early, '2011-01-05', { public: true });
    await h.snap(src, '2011-03-01', { controlled: true, ars: [ar] });
    await h.snap(late, '2011-04-01', { public: true });
    await h.snap(hidden, '2011-04-01', { public: false });
    await h.snap(same, '2011-04-01', { public: true, controlled: true, ars: [ar] });
    await h.download(alice.id, early, '2011-02-01');
    const after = await h.download(alice.id, early, '2011-03-02');
    const lateDl = await h.download(bob.id, late, '2011-04-02');
    const found = await md5Duplicates(engine, year(2011), settings());
    const pairs = found.filter((d) => d.detail.md5 === md5).map((d) => [d.fingerprint, d.occurredAt.toISOString()]);
    expect(pairs).toEqual([
      [`md5-duplicates:${src.id}:${early.id}`, '2011-03-01T00:00:00.000Z'],
      [`md5-duplicates:${src.id}:${late.id}`, '2011-04-01T00:00:00.000Z'],
    ]);
    const e = found.find((d) => d.entityId === early.id)!;
    expect(e.detail).toMatchObject({
      source: { entityId: src.id, projectName: 'Source project', createdBy: owner.id, wasControlled: true, isControlled: true, isPublic: false },
      duplicate: { entityId: early.id, projectName: 'Public project', createdBy: bob.id, createdByUsername: 'bob', wasControlled: false, isControlled: false, isPublic: true },
      downloads: [{ id: after, userId: alice.id, username: 'alice' }],
    });
    expect(found.find((d) => d.entityId === late.id)!.detail.downloads).toMatchObject([{ id: lateDl }]);
    expect(e.detail.summary).toContain('public, open copy of the controlled file cohort.vcf');
  });
});

describe('unqualified access', () => {
  it('replays the AR rules at the instant of each download: expired the day before, revoked, none, 2FA; uploader and admin pass', async () => {
    const p = await h.entity('project', 'Controlled', { createdBy: owner.id });
    const f = await h.entity('file', 'data.csv', { parent: p, createdBy: owner.id });
    const g = await h.entity('file', 'twofa.csv', { parent: p, createdBy: owner.id });
    const ar = await h.requirement('ManagedACT', 'DUA');
    const ar2 = await h.requirement('TermsOfUse', '2FA terms', { settings: { requires2fa: true } });
    await h.snap(f, '2012-01-01', { public: true, controlled: true, ars: [ar] });
    await h.snap(g, '2012-01-01', { public: true, restricted: true, ars: [ar2] });
    await h.approve(ar, alice.id, '2012-01-10', { expires: '2012-03-01T00:00:00Z' });
    const okDl = await h.download(alice.id, f, '2012-02-28T12:00:00Z');
    const expiredDl = await h.download(alice.id, f, '2012-03-02T09:00:00Z');
    const bobApproval = await h.approve(ar, bob.id, '2012-01-10');
    const bobOk = await h.download(bob.id, f, '2012-02-01');
    await h.revoke(bobApproval, '2012-04-01');
    const revokedDl = await h.download(bob.id, f, '2012-04-02');
    // An administrator since before the download (the ADMIN team's membership dates from then).
    await gh.ctx.db.query(`UPDATE team_members SET added_at = '2000-01-01' WHERE user_id = $1`, [admin.id]);
    const noneDl = await h.download(admin.id, f, '2012-04-03');
    const ownerDl = await h.download(owner.id, f, '2012-04-03');
    await h.approve(ar2, alice.id, '2012-01-10', { source: 'self', by: alice.id });
    const twofaDl = await h.download(alice.id, g, '2012-05-01');
    const stranger = await gh.user('mallory', { certified: true });
    const strangerDl = await h.download(stranger.id, f, '2012-06-01');

    const found = await unqualifiedAccess(engine, year(2012), settings());
    const byDownload = new Map(found.map((d) => [d.detail.downloadRecordId as number, d]));
    expect(byDownload.has(okDl)).toBe(false);
    expect(byDownload.has(bobOk)).toBe(false);
    expect(byDownload.has(noneDl)).toBe(false); // admin
    expect(byDownload.has(ownerDl)).toBe(false); // uploader
    expect(byDownload.get(expiredDl)?.useCase).toBe('approval-expired');
    expect(byDownload.get(expiredDl)?.detail.summary).toContain('approval expired on 1 March 2012');
    expect(byDownload.get(revokedDl)?.useCase).toBe('approval-revoked');
    expect(byDownload.get(twofaDl)?.useCase).toBe('no-2fa');
    expect(byDownload.get(strangerDl)?.useCase).toBe('no-approval');
    expect(byDownload.get(strangerDl)?.fingerprint).toBe(`unqualified-access:${strangerDl}`);
    expect(found.filter((d) => d.entityId === f.id || d.entityId === g.id)).toHaveLength(4);
    // One download alone, as the continuous audit will ask.
    expect((await unqualifiedAccess(engine, year(2012), settings(), { downloadRecordId: expiredDl })).map((d) => d.useCase)).toEqual(['approval-expired']);
    expect(await unqualifiedAccess(engine, year(2012), settings(), { downloadRecordId: okDl })).toEqual([]);
  });
});

describe('repeated downloads', () => {
  it('finds a burst over the threshold within the window, once, and not downloads spread out', async () => {
    const p = await h.entity('project', 'Burst', { createdBy: owner.id });
    const f = await h.entity('file', 'big.bam', { parent: p, createdBy: owner.id });
    const ids = [];
    for (const hour of ['01', '02', '03', '05']) ids.push(await h.download(alice.id, f, `2013-03-04T${hour}:00:00Z`));
    await h.download(alice.id, f, '2013-03-10T01:00:00Z');
    await h.download(alice.id, f, '2013-03-12T01:00:00Z');
    await h.download(alice.id, f, '2013-03-14T01:00:00Z');
    await h.download(bob.id, f, '2013-03-04T01:00:00Z');
    const found = await repeatedDownloads(engine, year(2013), settings({ repeatedDownloadsThreshold: 3, repeatedDownloadsWindowHours: 24 }));
    expect(found.map((d) => [d.fingerprint, d.detail.downloads])).toEqual([[`repeated-downloads:${alice.id}:${f.id}:2013-03-04`, 4]]);
    expect(found[0].detail.downloadIds).toEqual(ids);
    expect(found[0].detail.summary).toBe(`Alice (alice) downloaded big.bam (syn${f.id}) 4 times within 24 hours from 4 March 2013.`);
    const one = await repeatedDownloads(engine, year(2013), settings({ repeatedDownloadsThreshold: 3 }), { downloadRecordId: ids[2] });
    expect(one.map((d) => d.fingerprint)).toEqual([found[0].fingerprint]);
    expect(await repeatedDownloads(engine, year(2013), settings({ repeatedDownloadsThreshold: 5 }))).toEqual([]);
  });
});

describe('exfiltration correlation', () => {
  it('a large download within the window of an egress incident is found; a small one, or one outside the window, is not', async () => {
    const p = await h.entity('project', 'Egress', { createdBy: owner.id });
    const f = await h.entity('file', 'dump.tar', { parent: p, createdBy: owner.id });
    const incident = await h.incident(alice.id, '2014-06-10T12:00:00Z', '2014-06-10T13:00:00Z', 5_000_000);
    await h.download(alice.id, f, '2014-06-09T20:00:00Z', { bytes: 600 });
    await h.download(alice.id, f, '2014-06-11T10:00:00Z', { bytes: 600 });
    await h.download(alice.id, f, '2014-06-20T10:00:00Z', { bytes: 10_000 });
    await h.incident(bob.id, '2014-06-10T12:00:00Z', '2014-06-10T13:00:00Z', 5_000_000);
    await h.download(bob.id, f, '2014-06-10T11:00:00Z', { bytes: 100 });
    const found = await exfiltrationCorrelation(engine, year(2014), settings({ largeDownloadBytes: 1000, correlationWindowHours: 24 }));
    expect(found.map((d) => [d.fingerprint, d.detail.bytes, d.detail.downloads])).toEqual([[`exfiltration-correlation:${alice.id}:${incident}`, 1200, 2]]);
    expect(await exfiltrationCorrelation(engine, year(2014), settings({ largeDownloadBytes: 1000, correlationWindowHours: 1 }))).toEqual([]);
  });
});

describe('beyond the seed', () => {
  it('downloads after a tier was revoked, until it was granted again', async () => {
    const p = await h.entity('project', 'Tiers', { createdBy: owner.id });
    const f = await h.entity('file', 't.csv', { parent: p, createdBy: owner.id });
    const carl = await gh.user('carl', { certified: true });
    await h.download(carl.id, f, '2015-01-10');
    const revoked = await h.tier(carl.id, 'certified', 'revoked', '2015-02-01');
    await h.download(carl.id, f, '2015-02-02');
    await h.download(carl.id, f, '2015-02-03');
    await h.tier(carl.id, 'certified', 'granted', '2015-03-01');
    await h.download(carl.id, f, '2015-03-02');
    const found = await tierRevokedDownloads(engine, year(2015), settings());
    expect(found.map((d) => [d.fingerprint, d.useCase, d.detail.downloads, d.detail.regrantedAt])).toEqual([
      [`tier-revoked-downloads:${carl.id}:${revoked}`, 'certified', 2, '2015-03-01T00:00:00.000Z'],
    ]);
  });

  it('approvals a reviewer granted to themself or to a member of their own team; self-signed click-wraps are not', async () => {
    const ar = await h.requirement('ManagedACT', 'Reviewed');
    const dana = await gh.user('dana');
    const erin = await gh.user('erin');
    const frank = await gh.user('frank');
    await h.team('Lab of Dana', [dana.id, erin.id], '2015-01-01');
    const self = await h.approve(ar, dana.id, '2016-02-01', { by: dana.id });
    const mate = await h.approve(ar, erin.id, '2016-02-02', { by: dana.id });
    await h.approve(ar, frank.id, '2016-02-03', { by: dana.id });
    await h.approve(ar, frank.id, '2016-02-04', { by: frank.id, source: 'self' });
    const found = await selfApprovals(engine, year(2016), settings());
    expect(found.map((d) => [d.fingerprint, d.useCase])).toEqual([[`self-approval:${self}`, 'self'], [`self-approval:${mate}`, 'own-team']]);
    expect(found[1].detail.summary).toContain('a member of their own team (Lab of Dana)');
  });

  it('AR text changed while approvals granted under the earlier text were held: who agreed to which version', async () => {
    const ar = await h.requirement('SelfSign', 'Terms', { at: '2017-01-01', terms: 'Version one.' });
    const a1 = await h.approve(ar, alice.id, '2017-02-01', { source: 'self', by: alice.id, version: 1 });
    const b1 = await h.approve(ar, bob.id, '2017-02-02', { source: 'self', by: bob.id, version: 1, expires: '2017-02-20' });
    await h.arSnapshot(ar, '2017-03-01', { type: 'SelfSign', name: 'Terms', version: 2, terms: 'Version two, stricter.', actorId: owner.id });
    await h.arSnapshot(ar, '2017-04-01', { type: 'SelfSign', name: 'Terms renamed', version: 3, terms: 'Version two, stricter.' });
    const found = await termsChangedAfterApproval(engine, year(2017), settings());
    expect(found.map((d) => d.fingerprint)).toEqual([`terms-changed-after-approval:${ar}:2`]);
    expect(found[0].detail).toMatchObject({ previousTerms: 'Version one.', terms: 'Version two, stricter.', approvals: [{ approvalId: a1, accessorId: alice.id, username: 'alice', agreedToVersion: 1 }] });
    expect((found[0].detail.approvals as { approvalId: number }[]).some((x) => x.approvalId === b1)).toBe(false);
  });
});

describe('the same findings on DuckDB', () => {
  it('every query, over every case above, gives the same findings on DuckDB as on this database', async () => {
    const duck = await duckdbCopy(gh.ctx.db);
    const period = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2020-01-01T00:00:00Z') };
    const s = settings({ repeatedDownloadsThreshold: 3, largeDownloadBytes: 1000, topDownloaders: 5 });
    const total: Record<string, number> = {};
    for (const [name, query] of Object.entries(AUDIT_QUERIES)) {
      const here = await query(engine, period, s);
      const there = await query(duck, period, s);
      total[name] = here.length;
      expect(there, name).toEqual(here);
    }
    await duck.close?.();
    // The comparison saw findings of every query.
    expect(Object.entries(total).filter(([, n]) => n === 0)).toEqual([]);
  }, 60_000);
});
