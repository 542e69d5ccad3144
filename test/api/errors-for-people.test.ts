import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from './requests-fixtures.js';
import { fromAjv } from '../../src/infra/fielderrors.js';

// Issue 9 item 6: every invalid field comes back with its label (where the server knows it), a stable code and a
// sentence for people; never a regular expression, a schema message or a `body.` path in what a person reads.

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 365 });
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => gh?.stop());

type Entry = { field: string; pointer: string; code: string; label?: string; message: string; sentence: string; params?: Record<string, unknown> };
const entries = (res: { json(): unknown }) => (res.json() as { errors: Entry[] }).errors;

async function arWithSigningOfficial() {
  const ar = await f.managedAr(act, owner, [], { ducRequired: false });
  await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
    fields: [
      { key: 't-signing-official-email', label: 'Signing official email', type: 'email' },
      { key: 't-project-title', label: 'Project title', type: 'short-text' },
    ],
  }));
  return ar;
}

describe('errors written for people', () => {
  it('a request answer that is not an email is named by its label, with a code and a sentence', async () => {
    const rita = await gh.user('rita', { certified: true, validated: true });
    const request = await f.open(rita, (await arWithSigningOfficial()).id);
    const res = await gh.as(rita).put(`/api/v1/requests/${request.id}`, { answers: { 't-signing-official-email': 'not-an-address' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(entries(res)).toEqual([{
      field: 'body.answers.t-signing-official-email', pointer: '/answers/t-signing-official-email', code: 'NOT_AN_EMAIL',
      label: 'Signing official email', message: 'must be an email address', sentence: 'Must be an email address, like name@example.org.',
    }]);
    expect(res.json().detail).toBe('The request is not valid: Signing official email must be an email address.');
  });

  it('a value that fails a pattern says the field\'s hint, and keeps the expression out of the sentence', async () => {
    const ar = await f.managedAr(act, owner, []);
    const res = await gh.as(act).post(`/api/v1/access-requirements/${ar.id}/subjects`, { type: 'entity', id: 'my folder' });
    expect(res.statusCode).toBe(400);
    const [entry, ...more] = entries(res);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ field: 'body.id', pointer: '/id', code: 'PATTERN_MISMATCH', sentence: 'Must be an entity id, like syn123, or a team id.' });
    expect(entry.params?.pattern).toBe('^(syn|SYN)?\\d{1,15}$');
    expect(entry.sentence).not.toMatch(/[\\^$]/);
  });

  it('a pattern without a hint is "not in the expected format"', () => {
    const entry = fromAjv('body', { keyword: 'pattern', instancePath: '/kind', message: 'must match pattern "^[a-z]+$"', params: { pattern: '^[a-z]+$' }, parentSchema: {} });
    expect(entry).toMatchObject({ field: 'body.kind', pointer: '/kind', code: 'PATTERN_MISMATCH', sentence: 'Is not in the expected format.', params: { pattern: '^[a-z]+$' } });
  });

  it('an integer below its minimum says "Must be 0 or more." (not the schema library\'s words)', async () => {
    const res = await gh.as(act).post('/api/v1/access-requirements', {
      type: 'ManagedACT', name: 'Negative expiry', terms: 'Be careful.', settings: { expirationDays: -1 },
    });
    expect(res.statusCode).toBe(400);
    expect(entries(res)).toMatchObject([{ field: 'body.settings.expirationDays', pointer: '/settings/expirationDays', code: 'TOO_SMALL', sentence: 'Must be 0 or more.', params: { limit: 0 } }]);
    expect(JSON.stringify(entries(res).map((e) => e.sentence))).not.toMatch(/expected integer/i);
  });

  it('a submit with three required answers missing and one invalid reports all four at once', async () => {
    const rosa = await gh.user('rosa', { certified: true, validated: true });
    const request = await f.open(rosa, (await arWithSigningOfficial()).id);
    // "Access until" was tomorrow when saved; at submit time it is past, so invalid, and reported with the missing ones.
    await f.save(rosa, request.id, { answers: { institution: 'Example University', intendedDataUse: 'Research.', accessUntil: '2026-03-03' } });
    gh.clock.advance(3 * 86_400_000);
    const res = await gh.as(rosa).post(`/api/v1/requests/${request.id}/submit`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUIRED_FIELDS_MISSING');
    expect(res.json().missing.map((m: { label: string }) => m.label)).toEqual(['Study lead', 'Signing official email', 'Project title']);
    expect(entries(res).map((e) => [e.pointer, e.label, e.code, e.sentence])).toEqual([
      ['/answers/studyLead', 'Study lead', 'REQUIRED', 'Fill this in.'],
      ['/answers/t-signing-official-email', 'Signing official email', 'REQUIRED', 'Fill this in.'],
      ['/answers/t-project-title', 'Project title', 'REQUIRED', 'Fill this in.'],
      ['/answers/accessUntil', 'Access until', 'TOO_SMALL', 'Must be a date after today.'],
    ]);
    expect(res.json().detail).not.toMatch(/body\./);
  });

  it('one wrong field is one entry, even when it fails several branches of its schema', async () => {
    const ar = await f.managedAr(act, owner, []);
    const res = await gh.as(act).post(`/api/v1/access-requirements/${ar.id}/subjects`, { type: 'entity', id: -4 });
    expect(res.statusCode).toBe(400);
    expect(entries(res).map((e) => e.field)).toEqual(['body.id']);
    const teams = await gh.as(owner).post('/api/v1/teams', { name: 'x'.repeat(101) });
    expect(entries(teams)).toMatchObject([{ field: 'body.name', code: 'TOO_LONG', sentence: 'Must have at most 100 characters.' }]);
  });

  it('schema errors name every missing field at once, each REQUIRED', async () => {
    const res = await gh.as(act).post('/api/v1/access-requirements', {});
    expect(res.statusCode).toBe(400);
    const required = entries(res).filter((e) => e.code === 'REQUIRED').map((e) => e.field);
    expect(required).toEqual(expect.arrayContaining(['body.type', 'body.name']));
    for (const e of entries(res)) expect(e.sentence).toMatch(/^[A-Z].*\.$/);
  });
});
