import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type ApiProblem } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { EgressPolicy, EgressPolicyStored, EgressRule, EgressRuleAction } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { formatIec } from './format.js';

/**
 * The egress policy (SPEC §10): the version in force in words, an editor for every setting, and the versions with
 * what each changed. The server validates (400 VALIDATION_FAILED naming each field as a dotted path, e.g.
 * thresholds.monitor.1.windowSeconds, shown beside that input) and refuses a save on top of a newer version (409
 * EGRESS_POLICY_STALE). The settings and their meaning: src/egress/README.md, Policy.
 */

type Source = 'monitor' | 'download';
const SOURCES: Source[] = ['monitor', 'download'];
const SOURCE_WORDS: Record<Source, string> = { monitor: 'from the network monitor', download: 'downloaded from Gatehouse' };
const SOURCE_TITLES: Record<Source, string> = { monitor: 'Network monitor', download: 'Gatehouse downloads' };

const BYTE_UNITS = [['KiB', 1024], ['MiB', 1024 ** 2], ['GiB', 1024 ** 3]] as const;
type ByteUnit = (typeof BYTE_UNITS)[number][0];
const TIME_UNITS = [['min', 60], ['s', 1]] as const;
type TimeUnit = (typeof TIME_UNITS)[number][0];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** 300 → "5 minutes", 3600 → "1 hour", 172800 → "2 days", 90 → "90 seconds". */
export function durationWords(seconds: number): string {
  if (seconds > 0 && seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds > 0 && seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds > 0 && seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}
const ordinal = (n: number) => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
};

export function ruleWords(r: EgressRule): string {
  const what = r.action === 'notify' ? 'the user is asked about it'
    : r.action === 'suspend' ? `the user is asked about it and suspended for ${durationWords((r.suspendMinutes ?? 0) * 60)} (no downloads or compute; their runtimes are stopped)`
      : 'the user is asked about it and the account is disabled (their runtimes are stopped)';
  return `From the ${ordinal(r.fromCount)} incident: ${what}.`;
}

const thresholdsWords = (p: EgressPolicy, s: Source) =>
  p.thresholds[s].map((t) => `more than ${formatIec(t.bytes)} in ${durationWords(t.windowSeconds)}`).join('; ');

/** The settings as the history names them, each with its value in short words (to say what changed). */
const SETTINGS: { key: string; label: string; value(p: EgressPolicy): string }[] = [
  { key: 'thresholds.monitor', label: 'Network monitor threshold', value: (p) => thresholdsWords(p, 'monitor') },
  { key: 'thresholds.download', label: 'Download threshold', value: (p) => thresholdsWords(p, 'download') },
  { key: 'highVolumeBytes', label: 'High volume', value: (p) => formatIec(p.highVolumeBytes) },
  { key: 'incidentMergeMinutes', label: 'Incident merge', value: (p) => durationWords(p.incidentMergeMinutes * 60) },
  { key: 'lookBackDays', label: 'Look-back period', value: (p) => plural(p.lookBackDays, 'day') },
  { key: 'rules', label: 'Escalation rules', value: (p) => p.rules.map((r) => `from ${r.fromCount}: ${r.action}${r.action === 'suspend' ? ` for ${durationWords((r.suspendMinutes ?? 0) * 60)}` : ''}`).join('; ') },
  { key: 'summaryDownloadMaxBytes', label: 'Largest summary download', value: (p) => formatIec(p.summaryDownloadMaxBytes) },
  { key: 'defaultBypassDays', label: 'Bypass window length', value: (p) => plural(p.defaultBypassDays, 'day') },
  { key: 'questions', label: 'Questions', value: (p) => plural(p.questions.length, 'question') },
];

const settingOf = (p: EgressPolicy, key: string): unknown => key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], p);
/** JSON with sorted keys: the database does not keep the order keys were written in. */
const canonical = (v: unknown) => JSON.stringify(v, (_k, x: unknown) =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x);

export interface Change { label: string; from: string; to: string }

/** A source's thresholds that differ, window by window: "in 5 minutes", more than 100 MiB → more than 50 MiB. */
function thresholdChanges(before: EgressPolicy, after: EgressPolicy, s: Source, label: string): Change[] {
  const was = new Map(before.thresholds[s].map((t) => [t.windowSeconds, t.bytes]));
  const now = new Map(after.thresholds[s].map((t) => [t.windowSeconds, t.bytes]));
  const windows = [...new Set([...was.keys(), ...now.keys()])].sort((a, b) => a - b);
  const words = (b: number | undefined) => (b === undefined ? 'no window' : `more than ${formatIec(b)}`);
  const out = windows.filter((w) => was.get(w) !== now.get(w))
    .map((w) => ({ label: `${label}, ${durationWords(w)}`, from: words(was.get(w)), to: words(now.get(w)) }));
  // The same windows in another order: said as a whole.
  return out.length > 0 || canonical(before.thresholds[s]) === canonical(after.thresholds[s]) ? out
    : [{ label: `${label}s`, from: thresholdsWords(before, s), to: thresholdsWords(after, s) }];
}

/** The settings that differ between two versions, with their old and new values in words. */
export function changes(before: EgressPolicy, after: EgressPolicy): Change[] {
  return SETTINGS.filter((s) => canonical(settingOf(before, s.key)) !== canonical(settingOf(after, s.key)))
    .flatMap((s) => (s.key.startsWith('thresholds.') ? thresholdChanges(before, after, s.key.slice('thresholds.'.length) as Source, s.label)
      : s.key === 'questions' ? questionChanges(before.questions, after.questions)
        : [{ label: s.label, from: s.value(before), to: s.value(after) }]));
}

/** The questions that differ, by their number: the old and the new text. */
function questionChanges(before: string[], after: string[]): Change[] {
  const out: Change[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] !== after[i]) out.push({ label: `Question ${i + 1}`, from: before[i] === undefined ? 'none' : `“${before[i]}”`, to: after[i] === undefined ? 'removed' : `“${after[i]}”` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The policy in words

function PolicyInWords({ policy }: { policy: EgressPolicy }) {
  return (
    <div className="policy-words" data-testid="policy-words">
      <h3>Alerts</h3>
      <ul className="policy-list">
        {SOURCES.flatMap((s) => policy.thresholds[s].map((t, i) => (
          <li key={`${s}-${i}`} data-testid={`words-${s}-${i}`}>More than {formatIec(t.bytes)} in {durationWords(t.windowSeconds)} {SOURCE_WORDS[s]} is an alert.</li>
        )))}
        <li data-testid="words-highVolume">More than {formatIec(policy.highVolumeBytes)} in any window disables the account at once, bypass window or not.</li>
        <li>{policy.incidentMergeMinutes === 0 ? 'Every alert is an incident of its own.'
          : `An alert of a user in a project within ${durationWords(policy.incidentMergeMinutes * 60)} of an incident's first alert joins that incident.`}</li>
      </ul>
      <h3>Escalation</h3>
      <ul className="policy-list">
        <li>Incidents of the last {plural(policy.lookBackDays, 'day')} count (false positives and bypassed incidents never do).</li>
        {policy.rules.map((r, i) => <li key={i} data-testid={`words-rule-${i}`}>{ruleWords(r)}</li>)}
      </ul>
      <h3>Downloads and bypass windows</h3>
      <ul className="policy-list">
        <li>A download of summary data larger than {formatIec(policy.summaryDownloadMaxBytes)} is refused; summary downloads are not counted in the windows.</li>
        <li>A bypass window lasts {plural(policy.defaultBypassDays, 'day')} unless the engineer says otherwise.</li>
      </ul>
      <h3>Questions sent to the user with each incident</h3>
      <ol className="policy-questions">
        {policy.questions.map((q, i) => <li key={i}>{q}</li>)}
      </ol>
      <p className="muted small"><code>{'{time}'}</code> stands for the incident's time, written like 2026-03-02 09:00 UTC.</p>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The editor: every number as typed (a string), turned into the policy on save

interface Size { amount: string; unit: ByteUnit }
interface WindowRow { key: number; amount: string; unit: TimeUnit; bytes: Size }
interface RuleRow { key: number; fromCount: string; action: EgressRuleAction; suspendMinutes: string }
interface Draft {
  thresholds: Record<Source, WindowRow[]>;
  highVolume: Size;
  incidentMergeMinutes: string;
  lookBackDays: string;
  rules: RuleRow[];
  summaryMax: Size;
  defaultBypassDays: string;
  questions: { key: number; text: string }[];
}

let nextKey = 1;
const key = () => nextKey++;

/** The largest unit that shows the bytes exactly with at most three decimals (1.5 GiB, 100 MiB), else KiB. */
function splitSize(bytes: number): Size {
  for (const [name, unit] of [...BYTE_UNITS].reverse()) {
    const v = bytes / unit;
    if (bytes >= unit && (String(v).split('.')[1]?.length ?? 0) <= 3) return { amount: String(v), unit: name };
  }
  return { amount: String(bytes / 1024), unit: 'KiB' };
}
const sizeBytes = (s: Size) => (s.amount.trim() === '' ? Number.NaN : Math.round(Number(s.amount) * BYTE_UNITS.find(([n]) => n === s.unit)![1]));
/** An empty or unreadable number is sent as null: the server says the field needs a number. */
const int = (v: string) => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));
const num = (n: number) => (Number.isFinite(n) ? n : null);

function toDraft(p: EgressPolicy): Draft {
  return {
    thresholds: {
      monitor: p.thresholds.monitor.map((t) => windowRow(t.windowSeconds, t.bytes)),
      download: p.thresholds.download.map((t) => windowRow(t.windowSeconds, t.bytes)),
    },
    highVolume: splitSize(p.highVolumeBytes),
    incidentMergeMinutes: String(p.incidentMergeMinutes),
    lookBackDays: String(p.lookBackDays),
    rules: p.rules.map((r) => ({ key: key(), fromCount: String(r.fromCount), action: r.action, suspendMinutes: r.suspendMinutes === undefined ? '' : String(r.suspendMinutes) })),
    summaryMax: splitSize(p.summaryDownloadMaxBytes),
    defaultBypassDays: String(p.defaultBypassDays),
    questions: p.questions.map((text) => ({ key: key(), text })),
  };
}
function windowRow(seconds: number, bytes: number): WindowRow {
  const minutes = seconds % 60 === 0;
  return { key: key(), amount: String(minutes ? seconds / 60 : seconds), unit: minutes ? 'min' : 's', bytes: splitSize(bytes) };
}

function toPolicy(d: Draft): unknown {
  const seconds = (r: WindowRow) => (r.amount.trim() === '' ? null : num(Math.round(Number(r.amount) * (r.unit === 'min' ? 60 : 1))));
  return {
    thresholds: Object.fromEntries(SOURCES.map((s) => [s, d.thresholds[s].map((r) => ({ windowSeconds: seconds(r), bytes: num(sizeBytes(r.bytes)) }))])),
    highVolumeBytes: num(sizeBytes(d.highVolume)),
    incidentMergeMinutes: int(d.incidentMergeMinutes),
    lookBackDays: int(d.lookBackDays),
    rules: d.rules.map((r) => ({
      fromCount: int(r.fromCount), action: r.action,
      ...(r.action === 'suspend' ? { suspendMinutes: r.suspendMinutes.trim() === '' ? 0 : int(r.suspendMinutes) } : {}),
    })),
    summaryDownloadMaxBytes: num(sizeBytes(d.summaryMax)),
    defaultBypassDays: int(d.defaultBypassDays),
    questions: d.questions.map((q) => q.text),
  };
}

/** Every field path the form shows beside an input; the server's other problems go above the form. */
function fieldPaths(d: Draft): string[] {
  return [
    ...SOURCES.flatMap((s) => [`thresholds.${s}`, ...d.thresholds[s].flatMap((_r, i) => [`thresholds.${s}.${i}`, `thresholds.${s}.${i}.windowSeconds`, `thresholds.${s}.${i}.bytes`])]),
    'highVolumeBytes', 'incidentMergeMinutes', 'lookBackDays', 'rules',
    ...d.rules.flatMap((_r, i) => [`rules.${i}`, `rules.${i}.fromCount`, `rules.${i}.action`, `rules.${i}.suspendMinutes`]),
    'summaryDownloadMaxBytes', 'defaultBypassDays', 'questions', ...d.questions.map((_q, i) => `questions.${i}`),
  ];
}

/** What Field gives its control: the id (for the label) and the error's description, passed on to the number input. */
interface ControlProps { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }

function SizeInput({ value, onChange, label, ...control }: ControlProps & { value: Size; onChange(v: Size): void; label: string }) {
  return (
    <div className="size-input">
      <input {...control} type="number" min="0" step="any" inputMode="decimal" value={value.amount} onChange={(e) => onChange({ ...value, amount: e.target.value })} />
      <select aria-label={`${label}: unit`} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value as ByteUnit })}>
        {BYTE_UNITS.map(([n]) => <option key={n} value={n}>{n}</option>)}
      </select>
    </div>
  );
}

function WindowInput({ amount, unit, onChange, label, ...control }: ControlProps & { amount: string; unit: TimeUnit; onChange(c: { amount?: string; unit?: TimeUnit }): void; label: string }) {
  return (
    <div className="size-input">
      <input {...control} type="number" min="1" step="any" inputMode="decimal" value={amount} onChange={(e) => onChange({ amount: e.target.value })} />
      <select aria-label={`${label}: length unit`} value={unit} onChange={(e) => onChange({ unit: e.target.value as TimeUnit })}>
        {TIME_UNITS.map(([n]) => <option key={n} value={n}>{n === 'min' ? 'minutes' : 'seconds'}</option>)}
      </select>
    </div>
  );
}

/** A problem about a whole list or row (e.g. "needs at least one window"), which has no input of its own. */
function ListProblem({ problem, name }: { problem?: ApiProblem; name: string }) {
  const message = problem?.fieldError(name);
  return message ? <p className="field-error" role="alert" data-testid={`error-${name}`}>{message}</p> : null;
}

function PolicyForm({ stored, onSaved, onCancel, onReload }: {
  stored: EgressPolicyStored; onSaved(s: EgressPolicyStored): void; onCancel(): void; onReload(): void;
}) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(stored.policy));
  const save = useAction(async () => onSaved(await api.put<EgressPolicyStored>('/egress/policy', { expectedVersion: stored.version, policy: toPolicy(draft) })));
  const p = save.problem;
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const setRows = (s: Source, rows: WindowRow[]) => setDraft((d) => ({ ...d, thresholds: { ...d.thresholds, [s]: rows } }));
  const setRule = (i: number, change: Partial<RuleRow>) => set({ rules: draft.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  const stale = p?.code === 'EGRESS_POLICY_STALE';

  return (
    <form className="policy-form" data-testid="policy-form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void save.run(); }}>
      {stale ? (
        <div className="alert alert-warning" role="alert" data-testid="policy-stale">
          <div className="alert-content">
            <strong>Someone else saved a newer version.</strong> {p.detail}
          </div>
          <button type="button" className="btn btn-secondary btn-small" onClick={onReload}>Reload the policy (your edits are lost)</button>
        </div>
      ) : <FormProblem problem={p} fields={fieldPaths(draft)} />}

      <fieldset className="policy-section">
        <legend>Thresholds</legend>
        <p className="muted small">Sliding windows over a user's row-level egress, per source: more than the bytes in the window is an alert.</p>
        {SOURCES.map((s) => (
          <div key={s} className="policy-source" data-testid={`edit-${s}`}>
            <h3>{SOURCE_TITLES[s]}</h3>
            <ListProblem problem={p} name={`thresholds.${s}`} />
            {draft.thresholds[s].map((r, i) => {
              const at = `thresholds.${s}.${i}`;
              const change = (c: Partial<WindowRow>) => setRows(s, draft.thresholds[s].map((x, j) => (j === i ? { ...x, ...c } : x)));
              return (
                <div key={r.key} className="policy-row" data-testid={`row-${s}-${i}`}>
                  <Field label={<>Window<span className="sr-only"> {i + 1} ({SOURCE_TITLES[s]})</span></>} name={`${at}.windowSeconds`} problem={p} id={`${s}-${i}-window`}>
                    <WindowInput amount={r.amount} unit={r.unit} label={`${SOURCE_TITLES[s]} window ${i + 1}`} onChange={change} />
                  </Field>
                  <Field label={<>More than<span className="sr-only"> (window {i + 1}, {SOURCE_TITLES[s]})</span></>} name={`${at}.bytes`} problem={p} id={`${s}-${i}-bytes`}>
                    <SizeInput value={r.bytes} label={`${SOURCE_TITLES[s]} window ${i + 1} bytes`} onChange={(bytes) => change({ bytes })} />
                  </Field>
                  <button type="button" className="btn btn-ghost btn-small policy-remove" aria-label={`Remove ${SOURCE_TITLES[s].toLowerCase()} window ${i + 1}`}
                    onClick={() => setRows(s, draft.thresholds[s].filter((_x, j) => j !== i))}>Remove</button>
                  <ListProblem problem={p} name={at} />
                </div>
              );
            })}
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setRows(s, [...draft.thresholds[s], windowRow(3600, 100 * 1024 ** 2)])}>
              Add a {s === 'monitor' ? 'network monitor' : 'download'} window
            </button>
          </div>
        ))}
        <div className="form-grid policy-singles">
          <Field label="High volume" name="highVolumeBytes" problem={p} id="policy-highVolume" hint="More than this in any window disables the account at once, bypass window or not.">
            <SizeInput value={draft.highVolume} label="High volume" onChange={(highVolume) => set({ highVolume })} />
          </Field>
          <Field label="Incident merge (minutes)" name="incidentMergeMinutes" problem={p} id="policy-merge" hint="An alert this close to an incident's first alert (same user, same project) joins it; 0: every alert is its own incident.">
            <input type="number" min="0" step="1" value={draft.incidentMergeMinutes} onChange={(e) => set({ incidentMergeMinutes: e.target.value })} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="policy-section">
        <legend>Escalation</legend>
        <div className="form-grid">
          <Field label="Look-back period (days)" name="lookBackDays" problem={p} id="policy-lookBack" hint="Incidents this recent count towards the rules.">
            <input type="number" min="1" step="1" value={draft.lookBackDays} onChange={(e) => set({ lookBackDays: e.target.value })} />
          </Field>
        </div>
        <p className="muted small">The rule with the highest count not above the user's number of incidents applies; list them by increasing count, each no milder than the one before.</p>
        <ListProblem problem={p} name="rules" />
        {draft.rules.map((r, i) => (
          <div key={r.key} className="policy-row" data-testid={`rule-${i}`}>
            <Field label="From incident number" name={`rules.${i}.fromCount`} problem={p} id={`rule-${i}-from`}>
              <input type="number" min="1" step="1" value={r.fromCount} onChange={(e) => setRule(i, { fromCount: e.target.value })} />
            </Field>
            <Field label="Action" name={`rules.${i}.action`} problem={p} id={`rule-${i}-action`}>
              <select value={r.action} onChange={(e) => setRule(i, { action: e.target.value as EgressRuleAction, ...(e.target.value === 'suspend' && !r.suspendMinutes ? { suspendMinutes: '10' } : {}) })}>
                <option value="notify">notify the user</option>
                <option value="suspend">suspend</option>
                <option value="disable">disable the account</option>
              </select>
            </Field>
            {r.action === 'suspend' && (
              <Field label="Suspend for (minutes)" name={`rules.${i}.suspendMinutes`} problem={p} id={`rule-${i}-suspend`}>
                <input type="number" min="1" step="1" value={r.suspendMinutes} onChange={(e) => setRule(i, { suspendMinutes: e.target.value })} />
              </Field>
            )}
            <button type="button" className="btn btn-ghost btn-small policy-remove" aria-label={`Remove rule ${i + 1}`}
              onClick={() => set({ rules: draft.rules.filter((_x, j) => j !== i) })}>Remove</button>
            <ListProblem problem={p} name={`rules.${i}`} />
          </div>
        ))}
        <button type="button" className="btn btn-secondary btn-small"
          onClick={() => set({ rules: [...draft.rules, { key: key(), fromCount: String((Number(draft.rules[draft.rules.length - 1]?.fromCount) || 0) + 1), action: 'disable', suspendMinutes: '' }] })}>
          Add a rule
        </button>
      </fieldset>

      <fieldset className="policy-section">
        <legend>Downloads and bypass windows</legend>
        <div className="form-grid">
          <Field label="Largest summary download" name="summaryDownloadMaxBytes" problem={p} id="policy-summaryMax" hint="Larger downloads of summary data are refused.">
            <SizeInput value={draft.summaryMax} label="Largest summary download" onChange={(summaryMax) => set({ summaryMax })} />
          </Field>
          <Field label="Bypass window length (days)" name="defaultBypassDays" problem={p} id="policy-bypassDays" hint="Unless the engineer says otherwise.">
            <input type="number" min="1" step="1" value={draft.defaultBypassDays} onChange={(e) => set({ defaultBypassDays: e.target.value })} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="policy-section">
        <legend>Questions</legend>
        <p className="muted small">Sent to the user with each new incident. <code>{'{time}'}</code> stands for the incident's time (written like 2026-03-02 09:00 UTC).</p>
        <ListProblem problem={p} name="questions" />
        {draft.questions.map((q, i) => (
          <div key={q.key} className="policy-question">
            <Field label={`Question ${i + 1}`} name={`questions.${i}`} problem={p} id={`question-${i}`}>
              <textarea rows={3} value={q.text} onChange={(e) => set({ questions: draft.questions.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })} />
            </Field>
            <button type="button" className="btn btn-ghost btn-small policy-remove" aria-label={`Remove question ${i + 1}`}
              onClick={() => set({ questions: draft.questions.filter((_x, j) => j !== i) })}>Remove</button>
          </div>
        ))}
        <button type="button" className="btn btn-secondary btn-small" onClick={() => set({ questions: [...draft.questions, { key: key(), text: '' }] })}>Add a question</button>
      </fieldset>

      <div className="button-row">
        <SubmitButton pending={save.pending} pendingText="Saving…">Save as version {stored.version + 1}</SubmitButton>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The versions

const HISTORY_PAGE = 10;

function History({ versions }: { versions: EgressPolicyStored[] }) {
  const [offset, setOffset] = useState(0);
  const shown = versions.slice(offset, offset + HISTORY_PAGE);
  return (
    <>
      <ol className="policy-history" data-testid="policy-history">
        {shown.map((v) => {
          const before = versions.find((x) => x.version === v.version - 1);
          const changed = before ? changes(before.policy, v.policy) : [];
          return (
            <li key={v.version} data-testid={`version-${v.version}`}>
              <div className="policy-history-head">
                <strong>Version {v.version}</strong>
                {v === versions[0] && <Badge tone="success">in force</Badge>}
                <span className="muted small">{v.createdByName ? `by @${v.createdByName}` : 'the defaults'} · <When at={v.createdAt} /></span>
              </div>
              {v.version === 1 ? <p className="small muted">The defaults, written when Gatehouse was installed.</p>
                : !before ? <p className="small muted">The version before it is not listed.</p>
                  : changed.length === 0 ? <p className="small muted">Saved without a change.</p>
                    : (
                      <ul className="policy-changes">
                        {changed.map((c) => (
                          <li key={c.label} data-testid="policy-change"><strong>{c.label}</strong>: <span className="muted">{c.from}</span> → {c.to}</li>
                        ))}
                      </ul>
                    )}
            </li>
          );
        })}
      </ol>
      <Pagination total={versions.length} limit={HISTORY_PAGE} offset={offset} onOffset={setOffset} />
    </>
  );
}

export function EgressPolicyPage() {
  const current = useApi<EgressPolicyStored>('/egress/policy');
  const versions = useApi<{ items: EgressPolicyStored[] }>('/egress/policy/versions');
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number>();
  const [formKey, setFormKey] = useState(0);
  const stored = current.data;
  let body: ReactNode;
  if (current.loading && !stored) body = <Loading />;
  else if (current.error) body = <LoadError problem={current.error} retry={current.reload} />;
  else if (stored) {
    body = (
      <Card id="policy" testId="policy-current"
        title={<>Version {stored.version} <Badge tone="success">in force</Badge></>}
        actions={!editing && <button type="button" className="btn btn-primary btn-small" onClick={() => { setSaved(undefined); setEditing(true); }}>Edit</button>}>
        <p className="muted small" data-testid="policy-meta">
          {stored.createdByName ? <>Saved by @{stored.createdByName}</> : <>The defaults</>}, <When at={stored.createdAt} />.
        </p>
        {saved === stored.version && <Alert tone="success" testId="policy-saved">Saved: version {stored.version} is in force.</Alert>}
        {editing ? (
          <PolicyForm key={`${stored.version}-${formKey}`} stored={stored}
            onSaved={(s) => { current.setData(s); setSaved(s.version); setEditing(false); versions.reload(); }}
            onCancel={() => setEditing(false)}
            onReload={() => { current.reload(); versions.reload(); setFormKey((k) => k + 1); }} />
        ) : <PolicyInWords policy={stored.policy} />}
      </Card>
    );
  }
  return (
    <>
      <PageHeader title="Egress policy" subtitle="What Gatehouse counts as unusual egress and what it does about it. Every save is a new version, recorded in the audit log with the old and new values." />
      {body}
      <Card title="Versions" id="policy-versions">
        {versions.loading && !versions.data ? <Loading /> : versions.error ? <LoadError problem={versions.error} retry={versions.reload} />
          : versions.data && versions.data.items.length === 0 ? <Empty title="No versions" />
            : versions.data && <History versions={versions.data.items} />}
        {versions.data && versions.data.items.length >= 50 && <p className="muted small">The 50 newest versions are listed; the audit log has every change.</p>}
      </Card>
    </>
  );
}
