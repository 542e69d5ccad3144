import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { messages } from '../decisions/messages.js';
import { bytesInInterval, inInterval, readWindows, within, type WindowReading } from './windows.js';

/**
 * The egress policy (SPEC §10) and `escalate`, the pure function that turns one new amount of egress into the
 * actions Gatehouse takes. No I/O and no clock: the caller loads the user's history, passes `now`, and carries
 * out the actions in one transaction. Times are epoch milliseconds; the edge rules of every span are in
 * windows.ts ("within D" is closed, "from … until" is half-open).
 *
 *   amount ─┬─ download while disabled / suspended ───────────────► refuse-download (nothing else)
 *           ├─ summary download ─ over the summary limit ─────────► refuse-summary-download
 *           │                    └ within it: not watched ────────► (nothing)
 *           ├─ in a bypass window, within its cap, not high-volume ► [open|join bypassed incident] mark-bypassed
 *           ├─ no window crossed ─────────────────────────────────► (nothing: accounting only)
 *           └─ crossed ─► open-incident | join-incident
 *                         level = high-volume ? disable : the rule for the user's count (ruleFor)
 *                         ─► notify-user (new incident only) ─► suspend ─► stop-runtimes ─► disable-account
 *                         a download escalating to suspend or disable is refused first (inline enforcement).
 *
 * An alert that joins an incident while its suspension is in force adds nothing (the incident was acted on);
 * one that joins after the suspension ended suspends again; a new incident extends a suspension in force.
 * A monitor's alert from a disabled account stops the runtimes again (one of them is evidently running).
 *
 * The actions come in the order of the ESCALATION_ORDER below, so that a caller can act on them in sequence:
 * a refusal first (decided before any byte is sent), then the incident, then what follows from it.
 */

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
/** The longest sliding window, suspension and incident merge a policy may set. */
export const MAX_SPAN_DAYS = 30;

export const EGRESS_SOURCES = ['monitor', 'download'] as const;
/** Where an amount of egress was seen: an event posted by a runtime's network monitor, or bytes Gatehouse served. */
export type EgressSource = (typeof EGRESS_SOURCES)[number];
/** Row-level data is what the thresholds watch; summary data may be downloaded up to a size limit (SPEC §10). */
export type DataClass = 'row-level' | 'summary';
/** How severe an escalation rule is; a later rule is never milder than an earlier one. */
export const RULE_ACTIONS = ['notify', 'suspend', 'disable'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

const WindowThresholdSchema = Type.Object({
  windowSeconds: Type.Integer({ description: 'Length of the sliding window, in seconds' }),
  bytes: Type.Integer({ description: 'Bytes allowed in the window; more than this is an alert' }),
}, { additionalProperties: false });

const EscalationRuleSchema = Type.Object({
  fromCount: Type.Integer({ description: 'Applies from this many incidents in the look-back period' }),
  action: Type.Union([Type.Literal('notify'), Type.Literal('suspend'), Type.Literal('disable')], {
    description: 'notify the user; suspend compute and downloads for a while (stopping the runtimes); disable the account',
  }),
  suspendMinutes: Type.Optional(Type.Integer({ description: 'How long a suspension lasts; only for action suspend' })),
}, { additionalProperties: false });

/**
 * The policy as stored and as the routes take it. Bounds are checked by validatePolicy, which says what is wrong
 * in words; the schema only fixes the shape.
 */
export const EgressPolicySchema = Type.Object({
  thresholds: Type.Object({
    monitor: Type.Array(WindowThresholdSchema, { description: 'Limits on the egress events posted by network monitors' }),
    download: Type.Array(WindowThresholdSchema, { description: 'Limits on the bytes of row-level data Gatehouse serves' }),
  }, { additionalProperties: false }),
  highVolumeBytes: Type.Integer({ description: 'More than this in any window disables the account at once, bypass or not' }),
  incidentMergeMinutes: Type.Integer({ description: 'Alerts of one user in one project this close to an incident\'s first alert join it' }),
  lookBackDays: Type.Integer({ description: 'Incidents this recent count towards the escalation rules' }),
  rules: Type.Array(EscalationRuleSchema, { description: 'Escalation by the user\'s incident count; the rule with the highest count not above it applies' }),
  summaryDownloadMaxBytes: Type.Integer({ description: 'Largest download of summary data allowed' }),
  defaultBypassDays: Type.Integer({ description: 'How long a bypass window lasts unless the engineer says otherwise' }),
  questions: Type.Array(Type.String(), { description: 'Asked of the user once per incident; {time} is replaced by the incident\'s time' }),
}, { additionalProperties: false });

export type EgressPolicy = Static<typeof EgressPolicySchema>;
export type WindowThreshold = EgressPolicy['thresholds']['monitor'][number];
export type EscalationRule = EgressPolicy['rules'][number];

const allOfUsWindows = (): WindowThreshold[] => [
  { windowSeconds: 5 * 60, bytes: 100 * MiB },
  { windowSeconds: 10 * 60, bytes: 100 * MiB },
  { windowSeconds: 60 * 60, bytes: 100 * MiB },
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The defaults: All of Us's test thresholds and its escalation (seed 000), the security team's three questions. */
export const DEFAULT_POLICY: EgressPolicy = deepFreeze<EgressPolicy>({
  thresholds: { monitor: allOfUsWindows(), download: allOfUsWindows() },
  highVolumeBytes: 100 * GiB,
  incidentMergeMinutes: 90,
  lookBackDays: 365,
  rules: [
    { fromCount: 1, action: 'suspend', suspendMinutes: 10 },
    { fromCount: 3, action: 'disable' },
  ],
  summaryDownloadMaxBytes: 10 * MiB,
  defaultBypassDays: 2,
  questions: [
    'Can you please confirm you were active in your account at {time}, and also share the details of your activity?',
    'Can you please share the SQL query or other method you used, so that we can validate it against our logs?',
    'Finally, can you please confirm that no data were downloaded to your local device during this activity?',
  ],
});

/** Messages of the egress policy that a user sees. The suspension's is §5's, from the decision catalogue. */
export const egressMessages = {
  suspended: messages.egressSuspended,
  disabled: messages.userDisabled,
  summaryTooLarge: (limitBytes: number): string =>
    `This download of summary data is larger than the ${formatBytes(limitBytes)} allowed. Download less at a time, ` +
    'or ask a security engineer for a bypass window.',
  /** To the Security Engineers team when the user answered. */
  answeredNotice: (id: number, username: string) => ({
    subject: `Egress incident ${id}: ${username} answered`,
    body: `${username} answered the questions of egress incident ${id}. Review it.`,
  }),
  /** To the user when an engineer closed the incident. */
  decidedNotice: (id: number, decision: 'false-positive' | 'remediated' | 'reinstate', reason: string) => ({
    subject: `Your egress incident ${id} is closed`,
    body: decision === 'reinstate'
      ? `A security engineer reviewed the egress incident and reinstated your access: ${reason}`
      : `A security engineer reviewed the egress incident and closed it (${decision === 'false-positive' ? 'a false positive' : 'remediated'}): ${reason}`,
  }),
  /** The notice of a new incident, in the app and by email; the questions are the policy's, {time} filled in. */
  incidentNotice: (source: EgressSource, time: string, questions: readonly string[]): { subject: string; body: string } => ({
    subject: source === 'download' ? 'Unusually large downloads from your account' : 'Unusual data egress from your account',
    body: (source === 'download'
      ? `Gatehouse served your account more data than its egress policy allows (at ${time}). `
      : `Gatehouse saw more data leave your workspace than its egress policy allows (at ${time}). `) +
      `A security engineer will review it. Please answer these questions:\n\n${questions.map((q, i) => `${i + 1}. ${q}`).join('\n')}`,
  }),
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Inputs and actions

/** An amount of egress already accounted for (the user's recent amounts, both sources). */
export interface EgressAmount {
  source: EgressSource;
  at: number;
  bytes: number;
  projectId: number | null;
  runtimeId: number | null;
  /** Downloads only; absent means row-level. Summary amounts are never counted in the windows. */
  dataClass?: DataClass;
}

/** The new amount: a monitor's event or a Gatehouse download about to be served. */
export interface EgressEvent extends EgressAmount {
  /** Unique within its source (the monitor's event id, the download record's id); names a new incident. */
  id: string;
  userId: number;
}

/** counted: an alert that counts; false-positive: so judged by an engineer; bypassed: inside a bypass window. */
export type IncidentState = 'counted' | 'false-positive' | 'bypassed';

export interface IncidentSummary {
  key: string;
  projectId: number | null;
  /** The time of its first event. */
  openedAt: number;
  state: IncidentState;
  /** Decided by an engineer: it still counts (unless a false positive), but no later alert joins it. */
  closed?: boolean;
}

export interface BypassWindow {
  from: number;
  until: number;
  capBytes: number;
  reason: string;
}

/** What escalate needs to know of the user. */
export interface EgressHistory {
  incidents: readonly IncidentSummary[];
  /** The user's recent amounts; anything older than the longest window and the bypass windows may be left out. */
  amounts: readonly EgressAmount[];
  bypassWindows: readonly BypassWindow[];
  /** The end of the user's suspension, in force while now < suspendedUntil; null when never suspended. */
  suspendedUntil: number | null;
  accountDisabled: boolean;
}

export type EgressAction =
  | { kind: 'refuse-download'; message: string }
  | { kind: 'refuse-summary-download'; message: string; limitBytes: number }
  | { kind: 'open-incident'; incidentKey: string; state: 'counted' | 'bypassed' }
  | { kind: 'join-incident'; incidentKey: string }
  | { kind: 'mark-bypassed' }
  | { kind: 'notify-user'; incidentKey: string }
  | { kind: 'suspend'; until: number }
  | { kind: 'stop-runtimes' }
  | { kind: 'disable-account'; reason: 'incident-count' | 'high-volume' };

export type EgressActionKind = EgressAction['kind'];

/** The order actions come in; escalate never returns two of one kind. */
export const ESCALATION_ORDER: readonly EgressActionKind[] = [
  'refuse-download', 'refuse-summary-download', 'open-incident', 'join-incident', 'mark-bypassed',
  'notify-user', 'suspend', 'stop-runtimes', 'disable-account',
];

/** What escalate decided and why: for the incident page and for tests. */
export interface Assessment {
  actions: EgressAction[];
  /** The windows of the event's source, read at the event's time; empty when not watched (refused, summary). */
  windows: WindowReading[];
  crossed: boolean;
  highVolume: boolean;
  /** The bypass window that let the amount through, if one did. */
  bypass: BypassWindow | null;
  /** Counted incidents in the look-back period, the new one included; null when no incident is involved. */
  incidentCount: number | null;
  rule: EscalationRule | null;
  level: 'none' | 'bypassed' | RuleAction;
}

// ---------------------------------------------------------------------------------------------------------------
// The functions

/** The rule for a count of incidents: the one with the highest fromCount not above it; null below the first. */
export function ruleFor(policy: EgressPolicy, count: number): EscalationRule | null {
  let best: EscalationRule | null = null;
  for (const rule of policy.rules) if (rule.fromCount <= count && (best === null || rule.fromCount > best.fromCount)) best = rule;
  return best;
}

/** Incidents that count at `now`: state counted, opened within the look-back period of now (ends included). */
export function countedIncidents(policy: EgressPolicy, incidents: readonly IncidentSummary[], now: number): number {
  const lookBack = policy.lookBackDays * 86_400_000;
  // Before or after now: an incident opened by a monitor whose clock runs a little ahead counts at once.
  return incidents.filter((i) => i.state === 'counted' && within(i.openedAt, now, lookBack)).length;
}

/**
 * The incident an alert joins: one of the same user (the history is the user's) in the same project, in the same
 * state, not yet decided by an engineer, whose first event is within the merge span of the alert, before or after. The most recently opened wins
 * (then the smallest key). An alert with no project never joins: each is an incident of its own.
 */
export function incidentToJoin(
  policy: EgressPolicy, incidents: readonly IncidentSummary[], event: Pick<EgressEvent, 'projectId' | 'at'>, state: 'counted' | 'bypassed',
): IncidentSummary | null {
  if (event.projectId === null) return null;
  const span = policy.incidentMergeMinutes * 60_000;
  let best: IncidentSummary | null = null;
  for (const i of incidents) {
    if (i.closed || i.state !== state || i.projectId !== event.projectId || !within(i.openedAt, event.at, span)) continue;
    if (best === null || i.openedAt > best.openedAt || (i.openedAt === best.openedAt && i.key < best.key)) best = i;
  }
  return best;
}

/** The key of the incident a new alert opens. */
export const newIncidentKey = (event: Pick<EgressEvent, 'source' | 'id'>): string => `${event.source}:${event.id}`;

const watched = (a: EgressAmount) => a.dataClass !== 'summary';

/** The sliding windows of the event's source over the user's watched amounts of that source, the event included. */
export function accountEvent(policy: EgressPolicy, amounts: readonly EgressAmount[], event: EgressEvent): WindowReading[] {
  const past = amounts.filter((a) => a.source === event.source && watched(a));
  return readWindows(policy.thresholds[event.source], past, event);
}

/**
 * The same windows per user, per project and per runtime (for the dashboard and the incident page). The
 * thresholds are applied to the user's total only: it holds every project's and runtime's amounts, so it
 * crosses whenever one of theirs would.
 */
export function accountByScope(policy: EgressPolicy, amounts: readonly EgressAmount[], event: EgressEvent): {
  user: WindowReading[]; project: WindowReading[] | null; runtime: WindowReading[] | null;
} {
  return {
    user: accountEvent(policy, amounts, event),
    project: event.projectId === null ? null : accountEvent(policy, amounts.filter((a) => a.projectId === event.projectId), event),
    runtime: event.runtimeId === null ? null : accountEvent(policy, amounts.filter((a) => a.runtimeId === event.runtimeId), event),
  };
}

/**
 * A bypass window that lets the amount through: active at the amount's time and with room for it, counting
 * every watched amount of the user (both sources) already in the window. Cumulative: the transfer that fills
 * the cap passes, the next byte does not.
 */
export function bypassFor(history: Pick<EgressHistory, 'bypassWindows' | 'amounts'>, event: EgressEvent): BypassWindow | null {
  const amounts = history.amounts.filter(watched);
  for (const w of history.bypassWindows) {
    if (!inInterval(event.at, w.from, w.until)) continue;
    if (bytesInInterval(amounts, w.from, w.until) + event.bytes <= w.capBytes) return w;
  }
  return null;
}

/** The actions for one new amount of egress (see the header). Deterministic: same inputs, same actions. */
export function escalate(policy: EgressPolicy, history: EgressHistory, event: EgressEvent, now: number): EgressAction[] {
  return assess(policy, history, event, now).actions;
}

/** escalate, with its reasons. */
export function assess(policy: EgressPolicy, history: EgressHistory, event: EgressEvent, now: number): Assessment {
  const nothing: Assessment = {
    actions: [], windows: [], crossed: false, highVolume: false, bypass: null, incidentCount: null, rule: null, level: 'none',
  };
  const suspended = history.suspendedUntil !== null && now < history.suspendedUntil;

  // A download the decision chain should have refused already: refused again here, nothing else happens.
  if (event.source === 'download' && history.accountDisabled) {
    return { ...nothing, actions: [{ kind: 'refuse-download', message: egressMessages.disabled }] };
  }
  if (event.source === 'download' && suspended) {
    return { ...nothing, actions: [{ kind: 'refuse-download', message: egressMessages.suspended }] };
  }
  if (event.source === 'download' && event.dataClass === 'summary') {
    if (event.bytes <= policy.summaryDownloadMaxBytes) return nothing;
    const limitBytes = policy.summaryDownloadMaxBytes;
    return { ...nothing, actions: [{ kind: 'refuse-summary-download', message: egressMessages.summaryTooLarge(limitBytes), limitBytes }] };
  }

  const windows = accountEvent(policy, history.amounts, { ...event, dataClass: 'row-level' });
  const highVolume = windows.some((w) => w.totalBytes > policy.highVolumeBytes);
  const crossed = highVolume || windows.some((w) => w.crossed);
  const read = { ...nothing, windows, crossed, highVolume };

  const bypass = highVolume ? null : bypassFor(history, event);
  if (bypass) {
    const actions: EgressAction[] = crossed ? [incidentAction(policy, history, event, 'bypassed')] : [];
    actions.push({ kind: 'mark-bypassed' });
    return { ...read, actions, bypass, level: 'bypassed' };
  }
  if (!crossed) return read;

  const incident = incidentAction(policy, history, event, 'counted');
  const opened = incident.kind === 'open-incident';
  const incidentCount = countedIncidents(policy, history.incidents, now) + (opened ? 1 : 0);
  const rule = ruleFor(policy, incidentCount);
  const level: Assessment['level'] = highVolume ? 'disable' : rule?.action ?? 'none';

  const actions: EgressAction[] = [];
  if (event.source === 'download' && (level === 'suspend' || level === 'disable')) {
    actions.push({ kind: 'refuse-download', message: egressMessages.suspended });
  }
  actions.push(incident);
  if (opened && level !== 'none') actions.push({ kind: 'notify-user', incidentKey: incident.incidentKey });
  let stop = false;
  if (level === 'suspend' && !history.accountDisabled) {
    const until = now + (rule?.suspendMinutes ?? 0) * 60_000;
    // A suspension in force stands for the incident that caused it; a new incident, or egress that goes on
    // after the suspension ended, suspends again from now.
    const again = !suspended || (opened && history.suspendedUntil! < until);
    if (again) {
      actions.push({ kind: 'suspend', until });
      stop = true;
    }
  }
  const disable = level === 'disable' && !history.accountDisabled;
  // A monitor's alert from an account disabled already means a runtime of it still runs: stop it again.
  if (disable || (history.accountDisabled && event.source === 'monitor' && level !== 'none' && level !== 'notify')) stop = true;
  if (stop) actions.push({ kind: 'stop-runtimes' });
  if (disable) actions.push({ kind: 'disable-account', reason: highVolume ? 'high-volume' : 'incident-count' });
  return { ...read, actions, incidentCount, rule, level };
}

function incidentAction(
  policy: EgressPolicy, history: EgressHistory, event: EgressEvent, state: 'counted' | 'bypassed',
): Extract<EgressAction, { kind: 'open-incident' | 'join-incident' }> {
  const join = incidentToJoin(policy, history.incidents, event, state);
  return join ? { kind: 'join-incident', incidentKey: join.key } : { kind: 'open-incident', incidentKey: newIncidentKey(event), state };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

export interface PolicyProblem {
  /** Dotted path in the policy, e.g. thresholds.monitor.1.windowSeconds. */
  field: string;
  message: string;
}

const MAX_WINDOW_SECONDS = MAX_SPAN_DAYS * 86_400;
const MAX_MINUTES = MAX_SPAN_DAYS * 1440;
const MAX_LIST = 20;
const MAX_QUESTION_CHARS = 2000;

/**
 * Everything wrong with a proposed policy, in words a security engineer understands; empty when it can be saved.
 * The shape is checked first (a wrong type or an unknown field); the bounds only when the shape is right.
 */
export function validatePolicy(input: unknown): PolicyProblem[] {
  const shape = [...Value.Errors(EgressPolicySchema, input)].map((e) => ({
    field: e.path.split('/').filter(Boolean).join('.') || '(policy)',
    message: e.message === 'Unexpected property' ? 'is not a setting of the egress policy'
      : e.message === 'Expected required property' ? 'is required'
        : e.message === 'Expected integer' ? 'must be a whole number'
        : e.message.charAt(0).toLowerCase() + e.message.slice(1),
  }));
  // TypeBox reports a missing property twice (required, then its type); one line each is enough.
  if (shape.length > 0) return shape.filter((p, i) => shape.findIndex((q) => q.field === p.field) === i);

  const p = input as EgressPolicy;
  const problems: PolicyProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const size = (field: string, value: number) => {
    if (value < 1) bad(field, 'must be a positive number of bytes');
    else if (value > Number.MAX_SAFE_INTEGER) bad(field, `must be at most ${Number.MAX_SAFE_INTEGER} bytes`);
  };
  const count = (field: string, list: readonly unknown[], what: string) => {
    if (list.length === 0) bad(field, `needs at least one ${what}`);
    if (list.length > MAX_LIST) bad(field, `may hold at most ${MAX_LIST} ${what}s`);
  };

  for (const source of EGRESS_SOURCES) {
    const list = p.thresholds[source];
    count(`thresholds.${source}`, list, 'window');
    const seen = new Set<number>();
    list.forEach((t, i) => {
      const at = `thresholds.${source}.${i}`;
      if (t.windowSeconds < 1) bad(`${at}.windowSeconds`, 'must be at least 1 second');
      else if (t.windowSeconds > MAX_WINDOW_SECONDS) bad(`${at}.windowSeconds`, `must be at most ${MAX_SPAN_DAYS} days (${MAX_WINDOW_SECONDS} seconds)`);
      if (seen.has(t.windowSeconds)) bad(`${at}.windowSeconds`, `repeats the window of ${t.windowSeconds} seconds; give each window once`);
      seen.add(t.windowSeconds);
      size(`${at}.bytes`, t.bytes);
    });
  }

  size('highVolumeBytes', p.highVolumeBytes);
  const largest = Math.max(0, ...p.thresholds.monitor.map((t) => t.bytes), ...p.thresholds.download.map((t) => t.bytes));
  if (p.highVolumeBytes >= 1 && p.highVolumeBytes <= largest) {
    bad('highVolumeBytes', `must be larger than every window threshold (the largest is ${formatBytes(largest)}, ${largest} bytes), ` +
      'or accounts would be disabled where a suspension was meant');
  }

  if (p.incidentMergeMinutes < 0) bad('incidentMergeMinutes', 'must be 0 (every alert its own incident) or more');
  else if (p.incidentMergeMinutes > MAX_MINUTES) bad('incidentMergeMinutes', `must be at most ${MAX_SPAN_DAYS} days (${MAX_MINUTES} minutes)`);
  if (p.lookBackDays < 1) bad('lookBackDays', 'must be at least 1 day');
  else if (p.lookBackDays > 3650) bad('lookBackDays', 'must be at most 3650 days (ten years)');

  count('rules', p.rules, 'rule');
  p.rules.forEach((r, i) => {
    const at = `rules.${i}`;
    if (r.fromCount < 1) bad(`${at}.fromCount`, 'must be at least 1 incident');
    const prev = p.rules[i - 1];
    if (prev && r.fromCount <= prev.fromCount) {
      bad(`${at}.fromCount`, `must be more than the rule before it (${prev.fromCount}); list the rules by increasing count`);
    }
    if (prev && RULE_ACTIONS.indexOf(r.action) < RULE_ACTIONS.indexOf(prev.action)) {
      bad(`${at}.action`, `must not be milder than the rule before it (${prev.action}): more incidents never lead to less`);
    }
    if (r.action === 'suspend') {
      if (r.suspendMinutes === undefined) bad(`${at}.suspendMinutes`, 'is required for a rule that suspends');
      else if (r.suspendMinutes < 1) bad(`${at}.suspendMinutes`, 'must be at least 1 minute');
      else if (r.suspendMinutes > MAX_MINUTES) bad(`${at}.suspendMinutes`, `must be at most ${MAX_SPAN_DAYS} days (${MAX_MINUTES} minutes)`);
    } else if (r.suspendMinutes !== undefined) {
      bad(`${at}.suspendMinutes`, `applies only to a rule that suspends, not to one that does "${r.action}"`);
    }
  });

  size('summaryDownloadMaxBytes', p.summaryDownloadMaxBytes);
  if (p.defaultBypassDays < 1) bad('defaultBypassDays', 'must be at least 1 day');
  else if (p.defaultBypassDays > MAX_SPAN_DAYS) bad('defaultBypassDays', `must be at most ${MAX_SPAN_DAYS} days`);

  count('questions', p.questions, 'question');
  p.questions.forEach((q, i) => {
    if (q.trim() === '') bad(`questions.${i}`, 'must not be empty');
    else if (q.length > MAX_QUESTION_CHARS) bad(`questions.${i}`, `must be at most ${MAX_QUESTION_CHARS} characters`);
  });
  return problems;
}

/** Bytes for people: 100 MiB, 1.5 GiB, 512 bytes. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [[1024 * GiB, 'TiB'], [GiB, 'GiB'], [MiB, 'MiB'], [1024, 'KiB']];
  for (const [unit, name] of units) {
    if (bytes >= unit) return `${Number((bytes / unit).toFixed(2))} ${name}`;
  }
  return `${bytes} bytes`;
}
