import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { csvField } from '../../src/auditlog/routes.js';

/** The audit log by date, and as CSV for an auditor's spreadsheet (issue 9, item 10). */
let gh: TestGatehouse;
let admin: TestUser;
let carol: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  admin = await gh.user('admin', { admin: true });
  carol = await gh.user('carol');
});
afterAll(async () => {
  await gh?.stop();
});

/** RFC 4180 rows: quoted fields with doubled quotes and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  return rows;
}

describe('the audit log', () => {
  it('filters by date: from is inclusive, to exclusive', async () => {
    const before = gh.clock.now().toISOString();
    gh.clock.advance(60_000);
    await gh.as(carol).post('/api/v1/teams', { name: 'Dated team' });
    const after = new Date(gh.clock.now().getTime() + 1).toISOString();
    const res = await gh.as(admin).get(`/api/v1/audit-log?action=team.&from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`);
    expect(res.statusCode, res.body).toBe(200);
    const inSpan = res.json();
    expect(inSpan.items.map((e: { action: string }) => e.action)).toContain('team.created');
    const later = (await gh.as(admin).get(`/api/v1/audit-log?action=team.&from=${encodeURIComponent(after)}`)).json();
    expect(later.total).toBe(0);
    expect((await gh.as(admin).get('/api/v1/audit-log?from=yesterday')).statusCode).toBe(400);
  });

  it('exports the entries that match as CSV, oldest first, with the actor by name, for admins only', async () => {
    await gh.as(carol).post('/api/v1/teams', { name: 'Team "quoted", with a comma\nand a line' });
    const res = await gh.as(admin).get('/api/v1/audit-log/export.csv?action=team.created');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="gatehouse-audit-log-\d{8}-\d{6}\.csv"$/);
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual(['seq', 'at', 'actor_id', 'actor', 'action', 'target_type', 'target_id', 'details', 'hash']);
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r[4] === 'team.created' && r[3] === 'carol')).toBe(true);
    expect(Number(rows[0][0])).toBeLessThan(Number(rows[1][0]));
    expect(JSON.parse(rows[1][7]).name).toBe('Team "quoted", with a comma\nand a line');
    // The same entries as the API answers, by seq.
    const api = (await gh.as(admin).get('/api/v1/audit-log?action=team.created')).json();
    expect(rows.map((r) => Number(r[0])).sort()).toEqual(api.items.map((e: { seq: number }) => e.seq).sort());

    const refused = await gh.as(carol).get('/api/v1/audit-log/export.csv');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('defuses a field a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(null)).toBe('');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });
});
