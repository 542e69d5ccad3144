import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/demo.js';
import { signIn, startTestGatehouse, type TestGatehouse } from '../harness.js';
import {
  contractBreach, disallowed, Generator, hash32, operationsOf, prng, toJsonText, WriteWatch,
  type AllowedWrite, type FuzzRequest, type Operation, type Pools, type Write,
} from '../fuzz.js';
import { auditRunsSettled } from '../../src/audit/runs.routes.js';

/**
 * Issue 8: the fuzzer over the OpenAPI document, as a test of the project's own. Every operation is called with
 * valid-shaped and hostile requests (test/fuzz.ts), as an anonymous caller, a signed-in user and an admin.
 * It proves three things: no answer is 500 or above; every error is an RFC 9457 problem document with a code;
 * and a refused request writes nothing. FUZZ_CASES (cases per operation and caller) and FUZZ_SEED run it deeper
 * or otherwise: `FUZZ_CASES=60 FUZZ_SEED=7 npx vitest run test/api/fuzz.test.ts`.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 8);
/** FUZZ_USER: the demo user who is the signed-in caller (alice, a researcher; carol contributes data; act reviews). */
const USER = process.env.FUZZ_USER ?? 'alice';
/** FUZZ_VERBOSE=1 prints, per operation, how many answers of each status it got: which ones the fuzzer gets into. */
const VERBOSE = process.env.FUZZ_VERBOSE === '1';

/**
 * What a refused request may write, because writing it is how the refusal is recorded. The migrations' other
 * tables are all checked.
 */
const ALLOWED_ON_REFUSAL: AllowedWrite[] = [
  { table: 'decision_denials', op: 'INSERT', why: 'every denied access is recorded for the audits (spec §11, src/entities/access.ts recordDenial)' },
  { table: 'download_records', op: 'INSERT', rows: (r) => r.result === 'denied' || r.result === 'failed',
    why: 'every download attempt is recorded, a denied one as "denied" and one that could not be served (a bad range, a missing blob) as "failed" (spec §11, src/entities/downloads.ts)' },
  { table: 'audit_checks', op: 'INSERT', why: 'each record written above queues its continuous-audit check in the same statement (migrations/0190, src/audit/continuous.ts)' },
  { table: 'access_tokens', op: 'UPDATE', columns: ['last_used_at'], why: 'a token is marked used when it authenticates, before the route decides (src/identity/authenticate.ts)' },
  { table: 'signin_limits', why: 'counts failed sign-ins and locks accounts out: written exactly when a sign-in is refused (migrations/0060)' },
  { table: 'audit_log', op: 'INSERT', rows: (r) => /^auth\..*(fail|lock|refus)/.test(String(r.action)), why: 'a refused or locked-out sign-in is audited' },
  { table: 'egress_deliveries', op: 'INSERT', rows: (r) => r.result === 'refused',
    why: 'every delivery to the egress webhook is kept, a refused one with its reason, so that a misconfigured monitor is visible (issue 10, docs/adr/0016)' },
  { table: 'audit_log', op: 'INSERT', rows: (r) => r.action === 'egress.delivery-refused', why: 'a refused egress delivery is audited (reason and source, not the body)' },
  { table: 'egress_refused_floods', why: 'refused egress deliveries past the per-address rate are counted per minute instead of stored (migrations/0140)' },
];

interface Persona {
  name: 'anonymous' | 'user' | 'admin';
  headers: Record<string, string>;
}

interface Failure {
  reason: string;
  persona: string;
  op: Operation;
  request: FuzzRequest;
  status: number;
  code: string;
  body: string;
}

let gh: TestGatehouse;
let watch: WriteWatch;
let pools: Pools;
const personas: Persona[] = [];
let replacements = 0;

/** A bearer token of a user who signs in with the password given. */
async function tokenOf(username: string, password: string): Promise<string> {
  const cookie = await signIn(gh, username, password);
  const res = await gh.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload: { name: 'fuzz' } });
  if (res.statusCode !== 201) throw new Error(`token for ${username}: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

/**
 * The fuzzer's own valid requests may revoke a persona's token, disable or demote it, or publish new terms. Before
 * each operation the personas are checked, and one that no longer works as itself is put right or replaced.
 */
async function keepPersonas(): Promise<void> {
  for (const persona of personas) {
    if (persona.name === 'anonymous') continue;
    const me = await gh.app.inject({ method: 'GET', url: '/api/v1/me', headers: persona.headers });
    const body = me.statusCode === 200 ? (me.json() as { isAdmin: boolean; acceptedTerms: boolean }) : null;
    if (body && !body.acceptedTerms) {
      const terms = (await gh.app.inject({ method: 'GET', url: '/api/v1/terms', headers: persona.headers })).json() as { version: string };
      await gh.app.inject({ method: 'POST', url: '/api/v1/terms/accept', headers: persona.headers, payload: { version: terms.version } });
      continue;
    }
    if (body && body.isAdmin === (persona.name === 'admin')) continue;
    const user = await gh.user(`fuzz-${persona.name}-${++replacements}`, { admin: persona.name === 'admin', certified: true, validated: true });
    persona.headers = { authorization: `Bearer ${await tokenOf(user.username, user.password)}` };
  }
  await watch.take();
}

beforeAll(async () => {
  gh = await startTestGatehouse();
  await loadDemo(gh.ctx);
  personas.push(
    { name: 'anonymous', headers: {} },
    { name: 'user', headers: { authorization: `Bearer ${await tokenOf(USER, DEMO_PASSWORD)}` } },
    { name: 'admin', headers: { authorization: `Bearer ${await tokenOf('admin', DEMO_PASSWORD)}` } },
  );
  // Ids by what they name (test/fuzz.ts idKind: the path segment or field name they stand for).
  const tables: Record<string, string> = {
    entity: 'entities', team: 'teams', user: 'users', accessor: 'users', principal: 'principals', accessrequirement: 'access_requirements',
    accessapproval: 'approvals', request: 'data_access_requests', submission: 'request_submissions', verification: 'verification_requests',
    blob: 'blobs', attachment: 'request_attachments', formfieldtemplate: 'form_field_templates', outbox: 'outbox', notification: 'notifications',
    invitation: 'team_invitations', membershiprequest: 'team_membership_requests', runtime: 'runtimes', token: 'access_tokens',
    externalaccount: 'external_account_links', any: 'principals',
  };
  const ids: Record<string, number[]> = {};
  for (const [kind, table] of Object.entries(tables)) {
    ids[kind] = (await gh.ctx.db.query<{ id: number }>(`SELECT id::int AS id FROM ${table} ORDER BY id LIMIT 50`)).map((r) => r.id);
  }
  const groups = await gh.ctx.db.query<{ name: string }>('SELECT name FROM managed_groups ORDER BY name');
  pools = { ids, names: groups.length ? groups.map((r) => r.name) : ['no-such-group'] };
  watch = await WriteWatch.install(gh.ctx.db);
}, 120_000);
afterAll(async () => gh?.stop());

describe('the fuzzer over the OpenAPI document', () => {
  it('sees a write when one is made, and only then', async () => {
    await watch.take();
    await gh.ctx.db.query("UPDATE teams SET name = name WHERE id = 4");
    expect(await watch.take(), 'an update that changes nothing is no write').toEqual([]);
    await gh.ctx.db.query("INSERT INTO platform_terms (version, body, published_at) VALUES ('fuzz-probe', 'x', now())");
    await gh.ctx.db.query("DELETE FROM platform_terms WHERE version = 'fuzz-probe'");
    // access_changes is the decision index's change log, written by the migrations' own triggers.
    expect((await watch.take()).map((w) => [w.table, w.op])).toEqual([
      ['platform_terms', 'INSERT'], ['access_changes', 'INSERT'], ['platform_terms', 'DELETE'], ['access_changes', 'INSERT'],
    ]);
  });

  it('no answer is ≥ 500, every error is a problem document, no refused request writes', async () => {
    const doc = (await gh.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Parameters<typeof operationsOf>[0];
    // Reads first and deletions last, so that the fuzzer's own valid deletions leave something for the others to reach.
    const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    const operations = operationsOf(doc).sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
    expect(operations.length).toBeGreaterThan(100);

    const failures: Failure[] = [];
    let sent = 0;
    let refused = 0;
    let partial = 0;
    const started = Date.now();
    const statuses = new Map<string, Map<number, number>>();
    for (const op of operations) {
      await keepPersonas();
      // Each caller gets its own cases: as many requests, three times the variety (validation runs for all).
      const cases = personas.flatMap((persona) =>
        new Generator(prng(SEED ^ hash32(`${persona.name} ${op.method} ${op.path}`)), pools).cases(op, CASES).map((request) => ({ persona, request })));
      for (const { persona, request } of cases) {
        const res = await gh.app.inject({
          method: request.method as 'GET',
          url: request.url,
          headers: { ...persona.headers, ...request.headers },
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        sent++;
        // An audit run goes on after its 202: let it finish, so its writes are not taken for this request's.
        await auditRunsSettled();
        const seen = statuses.get(`${op.method} ${op.path}`) ?? new Map<number, number>();
        statuses.set(`${op.method} ${op.path}`, seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1));
        const writes: Write[] = await watch.take();
        const fail = (reason: string) => failures.push({
          reason, persona: persona.name, op, request, status: res.statusCode, body: res.body.slice(0, 300),
          code: String(safeJson(res.body)?.code ?? ''),
        });
        const breach = contractBreach(res);
        if (breach) fail(breach);
        if (res.statusCode >= 400) {
          refused++;
          const bad = disallowed(writes, ALLOWED_ON_REFUSAL);
          if (bad.length > 0) {
            partial++;
            fail(`partial write: ${bad.map((w) => `${w.op} ${w.table}`).join(', ')} — ${toJsonText(bad[0].new ?? bad[0].old).slice(0, 200)}`);
          }
        }
      }
    }
    if (VERBOSE) {
      for (const [key, seen] of statuses) console.log(`${key}: ${[...seen].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`);
      console.log(`callers replaced after the fuzzer's own requests revoked, disabled or demoted them: ${replacements}`);
    }
    const over500 = failures.filter((f) => f.reason === 'status ≥ 500').length;
    const notProblem = failures.filter((f) => f.reason !== 'status ≥ 500' && !f.reason.startsWith('partial write')).length;
    console.log(
      `fuzz (${gh.ctx.db.kind}, seed ${SEED}, ${CASES} cases per operation and caller): ${operations.length} operations, ` +
        `${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ${over500} answers ≥ 500, ${notProblem} errors not problem documents, ` +
        `${refused} refused requests checked for partial writes, ${partial} partial writes`,
    );
    expect(failures, report(failures)).toEqual([]);
  }, 120_000 + CASES * 10_000);
});

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Failures grouped by operation, reason, status and code; one example of each. */
function report(failures: Failure[]): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.op.method} ${f.op.path} → ${f.status} ${f.code || '-'}: ${f.reason.replace(/ — .*/, '')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines = [...groups.entries()].map(([key, fs]) => {
    const f = fs[0];
    const payload = typeof f.request.payload === 'string' ? f.request.payload.slice(0, 120) : f.request.payload ? `<${f.request.payload.length} bytes>` : '';
    return `${key} (×${fs.length})\n    as ${f.persona}: ${f.request.method} ${f.request.url.slice(0, 160)} [${f.request.note.slice(0, 160)}]` +
      `${payload ? `\n    payload: ${JSON.stringify(payload)}` : ''}\n    answer: ${f.body.replace(/\s+/g, ' ').slice(0, 240)}` +
      `${f.reason.includes(' — ') ? `\n    ${f.reason.slice(f.reason.indexOf(' — ') + 3)}` : ''}`;
  });
  const shown = lines.slice(0, 60).join('\n') + (lines.length > 60 ? `\n… and ${lines.length - 60} more groups` : '');
  return `${failures.length} failures in ${groups.size} groups (FUZZ_SEED=${SEED} FUZZ_CASES=${CASES}):\n${shown}`;
}
