import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures, syn, ALL_ACCESS } from './access-requirements-fixtures.js';

let gh: TestGatehouse;
let f: ReturnType<typeof fixtures>;
let carol: TestUser;
let bob: TestUser;
let act: TestUser;
let admin: TestUser;

/** A multipart upload as a browser sends it. */
async function upload(user: TestUser, parentId: number, fileName: string, content: string, type = 'text/csv') {
  const data = new FormData();
  data.append('parentId', syn(parentId));
  data.append('file', new Blob([content], { type }), fileName);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  const res = await gh.as(user).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const search = async (user: TestUser | null, query: Record<string, string | number | boolean>) => {
  const res = await gh.as(user).get(`/api/v1/search?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`);
  return res;
};
const hits = async (user: TestUser | null, query: Record<string, string | number | boolean>) => {
  const res = await search(user, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: { id: string; name: string; type: string; path: { id: string; name: string | null }[]; restrictionLevel: string; hasUnmetAccessRequirement: boolean; canDownload: boolean | null; snippet: string | null; file?: { md5: string } }[]; terms: string[] };
};
const names = async (user: TestUser | null, query: Record<string, string | number | boolean>) => (await hits(user, query)).items.map((h) => h.name);

const CONTENT = 'sample,stage\nS1,II\n';
let cohort: number; // Carol's project, Bob may READ and DOWNLOAD
let rna: number; // folder, ManagedACT bound
let secret: number; // folder with its own ACL: Bob is not in it
let closed: number; // Carol's other project, closed to Bob
let sharedFile: number; // inside `closed`, shared with Bob directly

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = fixtures(gh);
  carol = await gh.user('carol', { certified: true });
  bob = await gh.user('bob', { certified: true });
  act = await gh.user('acty', { act: true });
  admin = await gh.user('root', { admin: true });

  cohort = await f.project(carol, 'Tumour Cohort', { [bob.id]: ['READ', 'DOWNLOAD'] });
  await gh.ctx.db.query("UPDATE entities SET description = 'Whole-genome sequencing of paediatric tumours from three hospitals, with clinical annotations.' WHERE id = $1", [cohort]);
  rna = await f.folder(cohort, 'RNA-seq runs', carol);
  secret = await f.folder(cohort, 'Tumour pathology notes', carol);
  await f.setAcl(secret, { [carol.id]: ALL_ACCESS });
  closed = await f.project(carol, 'Tumour Closed Study');
  const inClosed = await f.folder(closed, 'Embargoed tumour folder', carol);

  await upload(carol, cohort, 'tumour_samples.csv', CONTENT);
  await upload(carol, rna, 'counts_matrix.tsv', 'gene\tS1\nTP53\t7\n', 'text/tab-separated-values');
  await upload(carol, secret, 'tumour_secret_notes.txt', 'private', 'text/plain');
  const shared = await upload(carol, inClosed, 'tumour_shared_with_bob.csv', 'shared');
  sharedFile = Number(shared.id.slice(3));
  await f.setAcl(sharedFile, { [carol.id]: ALL_ACCESS, [bob.id]: ['READ'] });

  const managed = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(rna) }] });
  expect(managed.id).toBeGreaterThan(0);
});
afterAll(async () => gh?.stop());

describe('search finds what the caller can READ', () => {
  it('finds projects, folders and files by a word of their name, as a prefix, best match first', async () => {
    expect(await names(bob, { q: 'tumour' })).toEqual(['Tumour Cohort', 'tumour_samples.csv', 'tumour_shared_with_bob.csv']);
    expect(await names(bob, { q: 'Tum' })).toEqual(['Tumour Cohort', 'tumour_samples.csv', 'tumour_shared_with_bob.csv']);
    expect(await names(bob, { q: 'rna seq' })).toEqual(['RNA-seq runs']);
    expect(await names(bob, { q: 'samples csv' })).toEqual(['tumour_samples.csv']);
  });

  it('finds by description, with a snippet of the description around the match', async () => {
    const found = await hits(bob, { q: 'paediatric' });
    expect(found.items.map((h) => h.name)).toEqual(['Tumour Cohort']);
    expect(found.items[0].snippet).toContain('paediatric tumours');
    expect(found.terms).toEqual(['paediatric']);
  });

  it('finds a file by its exact MD5, by its content type, and by its id', async () => {
    const md5 = createHash('md5').update(CONTENT).digest('hex');
    const byMd5 = await hits(bob, { q: md5.toUpperCase() });
    expect(byMd5.items.map((h) => h.name)).toEqual(['tumour_samples.csv']);
    expect(byMd5.items[0].file?.md5).toBe(md5);
    expect(await names(bob, { q: 'text/tab-separated' })).toEqual(['counts_matrix.tsv']);
    expect(await names(bob, { q: syn(rna) })).toEqual(['RNA-seq runs']);
  });

  it('gives each hit its path, naming only the ancestors the caller may READ, and its restriction badge', async () => {
    const counts = (await hits(bob, { q: 'counts' })).items[0];
    expect(counts.path).toEqual([{ id: syn(cohort), name: 'Tumour Cohort', type: 'project' }, { id: syn(rna), name: 'RNA-seq runs', type: 'folder' }]);
    expect(counts).toMatchObject({ restrictionLevel: 'CONTROLLED_BY_ACT', hasUnmetAccessRequirement: true, canDownload: false });
    const shared = (await hits(bob, { q: 'shared with bob' })).items[0];
    expect(shared.path.map((p) => p.name)).toEqual([null, null]);
    const samples = (await hits(bob, { q: 'tumour_samples' })).items[0];
    expect(samples).toMatchObject({ restrictionLevel: 'OPEN', canDownload: true, path: [{ name: 'Tumour Cohort' }] });
    const project = (await hits(bob, { q: 'cohort' })).items[0];
    expect(project).toMatchObject({ type: 'project', canDownload: null, path: [] });
  });

  it('never shows an entity the caller cannot READ, and does not count it', async () => {
    // Bob: the folder with its own ACL, the file in it, the closed project and its folder are hidden.
    const bobs = await hits(bob, { q: 'tumour', limit: 1 });
    expect(bobs.total).toBe(3);
    expect(await names(bob, { q: 'pathology' })).toEqual([]);
    expect((await hits(bob, { q: 'secret' })).total).toBe(0);
    expect((await hits(bob, { q: 'embargoed' })).total).toBe(0);
    expect((await hits(bob, { q: syn(secret) })).total).toBe(0);
    expect((await hits(bob, { q: createHash('md5').update('private').digest('hex') })).total).toBe(0);
    // Inside a project closed to Bob, only the file shared with him; a project that does not exist finds nothing.
    expect(await names(bob, { q: 'tumour', projectId: syn(closed) })).toEqual(['tumour_shared_with_bob.csv']);
    expect((await hits(bob, { q: 'tumour', projectId: 'syn999999' })).total).toBe(0);
    expect((await hits(carol, { q: createHash('md5').update('private').digest('hex') })).items.map((h) => h.name)).toEqual(['tumour_secret_notes.txt']);
    // Carol sees them all; an anonymous caller sees nothing that is not public.
    expect((await hits(carol, { q: 'tumour' })).total).toBe(7);
    expect((await hits(null, { q: 'tumour' })).total).toBe(0);
    expect((await hits(admin, { q: 'embargoed' })).total).toBe(1);
  });

  it('never shows what is in the trash, trashed itself or through a folder above it', async () => {
    const temp = await f.folder(cohort, 'Tumour scratch', carol);
    const inside = await f.folder(temp, 'Tumour scratch inner', carol);
    expect(await names(carol, { q: 'scratch' })).toEqual(['Tumour scratch', 'Tumour scratch inner']);
    await f.trash(temp, carol);
    expect((await hits(carol, { q: 'scratch' })).total).toBe(0);
    expect((await hits(carol, { q: syn(inside) })).total).toBe(0);
    expect((await hits(carol, { q: 'tumour' })).total).toBe(7);
  });
});

describe('filters and pages', () => {
  it('filters by project, by type, by restriction level and by "I can download"', async () => {
    expect(await names(carol, { q: 'tumour', projectId: syn(closed) })).toEqual(['Tumour Closed Study', 'tumour_shared_with_bob.csv', 'Embargoed tumour folder']);
    expect(await names(bob, { q: 'tumour', type: 'file' })).toEqual(['tumour_samples.csv', 'tumour_shared_with_bob.csv']);
    expect(await names(bob, { q: 'tumour', type: 'project' })).toEqual(['Tumour Cohort']);
    expect(await names(bob, { q: 'runs counts', restriction: 'CONTROLLED_BY_ACT' })).toEqual([]);
    expect(await names(bob, { q: 'counts', restriction: 'CONTROLLED_BY_ACT' })).toEqual(['counts_matrix.tsv']);
    expect(await names(bob, { q: 'counts', restriction: 'OPEN' })).toEqual([]);
    // Bob may download the samples (READ, DOWNLOAD, no AR), not the shared file (READ only) nor the counts (ManagedACT).
    expect(await names(bob, { q: 'tumour', canDownload: true })).toEqual(['tumour_samples.csv']);
    expect(await names(bob, { q: 'tumour', canDownload: false })).toEqual(['tumour_shared_with_bob.csv']);
    expect(await names(bob, { q: 'counts', canDownload: true })).toEqual([]);
  });

  it('pages through the readable hits; the total is the same on every page', async () => {
    const first = await hits(carol, { q: 'tumour', limit: 3, offset: 0 });
    const second = await hits(carol, { q: 'tumour', limit: 3, offset: 3 });
    const third = await hits(carol, { q: 'tumour', limit: 3, offset: 6 });
    expect([first.total, second.total, third.total]).toEqual([7, 7, 7]);
    expect([first.items.length, second.items.length, third.items.length]).toEqual([3, 3, 1]);
    const all = (await hits(carol, { q: 'tumour', limit: 100 })).items.map((h) => h.id);
    expect([...first.items, ...second.items, ...third.items].map((h) => h.id)).toEqual(all);
  });
});

describe('bad input', () => {
  it('answers 400 with a stable code', async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ q: 'a' }, 'SEARCH_QUERY_TOO_SHORT'],
      [{ q: '!!  ?' }, 'SEARCH_QUERY_TOO_SHORT'],
      [{}, 'VALIDATION_FAILED'],
      [{ q: 'x'.repeat(201) }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', type: 'dataset' }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', restriction: 'SECRET' }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', projectId: 'abc' }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', limit: 0 }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', limit: 101 }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', offset: -1 }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', canDownload: 'maybe' }, 'VALIDATION_FAILED'],
      [{ q: 'tumour', canDownload: 'true', type: 'folder' }, 'SEARCH_FILTER_CONFLICT'],
      [{ q: 'tumour', sort: 'name' }, 'VALIDATION_FAILED'],
    ];
    for (const [query, code] of cases) {
      const res = await search(bob, query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json().code, JSON.stringify(query)).toBe(code);
    }
  });

  it('characters that mean something to SQL or to tsquery are only text', async () => {
    for (const q of ["tumour' OR 1=1 --", 'tumour & | ! :* ()', 'tum%', 'tum_', 'tumour\\']) {
      const res = await search(carol, { q });
      expect(res.statusCode, q).toBe(200);
    }
    expect((await hits(carol, { q: 'tum%' })).total).toBe(7);
  });
});

describe('after a change', () => {
  it('a revoked READ hides the hits at once, and sharing again shows them', async () => {
    expect((await hits(bob, { q: 'tumour' })).total).toBe(3);
    await f.setAcl(cohort, { [carol.id]: ALL_ACCESS });
    expect(await names(bob, { q: 'tumour' })).toEqual(['tumour_shared_with_bob.csv']);
    expect((await hits(bob, { q: 'counts' })).total).toBe(0);
    await f.setAcl(cohort, { [carol.id]: ALL_ACCESS, [bob.id]: ['READ', 'DOWNLOAD'] });
    expect((await hits(bob, { q: 'tumour' })).total).toBe(3);
  });
});
