import type { AppContext } from '../context.js';
import { DAY, HOUR, MINUTE } from '../infra/clock.js';
import { getAcl, putAcl } from '../entities/acl.js';
import { registerRuntime } from '../runtimes/runtimes.js';
import { ingestDelivery, type IngestMetrics } from './ingest.js';
import { answerIncident, assessIncident, decideIncident } from './review.js';
import { loadEgressKey, secretBox } from './secretbox.js';
import { sign, signatureHeader } from './signature.js';
import { createSource } from './sources.js';

/**
 * The demo's egress monitoring (SPEC §10), made through the real code path: Sam the security engineer adds the
 * network monitor `workbench-monitor`; Alice runs a VM in the Cohort Analysis Workspace (groups demo); the monitor's
 * signed deliveries go through the ingestion use case, which opens the incidents, tells Alice and suspends her.
 *
 * - 3 weeks ago: 180 MiB left Alice's VM in 5 minutes. Alice answered the questions, Sam assessed and reinstated:
 *   a closed, reinstated incident.
 * - 2 days ago: 140 MiB, then 60 MiB more 20 minutes later (one incident, two events). Alice has not answered yet:
 *   the incident awaits her answers. Its 10-minute suspension has ended, so Alice can still download in the demo.
 * - 3 hours ago: an event naming a user and a VM Gatehouse does not know (unattributed); an hour ago, a delivery
 *   signed with an old secret (refused, BAD_SIGNATURE).
 *
 * The past is made with a clock standing at each moment, so the incidents, notices and audit entries carry their
 * times. Nothing is added when the users or the workspace are not there.
 */
export const DEMO_SOURCE = 'workbench-monitor';
export const DEMO_RUNTIME_EXTERNAL_ID = 'workbench/vm-alice-01';
const WORKSPACE = 'Cohort Analysis Workspace';
const MiB = 1024 * 1024;

const quietMetrics: IngestMetrics = { eventAccepted() {}, eventDuplicate() {}, eventRefused() {}, deliveryRefused() {} };

export async function loadEgressDemo(ctx: AppContext, users: Record<string, number>): Promise<void> {
  const { sam, alice, carol } = users;
  if (sam === undefined || alice === undefined || carol === undefined) return;
  const workspace = await ctx.db.maybeOne<{ id: number }>(`SELECT id FROM entities WHERE type = 'project' AND name = $1 ORDER BY id LIMIT 1`, [WORKSPACE]);
  if (!workspace) return;
  const projectId = Number(workspace.id);
  const now = ctx.clock.now().getTime();
  /** The app as it was `ago` ms before now. */
  const then = (ago: number): AppContext => ({ ...ctx, clock: { now: () => new Date(now - ago) } });
  const box = secretBox(loadEgressKey(ctx.config.egressSecretKey, ctx.config.dataDir));

  const past = then(28 * DAY);
  const { secret } = await ctx.db.tx((sql) => createSource(sql, past.clock, box, sam, {
    name: DEMO_SOURCE, description: 'Network monitor of the analysis workbench VMs (demo).',
  }));

  // Carol lets Alice run compute in her workspace; Alice's VM is registered there.
  const acl = await getAcl(past, { id: carol }, projectId);
  await putAcl(past, { id: carol }, projectId, {
    entries: acl.entries.map((e) => ({
      principalId: e.principalId,
      accessTypes: e.principalId === alice ? [...new Set([...e.accessTypes, 'COMPUTE' as const])] : e.accessTypes,
    })),
  });
  await registerRuntime(then(25 * DAY), { id: alice, isAdmin: false }, {
    projectId, name: 'Alice\'s RStudio VM', kind: 'vm', externalId: DEMO_RUNTIME_EXTERNAL_ID,
  });

  let n = 0;
  /** A monitor's event of the 5 minutes before `ago`. */
  const event = (ago: number, fields: Record<string, unknown>) => ({
    eventId: `wm-demo-${++n}`,
    windowStart: new Date(now - ago - 5 * MINUTE).toISOString(), windowSeconds: 300, observedAt: new Date(now - ago).toISOString(),
    kind: 'network', ...fields,
  });
  const deliver = async (ago: number, events: unknown[], withSecret = secret) => {
    const app = then(ago);
    const raw = Buffer.from(JSON.stringify(events.length === 1 ? events[0] : events));
    const t = Math.floor(app.clock.now().getTime() / 1000);
    return ingestDelivery(app, box, quietMetrics, {
      sourceName: DEMO_SOURCE, signature: signatureHeader(t, [sign(withSecret, t, raw)]), raw, size: raw.length, oversized: false, remoteAddress: '10.20.0.4',
    });
  };
  const latestIncident = async () =>
    Number((await ctx.db.one<{ id: number }>('SELECT id FROM egress_incidents WHERE user_id = $1 ORDER BY id DESC LIMIT 1', [alice])).id);

  // (a) Three weeks ago, answered, assessed and reinstated.
  const a = 21 * DAY;
  await deliver(a, [event(a, {
    runtimeId: DEMO_RUNTIME_EXTERNAL_ID, bytes: 180 * MiB,
    payload: { dst: '203.0.113.50', port: 443, process: 'curl', flows: 3 },
  })]);
  const closed = await latestIncident();
  const aliceUser = { id: alice, username: 'alice' };
  await answerIncident(then(a - 5 * HOUR), aliceUser, closed, [
    'Yes, I was working in the workspace that afternoon, preparing a figure of variant frequencies for a manuscript.',
    'No SQL: I ran `curl -T summary_figure_data.tar.gz https://transfer.example.edu/upload` from the VM\'s terminal.',
    'I uploaded the archive to my university\'s transfer server; I now understand it held row-level data. I deleted it there the same day.',
  ]);
  await assessIncident(then(a - 1 * DAY), { id: sam }, closed, {
    method: 'curl upload to an external HTTPS server', amountBytes: 180 * MiB, piiInvolved: false, maliciousIntentSuspected: false,
    rate: '180 MiB in about 4 minutes', manualOrScripted: 'manual', ports: [443],
    notes: 'Row-level variant calls, no direct identifiers. The receiving server\'s admin confirmed the deletion. Alice was reminded of the code of conduct: only summary data may leave the workspace.',
  });
  await decideIncident(then(a - 1 * DAY - 10 * MINUTE), { id: sam }, closed, 'reinstate',
    'Accidental upload of row-level data, deleted at the destination and confirmed; the user was reminded of the code of conduct.');

  // (b) Two days ago: two events, one incident, awaiting Alice's answers; the suspension (10 minutes) is over.
  const b = 2 * DAY;
  await deliver(b, [event(b, {
    runtimeId: DEMO_RUNTIME_EXTERNAL_ID, bytes: 140 * MiB, payload: { dst: '198.51.100.23', port: 22, process: 'scp', flows: 1 },
  })]);
  await deliver(b - 20 * MINUTE, [event(b - 20 * MINUTE, {
    runtimeId: DEMO_RUNTIME_EXTERNAL_ID, bytes: 60 * MiB, payload: { dst: '198.51.100.23', port: 22, process: 'scp', flows: 1 },
  })]);

  // (c) A VM Gatehouse does not know, and a monitor still signing with an old secret.
  await deliver(3 * HOUR, [event(3 * HOUR, {
    user: 'jdoe', runtimeId: 'workbench/vm-7f3c', bytes: 12 * MiB, payload: { dst: '192.0.2.80', port: 443, process: 'python3', flows: 2 },
  })]);
  await deliver(1 * HOUR, [event(1 * HOUR, {
    runtimeId: DEMO_RUNTIME_EXTERNAL_ID, bytes: 2 * MiB, payload: { dst: '203.0.113.9', port: 443 },
  })], 'gh_egs_retired-demo-secret');
}
