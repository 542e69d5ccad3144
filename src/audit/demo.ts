import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import { DAY, HOUR } from '../infra/clock.js';
import { AUTHENTICATED, parseEntityId } from '../infra/ids.js';
import type { CallerUser } from '../identity/caller.js';
import { createContainer } from '../entities/entities.js';
import { createFile } from '../entities/files.js';
import { putAcl } from '../entities/acl.js';
import { downloadTarget, recordOf, writeDownloadRecords } from '../entities/downloads.js';
import { bindSubject, createRequirement, unbindSubject } from '../accessrequirements/requirements.js';
import { acceptRequirement } from '../accessrequirements/approvals.js';
import { executeRun, startRun } from './run.js';
import { contactAbout, recordReply, updateFinding } from './triagecases.js';
import { findingsOf, raiseIncident } from './incidents.js';
import { createReport, reviewReport, submitReport } from './reports.js';

/**
 * The demo's security audit (SPEC §11), made through the real code paths, so that a newcomer sees a finished
 * audit with findings, their triage, a governance incident and an approved report:
 *
 * - 100 days ago Carol publishes the "Public Atlas" project (every signed-in user may read and download it); ACT
 *   puts a click-wrap on its summary file 95 days ago and takes it off again 40 days ago — a restriction change of
 *   state on public data (the seed's first use case).
 * - 30 days ago Carol uploads a copy of the cohort's controlled variant calls into the Atlas: an MD5 duplicate.
 * - Over the last months Alice downloads the cohort's summaries and the Atlas, once a dozen times in a day: she is
 *   the top downloader and the repeated-download query finds her burst.
 * - Sam (security) runs the audit over the last six months. Aron (ACT) takes the top-downloader finding, emails
 *   Alice from the template, records her answer (explained); asks Carol about the removed click-wrap, records her
 *   answer and raises a governance incident for it.
 * - Sam drafts the report and submits it; Grace, the Director of Governance, approves it.
 *
 * The past is made with a clock standing at each moment. Nothing is added without the users it needs.
 */
export async function loadAuditDemo(ctx: AppContext, users: Record<string, number>): Promise<void> {
  const { carol, alice, act, sam, grace } = users;
  if ([carol, alice, act, sam, grace].some((id) => id === undefined)) return;
  const now = ctx.clock.now().getTime();
  const then = (ago: number): AppContext => ({ ...ctx, clock: { now: () => new Date(now - ago) } });
  const aron = { id: act, displayName: 'Aron ACT', isAct: true, isAdmin: false };

  // The public project and its file with a click-wrap that comes and goes.
  const atlas = parseEntityId((await createContainer(then(100 * DAY), { id: carol }, {
    type: 'project', name: 'Public Atlas', description: 'Summary tables of the cohort, published for every signed-in user.',
  })).id);
  await putAcl(then(100 * DAY), { id: carol }, atlas, { entries: [
    { principalId: carol, accessTypes: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE'] },
    { principalId: AUTHENTICATED, accessTypes: ['READ', 'DOWNLOAD'] },
  ] });
  const upload = async (at: AppContext, parentId: number, fileName: string, text: string) => {
    const stored = await ctx.blobs.put(Readable.from([Buffer.from(text)]));
    return parseEntityId((await createFile(at, { id: carol }, { parentId, blob: { ...stored, fileName, contentType: 'text/csv' }, comment: 'Demo data' })).id);
  };
  const summaryFile = await upload(then(100 * DAY), atlas, 'atlas_summary.csv', ATLAS_SUMMARY);
  const terms = await createRequirement(then(95 * DAY), aron, {
    type: 'TermsOfUse', name: 'Public Atlas — terms of use',
    description: 'Click-wrap for the Atlas summaries.',
    terms: 'I will cite the Public Atlas and will not try to identify the participants behind its counts.',
    settings: {}, subjects: [],
  });
  await bindSubject(then(95 * DAY), aron, terms.id, { type: 'entity', id: summaryFile });
  // Alice reads and accepts them the next day, so her downloads while they stand are qualified.
  await acceptRequirement(then(94 * DAY), { id: alice, displayName: 'Alice Researcher', isAct: false, isAdmin: false }, terms.id, terms.version);
  await unbindSubject(then(40 * DAY), aron, terms.id, { type: 'entity', id: summaryFile });

  // A copy of controlled content in the public project.
  const variants = await ctx.db.maybeOne<{ blob_id: number }>(
    `SELECT v.blob_id FROM entities e JOIN file_versions v ON v.entity_id = e.id AND v.version = e.current_version
     WHERE e.name = 'CGC-0001_tumor.vcf' AND e.created_by = $1 ORDER BY e.id LIMIT 1`, [carol]);
  if (variants) {
    const content = await ctx.blobs.open(await storageKey(ctx, Number(variants.blob_id)));
    await upload(then(30 * DAY), atlas, 'CGC-0001_tumor_copy.vcf', await text(content));
  }

  // Alice's downloads: the cohort's summaries and the Atlas over the months, and a burst of one file in a day.
  const files = (await ctx.db.query<{ id: number }>(
    // Only what she could download then: not the controlled row-level data, for which she has no approval.
    `SELECT e.id FROM entities e JOIN entities p ON p.id = e.parent_id
     WHERE e.type = 'file' AND e.trashed_at IS NULL AND e.created_by = $1 AND p.name <> 'raw' AND e.name NOT LIKE '%.vcf' ORDER BY e.id`, [carol])).map((r) => Number(r.id));
  const download = async (ago: number, entityId: number) => {
    const target = await downloadTarget(ctx.db, entityId, undefined);
    if (!target) return;
    const at = new Date(now - ago);
    await ctx.db.tx((sql) => writeDownloadRecords(sql, at, [recordOf(target, alice, { userAgent: 'Mozilla/5.0 (demo)', kind: 'web' }, 'served', target.size)]));
  };
  for (let week = 1; week <= 20; week++) {
    for (const [i, id] of files.entries()) if ((week + i) % 3 === 0) await download(week * 7 * DAY + i * HOUR, id);
  }
  for (let i = 0; i < 12; i++) await download(20 * DAY - i * HOUR, summaryFile);

  // Sam runs the audit over the last six months, a second after everything above (the other demos record at
  // "now", and a period ends before its end instant).
  const audit = then(-1000);
  const run = await startRun(audit, { from: new Date(now - 182 * DAY), to: new Date(now + 1000), startedBy: sam });
  await executeRun(audit, run.id);

  const finding = async (query: string, extra = '') => ctx.db.maybeOne<{ id: number }>(
    `SELECT f.id FROM audit_run_findings rf JOIN audit_findings f ON f.id = rf.finding_id
     WHERE rf.run_id = $1 AND f.query = $2 ${extra} ORDER BY f.id LIMIT 1`, [run.id, query]);

  const top = await finding('top-downloaders', `AND f.user_id = ${Number(alice)}`);
  if (top) {
    await updateFinding(audit, aron, top.id, { ownerId: act });
    await contactAbout(audit, aron, top.id, { to: 'user', templateKey: 'top-downloader' });
    await recordReply(audit, aron, top.id, {
      from: 'Alice Researcher',
      body: 'Yes, that was me: I refreshed the cohort summaries for my thesis analysis every week. Nobody else uses my account and I have not shared my credentials.',
    });
  }
  const relaxed = await finding('restriction-change', `AND f.entity_id = ${summaryFile}`);
  if (relaxed) {
    await updateFinding(audit, aron, relaxed.id, { ownerId: act });
    await contactAbout(audit, aron, relaxed.id, { to: 'project-owner' });
    await recordReply(audit, aron, relaxed.id, {
      from: 'Carol Contributor', state: 'contacted',
      body: 'The terms were taken off by mistake when we reorganised the Atlas. Please put them back; I do not know who downloaded the file meanwhile.',
    });
    await ctx.db.tx(async (sql) => {
      const [f] = await findingsOf(sql, [relaxed.id]);
      await raiseIncident(sql, audit, aron, { id: relaxed.id, state: 'contacted', query: 'restriction-change', summary: f.summary }, {
        title: 'Click-wrap removed from a public Atlas file',
        description: 'The terms of use of atlas_summary.csv were unbound while the project was readable by every signed-in user. List the downloads made since, and restore the terms.',
        notify: false,
      });
    });
  }

  // The report, submitted by Sam and approved by Grace.
  const samUser = caller(sam, 'sam', 'Sam Security', { isSecurity: true });
  const graceUser = caller(grace, 'grace', 'Grace Governance', { isGovernance: true });
  const reportId = await createReport(audit, samUser, { kind: 'periodic', runId: run.id });
  await submitReport(audit, samUser, reportId);
  await reviewReport(audit, graceUser, reportId, 'approve', 'Approved for the IRB continuing review and the HITRUST submission. Restore the Atlas terms before October.');
}

function caller(id: number, username: string, displayName: string, roles: Partial<CallerUser>): CallerUser {
  return {
    id, username, displayName, email: `${username}@demo.gatehouse.test`, isAdmin: false, isAct: false, isSecurity: false, isGovernance: false,
    isCertified: true, isValidated: true, acceptedTerms: true, twoFactorEnabled: false, ...roles,
  };
}

async function storageKey(ctx: AppContext, blobId: number): Promise<string> {
  return (await ctx.db.one<{ storage_key: string }>('SELECT storage_key FROM blobs WHERE id = $1', [blobId])).storage_key;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

const ATLAS_SUMMARY = `region,participants,median_age
north,412,57
south,388,61
east,295,59
west,301,58
`;
