import type { TestGatehouse, TestUser } from './harness.js';

/**
 * Two finished half-year audit runs (H2 2025, H1 2026) and a running one, with findings of each query as the runs
 * and triage record them, and the download records of both periods: what the audit report is drawn from.
 */
export interface AuditSeed {
  h1: number;
  h2: number;
  running: number;
  h1Findings: number;
  topDownloaderFinding: number;
  adProject: string;
  triageEvents: number;
}

export async function seedAuditData(gh: TestGatehouse, sec: TestUser, act: TestUser): Promise<AuditSeed> {
  const db = gh.ctx.db;
  const owner = await gh.user('portalowner', { certified: true });
  const alice = await gh.user('alice', { certified: true });
  const bob = await gh.user('bob', { certified: true });
  const project = async (name: string) => {
    const res = await gh.as(owner).post('/api/v1/entities', { type: 'project', name });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  const ad = await project('AD Knowledge Portal');
  const htan = await project('HTAN');
  const copies = await project('Public copies');
  const num = (syn: string) => Number(syn.replace('syn', ''));

  const run = async (from: string, to: string, state: 'finished' | 'running') => (await db.one<{ id: number }>(
    `INSERT INTO audit_runs (period_from, period_to, state, started_by, started_at, finished_at, counts)
     VALUES ($1, $2, $3, $4, $2, CASE WHEN $3 = 'finished' THEN $2::timestamptz + interval '2 hours' END, '{}') RETURNING id`,
    [from, to, state, sec.id])).id;
  const h2 = Number(await run('2025-07-01T00:00:00Z', '2026-01-01T00:00:00Z', 'finished'));
  const h1 = Number(await run('2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', 'finished'));
  const running = Number(await run('2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z', 'running'));

  let n = 0;
  const finding = async (runId: number, query: string, f: {
    at: string; useCase?: string; projectId?: string; userId?: number; state?: string; ownerId?: number; reply?: string; detail: Record<string, unknown>;
  }) => {
    const row = await db.one<{ id: number }>(
      `INSERT INTO audit_findings (fingerprint, query, use_case, project_id, user_id, occurred_at, detail, raised_by, raised_at, state, owner_id, reply, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'periodic', $6, $8, $9, $10, $6) RETURNING id`,
      [`${query}:test:${++n}`, query, f.useCase ?? null, f.projectId ? num(f.projectId) : null, f.userId ?? null, f.at, JSON.stringify(f.detail),
        f.state ?? 'new', f.ownerId ?? null, f.reply ?? null]);
    await db.query('INSERT INTO audit_run_findings (run_id, finding_id, detail) VALUES ($1, $2, $3)', [runId, row.id, JSON.stringify(f.detail)]);
    await db.query(`INSERT INTO audit_finding_events (finding_id, at, kind, body) VALUES ($1, $2, 'raised', 'Raised by the periodic run.')`, [row.id, f.at]);
    return Number(row.id);
  };
  const event = (findingId: number, at: string, kind: string, body: string) =>
    db.query('INSERT INTO audit_finding_events (finding_id, at, actor_id, kind, body) VALUES ($1, $2, $3, $4, $5)', [findingId, at, act.id, kind, body]);

  // H1 2026: 8 findings.
  const rc1 = await finding(h1, 'restriction-change', {
    at: '2026-01-20T10:00:00Z', useCase: 'ar-removed', projectId: ad, state: 'explained', ownerId: act.id, reply: 'Removal was intended: the data set was released publicly.',
    detail: { summary: `The access requirement "Data use" was removed from ${ad} while it was public.`, publicBefore: true, publicAfter: true },
  });
  await finding(h1, 'restriction-change', {
    at: '2026-02-11T10:00:00Z', useCase: 'ar-removed', projectId: ad, state: 'contacted', ownerId: act.id,
    detail: { summary: `The access requirement "Clinical terms" was removed from a folder of ${ad} while it was public.`, publicBefore: true, publicAfter: true },
  });
  await finding(h1, 'restriction-change', {
    at: '2026-03-05T10:00:00Z', useCase: 'exposed-again', projectId: ad, state: 'new',
    detail: { summary: `A file of ${ad} was made public, private, then public again with fewer restrictions; downloaded 4 times while exposed.`, publicBefore: true, publicAfter: true },
  });
  const top = await finding(h1, 'top-downloaders', {
    at: '2026-01-01T00:00:00Z', userId: alice.id, state: 'contacted', ownerId: act.id,
    detail: { summary: 'Alice downloaded 1,204 files (38 GB) from 2 projects between 1 January and 30 June 2026.', files: 1204, bytes: 38_000_000_000, distinctFiles: 1100,
      topProjects: [{ projectId: ad, name: 'AD Knowledge Portal', files: 1000 }, { projectId: htan, name: 'HTAN', files: 204 }] },
  });
  await finding(h1, 'top-downloaders', {
    at: '2026-01-01T00:00:00Z', userId: bob.id, state: 'explained', ownerId: act.id, reply: 'Expected: the lab’s analysis pipeline downloads nightly.',
    detail: { summary: 'Bob downloaded 800 files (12 GB) from 1 project between 1 January and 30 June 2026.', files: 800, bytes: 12_000_000_000, distinctFiles: 400,
      topProjects: [{ projectId: htan, name: 'HTAN', files: 800 }] },
  });
  const md5 = await finding(h1, 'md5-duplicates', {
    at: '2026-04-02T09:00:00Z', projectId: copies, userId: bob.id, state: 'incident', ownerId: act.id, reply: 'Copied by mistake.',
    detail: { summary: `A controlled file of ${ad} has a public, unrestricted copy in ${copies}.`, sourceProject: ad, duplicateProject: copies },
  });
  await finding(h1, 'unqualified-access', {
    at: '2026-05-14T15:30:00Z', projectId: ad, userId: bob.id,
    detail: { summary: `Bob downloaded a controlled file of ${ad} without an approval in force.` },
  });
  await finding(h1, 'repeated-downloads', {
    at: '2026-06-01T08:00:00Z', projectId: htan, userId: alice.id, state: 'explained', reply: 'A notebook re-ran after each failure.',
    detail: { summary: 'Alice downloaded the same file of HTAN 57 times on 1 June 2026.', downloads: 57 },
  });
  // H2 2025: 2 findings.
  const rcH2 = await finding(h2, 'restriction-change', {
    at: '2025-09-03T10:00:00Z', useCase: 'ar-added-public', projectId: htan, state: 'closed',
    detail: { summary: `An access requirement was added to ${htan} and it was made public.`, publicBefore: false, publicAfter: true },
  });
  await finding(h2, 'top-downloaders', {
    at: '2025-07-01T00:00:00Z', userId: alice.id, state: 'closed', reply: 'Confirmed: credentials not shared.',
    detail: { summary: 'Alice downloaded 900 files (20 GB) from 1 project between 1 July and 31 December 2025.', files: 900, bytes: 20_000_000_000, distinctFiles: 850,
      topProjects: [{ projectId: ad, name: 'AD Knowledge Portal', files: 900 }] },
  });

  await event(rcH2, '2025-11-01T09:00:00Z', 'contact', 'Contacted the community manager.');
  await event(rc1, '2026-02-01T09:00:00Z', 'contact', 'Asked the AD Knowledge Portal community manager whether the removal was intended.');
  await event(rc1, '2026-02-03T09:00:00Z', 'reply', 'Removal was intended: the data set was released publicly.');
  await event(top, '2026-02-05T09:00:00Z', 'contact', 'Sent the top downloader email.');
  await event(md5, '2026-02-10T09:00:00Z', 'incident', 'Governance incident opened: controlled file copied to a public project.');

  // Download records: 2,000 in H2 2025 and 4,000 in H1 2026, served; refused ones are not downloads.
  const downloads = (from: string, count: number, every: string, userId: number) => db.query(
    `INSERT INTO download_records (at, user_id, entity_id, bytes, project_id, result)
     SELECT $1::timestamptz + (i * interval '${every}'), $2, $3, 1000000, $3, 'served' FROM generate_series(0, $4::int - 1) AS i`, [from, userId, num(ad), count]);
  await downloads('2025-07-01T00:00:00Z', 2000, '2 hours', alice.id);
  await downloads('2026-01-01T00:00:00Z', 4000, '1 hour', bob.id);
  await db.query(`INSERT INTO download_records (at, user_id, entity_id, bytes, project_id, result) VALUES ('2026-02-01T00:00:00Z', $1, $2, 0, $2, 'denied')`, [bob.id, num(ad)]);

  return { h1, h2, running, h1Findings: 8, topDownloaderFinding: top, adProject: ad, triageEvents: 5 };
}

/** The text a PDF shows, from its uncompressed content streams (PDFKit writes text as hex strings in TJ arrays). */
export function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of src.matchAll(/\[((?:<[0-9a-fA-F]*>|[\s\d.-])*)\]\s*TJ/g)) {
    out.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
  }
  return out.join('\n');
}
