import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeSegment, uniquePath } from '../../src/entities/downloadlist.js';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

let gh: TestGatehouse;
let carol: TestUser;
let alice: TestUser;
let dave: TestUser;
let projectId: string;
let arId: number;
const files: Record<string, string> = {};
const folders: Record<string, string> = {};

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const num = (synId: string) => Number(synId.slice(3));

async function form(parentId: string, fileName: string, content: string): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const data = new FormData();
  data.append('parentId', parentId);
  data.append('file', new Blob([content], { type: 'text/plain' }), fileName);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}
async function upload(parentId: string, fileName: string, content: string): Promise<string> {
  const { payload, headers } = await form(parentId, fileName, content);
  const res = await gh.as(carol).post('/api/v1/files', payload, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function folder(parentId: string, name: string, aliceTypes: string[]): Promise<string> {
  const id = (await gh.as(carol).post('/api/v1/entities', { type: 'folder', name, parentId })).json().id;
  const acl = await gh.as(carol).put(`/api/v1/entities/${id}/acl`, {
    entries: [{ principalId: carol.id, accessTypes: ALL }, { principalId: alice.id, accessTypes: aliceTypes }],
  });
  expect(acl.statusCode, acl.body).toBe(200);
  return id;
}

/** The entries of a zip archive: name → content. */
function unzip(buffer: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries: Record<string, string> = {};
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries[entry.fileName] = Buffer.concat(chunks).toString();
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  gh = await startTestGatehouse();
  carol = await gh.user('carol', { certified: true });
  alice = await gh.user('alice', { certified: true });
  dave = await gh.user('dave', { certified: true });
  projectId = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Cart' })).json().id;
  folders.open = await folder(projectId, 'open', ['READ', 'DOWNLOAD']);
  folders.other = await folder(projectId, 'other', ['READ', 'DOWNLOAD']);
  folders.viewOnly = await folder(projectId, 'view only', ['READ']);
  folders.controlled = await folder(projectId, 'controlled', ['READ', 'DOWNLOAD']);
  files.a = await upload(folders.open, 'a.csv', 'a-content\n');
  files.b = await upload(folders.open, 'b.csv', 'b-content\n');
  files.a2 = await upload(folders.other, 'a.csv', 'other a-content\n');
  files.v1 = await upload(folders.viewOnly, 'v1.csv', 'v1\n');
  files.v2 = await upload(folders.viewOnly, 'v2.csv', 'v2\n');
  files.c = await upload(folders.controlled, 'c.csv', 'c\n');
  files.hidden = await upload(projectId, 'hidden.csv', 'hidden\n');
  const now = gh.clock.now();
  arId = (await gh.ctx.db.one<{ id: number }>(
    `INSERT INTO access_requirements (type, name, etag, created_at, modified_at) VALUES ('ManagedACT', 'Controlled', 'e1', $1, $1) RETURNING id`, [now])).id;
  await gh.ctx.db.query(`INSERT INTO access_requirement_subjects (access_requirement_id, subject_type, subject_id, bound_at) VALUES ($1, 'entity', $2, $3)`,
    [arId, num(folders.controlled), now]);
});
afterAll(async () => gh?.stop());

describe('the download list', () => {
  it('shows which files can be downloaded now, and counts what would unlock the others', async () => {
    const res = await gh.as(alice).post('/api/v1/download-list', { entityIds: [files.a, files.v1, files.c, files.v2, num(files.b), files.a] });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json();
    expect(list.items.map((i: { entityId: string }) => i.entityId).sort()).toEqual([files.a, files.b, files.c, files.v1, files.v2].sort());
    const byId = Object.fromEntries(list.items.map((i: { entityId: string }) => [i.entityId, i]));
    expect(byId[files.a]).toEqual({ entityId: files.a, name: 'a.csv', size: 10, versionNumber: 1, canDownload: true, message: null, actionsRequired: [] });
    expect(byId[files.v1]).toMatchObject({ canDownload: false, message: 'You lack DOWNLOAD access to the requested entity.',
      actionsRequired: [{ type: 'RequestDownload', benefactorId: folders.viewOnly }] });
    expect(byId[files.c]).toMatchObject({ canDownload: false,
      message: 'There are unmet access requirements that must be met to read content in the requested container.',
      actionsRequired: [{ type: 'MeetAccessRequirement', accessRequirementId: arId }] });
    expect(list.summary).toEqual({
      eligible: 2,
      ineligible: 3,
      actions: [
        { action: { type: 'RequestDownload', benefactorId: folders.viewOnly }, count: 2 },
        { action: { type: 'MeetAccessRequirement', accessRequirementId: arId }, count: 1 },
      ],
    });
    expect((await gh.as(alice).get('/api/v1/download-list')).json()).toEqual(list);
    // Each user has a list of their own.
    expect((await gh.as(carol).get('/api/v1/download-list')).json()).toEqual({ items: [], summary: { eligible: 0, ineligible: 0, actions: [] } });
  });

  it('a folder, a file in the trash, or a file the user cannot see is refused, and nothing is added', async () => {
    const before = (await gh.as(dave).get('/api/v1/download-list')).json();
    await gh.as(carol).put(`/api/v1/entities/${folders.open}/acl`, { entries: [
      { principalId: carol.id, accessTypes: ALL }, { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD'] }, { principalId: dave.id, accessTypes: ['READ'] },
    ] });
    const folderRes = await gh.as(dave).post('/api/v1/download-list', { entityIds: [files.a, folders.open] });
    expect(folderRes.json()).toMatchObject({ status: 400, code: 'NOT_A_FILE', detail: `${folders.open} is not a file.` });
    const hidden = await gh.as(dave).post('/api/v1/download-list', { entityIds: [files.a, files.hidden] });
    expect(hidden.json()).toMatchObject({ status: 404, detail: `Resource: '${files.hidden}' does not exist` });
    const trashed = await upload(folders.open, 'trashed.csv', 't\n');
    await gh.as(carol).delete(`/api/v1/entities/${trashed}`);
    const inTrash = await gh.as(dave).post('/api/v1/download-list', { entityIds: [files.a, trashed] });
    expect(inTrash.json()).toMatchObject({ status: 403, code: 'DENY_IF_IN_TRASH', detail: `Entity ${trashed} is in trash can.` });
    const bad = await gh.as(dave).post('/api/v1/download-list', { entityIds: [] });
    expect(bad.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await gh.as(dave).get('/api/v1/download-list')).json()).toEqual(before);
  });

  it('a file leaves the list on request', async () => {
    await gh.as(dave).post('/api/v1/download-list', { entityIds: [files.a] });
    expect((await gh.as(dave).delete(`/api/v1/download-list/${files.a}`)).statusCode).toBe(204);
    expect((await gh.as(dave).get('/api/v1/download-list')).json().items).toEqual([]);
    const again = await gh.as(dave).delete(`/api/v1/download-list/${files.a}`);
    expect(again.json()).toMatchObject({ status: 404, code: 'NOT_ON_LIST' });
  });

  it('with nothing eligible, there is no package to make', async () => {
    await gh.as(dave).post('/api/v1/download-list', { entityIds: [files.a] });
    const res = await gh.as(dave).post('/api/v1/download-list/package');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOTHING_TO_PACKAGE');
    expect(await gh.ctx.db.query('SELECT id FROM download_records WHERE user_id = $1', [dave.id])).toEqual([]);
  });

  it('the package is a zip of the eligible files, each recorded as served, which then leave the list', async () => {
    await gh.as(alice).post('/api/v1/download-list', { entityIds: [files.a2] });
    const res = await gh.as(alice).post('/api/v1/download-list/package', undefined, { 'user-agent': 'gatehouse-web' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="gatehouse-download-20260302-090000\.zip"/);
    const entries = await unzip(res.rawPayload);
    const { 'manifest.csv': manifest, ...files_ } = entries;
    expect(files_).toEqual({ 'Cart/open/a.csv': 'a-content\n', 'Cart/open/b.csv': 'b-content\n', 'Cart/other/a.csv': 'other a-content\n' });
    expect(manifest.split('\r\n')).toEqual([
      'path,entity id,version,size in bytes,md5,conditions met',
      `Cart/open/a.csv,${files.a},1,10,${md5('a-content\n')},`,
      `Cart/open/b.csv,${files.b},1,10,${md5('b-content\n')},`,
      `Cart/other/a.csv,${files.a2},1,16,${md5('other a-content\n')},`,
      '',
    ]);

    const rows = await gh.ctx.db.query<{ entity_id: number; bytes: number; result: string; client: string; project_id: number }>(
      'SELECT entity_id, bytes, result, client, project_id FROM download_records WHERE user_id = $1 ORDER BY entity_id', [alice.id]);
    expect(rows).toEqual([
      { entity_id: num(files.a), bytes: 10, result: 'served', client: 'gatehouse-web', project_id: num(projectId) },
      { entity_id: num(files.b), bytes: 10, result: 'served', client: 'gatehouse-web', project_id: num(projectId) },
      { entity_id: num(files.a2), bytes: 16, result: 'served', client: 'gatehouse-web', project_id: num(projectId) },
    ].sort((x, y) => x.entity_id - y.entity_id));
    const left = (await gh.as(alice).get('/api/v1/download-list')).json();
    expect(left.items.map((i: { entityId: string }) => i.entityId).sort()).toEqual([files.c, files.v1, files.v2].sort());
    expect(left.summary.eligible).toBe(0);
  });

  it('the package keeps folders, makes names safe, numbers what still collides, and lists the conditions met', async () => {
    await gh.as(alice).delete('/api/v1/download-list');
    const deep = await folder(projectId, 'deep', ['READ', 'DOWNLOAD']);
    const sub = (await gh.as(carol).post('/api/v1/entities', { type: 'folder', name: 'sub', parentId: deep })).json().id;
    const readme1 = await upload(deep, 'README.txt', 'deep readme\n');
    const readme2 = await upload(sub, 'README.txt', 'sub readme\n');
    // A name from before names were checked, with a separator: it becomes "_", and then collides with "x_y".
    const plain = await folder(projectId, 'x_y', ['READ', 'DOWNLOAD']);
    const slashed = await folder(projectId, 'x-y', ['READ', 'DOWNLOAD']);
    await gh.ctx.db.query("UPDATE entities SET name = 'x/y' WHERE id = $1", [num(slashed)]);
    const readme3 = await upload(plain, 'README.txt', 'plain readme\n');
    const readme4 = await upload(slashed, 'README.txt', 'slashed readme\n');
    const controlled = await upload(folders.controlled, 'ok.csv', 'ok\n');
    const act = await gh.user('acton', { act: true, certified: true });
    const approval = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: arId, accessorId: alice.id });
    expect(approval.statusCode, approval.body).toBe(201);
    expect((await gh.as(alice).post('/api/v1/download-list', { entityIds: [readme1, readme2, readme3, readme4, controlled] })).statusCode).toBe(200);
    const res = await gh.as(alice).post('/api/v1/download-list/package');
    expect(res.statusCode, res.body).toBe(200);
    const entries = await unzip(res.rawPayload);
    expect(Object.keys(entries).sort()).toEqual(['Cart/controlled/ok.csv', 'Cart/deep/README.txt', 'Cart/deep/sub/README.txt', 'Cart/x_y/README (2).txt', 'Cart/x_y/README.txt', 'manifest.csv']);
    expect(entries['Cart/deep/README.txt']).toBe('deep readme\n');
    expect(entries['Cart/deep/sub/README.txt']).toBe('sub readme\n');
    expect(entries['Cart/x_y/README.txt']).toBe('plain readme\n');
    expect(entries['Cart/x_y/README (2).txt']).toBe('slashed readme\n');
    expect(entries['manifest.csv'].split('\r\n')).toEqual([
      'path,entity id,version,size in bytes,md5,conditions met',
      `Cart/deep/README.txt,${readme1},1,12,${md5('deep readme\n')},`,
      `Cart/deep/sub/README.txt,${readme2},1,11,${md5('sub readme\n')},`,
      `Cart/x_y/README.txt,${readme3},1,13,${md5('plain readme\n')},`,
      `Cart/x_y/README (2).txt,${readme4},1,15,${md5('slashed readme\n')},`,
      `Cart/controlled/ok.csv,${controlled},1,3,${md5('ok\n')},Controlled (approved)`,
      '',
    ]);
  });

  it('a name is one safe segment of a path: no separators, no NUL, never . or ..', () => {
    expect(safeSegment('a/b\\c')).toBe('a_b_c');
    expect(safeSegment('..')).toBe('_');
    expect(safeSegment('.')).toBe('_');
    expect(safeSegment('nul\u0000name\n')).toBe('nulname');
    expect(safeSegment('  ')).toBe('_');
    expect(safeSegment('.hidden')).toBe('.hidden');
    const taken = new Set<string>(['manifest.csv']);
    expect(['p/a.csv', 'p/A.csv', 'p/a.csv', 'manifest.csv', 'p/a (2).csv', 'p/noext', 'p/noext'].map((p) => uniquePath(p, taken)))
      .toEqual(['p/a.csv', 'p/A (2).csv', 'p/a (3).csv', 'manifest (2).csv', 'p/a (2) (2).csv', 'p/noext', 'p/noext (2)']);
  });

  it('a file that is purged leaves every list', async () => {
    const extra = await upload(folders.open, 'temporary.csv', 't\n');
    await gh.as(alice).post('/api/v1/download-list', { entityIds: [extra] });
    expect((await gh.as(carol).delete(`/api/v1/entities/${extra}?purge=true`)).statusCode).toBe(204);
    const ids = (await gh.as(alice).get('/api/v1/download-list')).json().items.map((i: { entityId: string }) => i.entityId);
    expect(ids).not.toContain(extra);
  });

  it('emptying the list', async () => {
    expect((await gh.as(alice).delete('/api/v1/download-list')).statusCode).toBe(204);
    expect((await gh.as(alice).get('/api/v1/download-list')).json().items).toEqual([]);
  });
});
