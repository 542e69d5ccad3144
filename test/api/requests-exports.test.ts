import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DAY, requestFixtures, type Ar } from './requests-fixtures.js';

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;
let [ana, bob, cyd]: TestUser[] = [];
let ar: Ar;
const ids: Record<string, number> = {};

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

/**
 * An AR with a public intended data use, a DUC and an IRB approval, a custom choice field and a user list:
 * ana approved in March (then renewed in April with a new DUC), bob approved in March, cyd submitted in April.
 */
beforeAll(async () => {
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
  ana = await gh.user('ana', { certified: true, validated: true });
  bob = await gh.user('bob', { certified: true, validated: true });
  cyd = await gh.user('cyd', { certified: true, validated: true });
  ar = await f.managedAr(act, owner, [], { irbRequired: true, iduPublic: true }, 'Public cohort');
  await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
    fields: [
      { label: 'Data types', type: 'multiple-choice', options: ['Genomic', 'Clinical'] },
      { label: 'Collaborators', type: 'user-list', optional: true },
    ],
  }));
  const fill = async (user: TestUser, idu: string, extra: Record<string, unknown> = {}) => {
    const request = await f.open(user, ar.id);
    await f.attach(user, request.id, 'duc', `duc-${user.username}.pdf`, `DUC of ${user.username}`);
    await f.attach(user, request.id, 'irb', `irb-${user.username}.pdf`, `IRB of ${user.username}`);
    await f.save(user, request.id, {
      answers: { studyLead: `Dr. ${user.username}`, institution: `${user.username} Institute`, intendedDataUse: idu, 'f-data-types': ['Genomic', 'Clinical'], ...extra },
    });
    return request.id as number;
  };
  ids.ana = await fill(ana, 'Ana studies tumor evolution.', { 'f-collaborators': [bob.id] });
  ids.anaV1 = (await f.submit(ana, ids.ana)).id;
  await f.approve(act, ids.anaV1);
  gh.clock.advance(DAY);
  ids.bob = await fill(bob, 'Bob, "quoted", studies germline risk.\nSecond line.');
  ids.bobV1 = (await f.submit(bob, ids.bob)).id;
  await f.approve(act, ids.bobV1);
  gh.clock.set('2026-04-10T09:00:00Z');
  const oldDuc = (await f.ok(await gh.as(ana).get(`/api/v1/requests/${ids.ana}`))).answers.duc[0];
  await gh.as(ana).delete(`/api/v1/requests/${ids.ana}/attachments/${oldDuc}`);
  await f.attach(ana, ids.ana, 'duc', 'duc-ana-2.pdf', 'Renewed DUC of ana');
  ids.anaV2 = (await f.submit(ana, ids.ana)).id;
  await f.approve(act, ids.anaV2);
  ids.cyd = await fill(cyd, 'Cyd is not approved yet.');
  ids.cydV1 = (await f.submit(cyd, ids.cyd)).id;
});
afterAll(async () => gh?.stop());

describe('exports for the data contributor', () => {
  it('one zip holds every DUC and attachment of the submissions in the period, with a CSV index', async () => {
    const res = await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/exports/attachments?from=2026-03-01&to=2026-04-01`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`requests-${ar.id}-attachments-2026-03-01-2026-04-01.zip`);
    const entries = await unzip(res.rawPayload);
    const names = Object.keys(entries).sort();
    expect(names.filter((n) => n !== 'index.csv').map((n) => n.replace(/\/\d+-/, '/#-'))).toEqual([
      `request-${ids.ana}/v1/duc/#-duc-ana.pdf`, `request-${ids.ana}/v1/irb/#-irb-ana.pdf`,
      `request-${ids.bob}/v1/duc/#-duc-bob.pdf`, `request-${ids.bob}/v1/irb/#-irb-bob.pdf`,
    ]);
    expect(entries[names.find((n) => n.includes('duc-bob'))!]).toBe('DUC of bob');
    const index = entries['index.csv'].trim().split('\r\n');
    expect(index[0]).toBe('Submission,Request,Version,State,Submitted on,Requestor,Study lead,Institution,Field,File name,Path in zip,Size,MD5');
    expect(index).toHaveLength(5);
    expect(index[1]).toMatch(new RegExp(`^${ids.anaV1},${ids.ana},1,APPROVED,2026-03-02T09:00:00.000Z,ana,Dr. ana,ana Institute,Data use certificate \\(DUC\\),duc-ana.pdf,request-`));
    expect((await f.audit('request.attachments-exported')).at(-1)).toMatchObject({ actor_id: act.id, details: { files: 4, submissions: [ids.anaV1, ids.bobV1] } });

    const april = await unzip((await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/exports/attachments?from=2026-04-01&to=2026-05-01`)).rawPayload);
    expect(Object.keys(april).filter((n) => n.includes('/duc/')).map((n) => n.replace(/\/\d+-/, '/#-')).sort())
      .toEqual([`request-${ids.ana}/v2/duc/#-duc-ana-2.pdf`, `request-${ids.cyd}/v1/duc/#-duc-cyd.pdf`]);
  });

  it('a CSV of the requests has one row per version with every answer', async () => {
    const res = await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/exports/requests?from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('Request,Submission,Version,State,Submitted on,Decided on,Decided by,Reason,Requestor,Study lead,Institution,Accessors,Access until,' +
      'Intended data use statement,Changed fields,Data types,Collaborators,Data use certificate (DUC),IRB approval');
    expect(lines[1]).toBe(`${ids.ana},${ids.anaV1},1,APPROVED,2026-03-02T09:00:00.000Z,2026-03-02T09:00:00.000Z,aron,,ana,Dr. ana,ana Institute,ana,,` +
      'Ana studies tumor evolution.,,Genomic; Clinical,bob,duc-ana.pdf,irb-ana.pdf');
    expect(res.body).toContain('"Bob, ""quoted"", studies germline risk.\nSecond line."');
    expect(lines.filter((l) => l.startsWith(`${ids.ana},`)).map((l) => l.split(',')[2])).toEqual(['1', '2']);
    expect(res.body).toContain(`${ids.ana},${ids.anaV2},2,APPROVED`);
    expect(res.body).toContain(',Ana studies tumor evolution.,duc,Genomic; Clinical,bob,duc-ana-2.pdf,irb-ana.pdf');
  });

  it('only ACT and the reviewers of the access requirement export, and a period must run forwards', async () => {
    expect((await gh.as(ana).get(`/api/v1/access-requirements/${ar.id}/exports/attachments?from=2026-03-01&to=2026-04-01`)).statusCode).toBe(403);
    expect((await gh.as(ana).get(`/api/v1/access-requirements/${ar.id}/exports/requests?from=2026-03-01&to=2026-04-01`)).statusCode).toBe(403);
    const backwards = await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/exports/requests?from=2026-04-01&to=2026-03-01`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'BAD_PERIOD' });
    expect((await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/exports/requests?from=yesterday&to=2026-03-01`)).statusCode).toBe(400);
  });
});

describe('the public listing of approved uses', () => {
  it('lists study lead, institution, approval date and intended data use, newest first, to anyone, as JSON and CSV', async () => {
    const res = await gh.as(null).get(`/api/v1/access-requirements/${ar.id}/approved-uses`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      accessRequirementId: ar.id, accessRequirementName: 'Public cohort', total: 2, limit: 50, offset: 0,
      items: [
        { studyLead: 'Dr. ana', institution: 'ana Institute', approvedOn: '2026-04-10T09:00:00.000Z', intendedDataUse: 'Ana studies tumor evolution.' },
        { studyLead: 'Dr. bob', institution: 'bob Institute', approvedOn: '2026-03-03T09:00:00.000Z', intendedDataUse: 'Bob, "quoted", studies germline risk.\nSecond line.' },
      ],
    });
    const csv = await gh.as(null).get(`/api/v1/access-requirements/${ar.id}/approved-uses?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe('Study lead,Institution,Approval date,Intended data use statement\r\n' +
      'Dr. ana,ana Institute,2026-04-10,Ana studies tumor evolution.\r\n' +
      'Dr. bob,bob Institute,2026-03-03,"Bob, ""quoted"", studies germline risk.\nSecond line."\r\n');
  });

  it('a revoked request leaves the listing; an AR whose intended data use is not public has no listing', async () => {
    await f.ok(await gh.as(act).post(`/api/v1/submissions/${ids.bobV1}/revoke`, { reason: 'Left the study.' }));
    const res = await f.ok(await gh.as(null).get(`/api/v1/access-requirements/${ar.id}/approved-uses`));
    expect(res.items.map((i: { studyLead: string }) => i.studyLead)).toEqual(['Dr. ana']);
    const hidden = await f.managedAr(act, owner, [], { iduPublic: false });
    const none = await gh.as(null).get(`/api/v1/access-requirements/${hidden.id}/approved-uses`);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'NO_PUBLIC_LISTING' });
  });
});
