/**
 * Triage of an audit finding (SPEC §11), pure: which state moves are allowed, and what each command does to the
 * state. The use cases (triage.routes.ts) load the finding, ask here, then write the finding, its event and the
 * audit-log entry in one transaction.
 *
 *            contact                 reply
 *   new ───────────────▶ contacted ─────────▶ explained
 *    │ ▲                    │  ▲                 │
 *    │ │ reopen (note)      │  └── contact ──────┘
 *    │ └──── closed ◀───────┴─── close ──────────┘
 *    │          ▲
 *    └── raise incident ──▶ incident ── incident closed ──┘
 *
 * - `incident` is reached only by raising an incident (POST …/incidents), from any state but closed.
 * - A closed finding is reopened to `new` only, and only with a note saying why.
 * - A contact moves new and explained to contacted; a finding under incident stays under incident.
 * - A reply moves to explained unless told otherwise (contacted: still waiting; closed).
 */
export const FINDING_STATES = ['new', 'contacted', 'explained', 'incident', 'closed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** The moves PATCH …/findings/{id} {state} may make, from each state. */
const MANUAL_MOVES: Record<FindingState, readonly FindingState[]> = {
  new: ['contacted', 'explained', 'closed'],
  contacted: ['new', 'explained', 'closed'],
  explained: ['contacted', 'closed'],
  incident: ['closed'],
  closed: ['new'],
};

export const manualMoves = (from: FindingState): readonly FindingState[] => MANUAL_MOVES[from];

export type MoveRefusal =
  | { code: 'AUDIT_INCIDENT_ONLY_BY_RAISING'; detail: string }
  | { code: 'AUDIT_STATE_MOVE_NOT_ALLOWED'; detail: string }
  | { code: 'AUDIT_NOTE_REQUIRED'; detail: string };

/** Whether a manual move is allowed; null when it is. Moving to the same state is no move (the caller skips it). */
export function checkManualMove(from: FindingState, to: FindingState, note: string | undefined): MoveRefusal | null {
  if (to === 'incident') {
    return { code: 'AUDIT_INCIDENT_ONLY_BY_RAISING', detail: 'A finding becomes an incident only by raising an incident from it (Raise incident), which records it in the governance incident log.' };
  }
  if (!MANUAL_MOVES[from].includes(to)) {
    return {
      code: 'AUDIT_STATE_MOVE_NOT_ALLOWED',
      detail: `A finding that is ${from} cannot be moved to ${to}; from ${from} it can move to ${MANUAL_MOVES[from].join(', ')}.`,
    };
  }
  if (from === 'closed' && !note?.trim()) {
    return { code: 'AUDIT_NOTE_REQUIRED', detail: 'Say in a note why this closed finding is reopened.' };
  }
  return null;
}

/** The state after a contact is sent; null when the finding is closed (reopen it first). */
export function stateAfterContact(from: FindingState): FindingState | null {
  if (from === 'closed') return null;
  return from === 'incident' ? 'incident' : 'contacted';
}

export type ReplyState = 'contacted' | 'explained' | 'closed';

/** The state after a reply is recorded; null when the finding is closed. Under incident it stays unless told. */
export function stateAfterReply(from: FindingState, asked: ReplyState | undefined): FindingState | null {
  if (from === 'closed') return null;
  if (asked) return asked;
  return from === 'incident' ? 'incident' : 'explained';
}

/** Whether an incident may be raised from a finding in this state. */
export const mayRaiseIncident = (from: FindingState) => from !== 'closed';

// ---- contact templates -------------------------------------------------------------------------------------

export const PLACEHOLDERS = ['name', 'project', 'entities', 'period', 'auditor'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

/** The placeholders a text uses that are not known, e.g. ["projekt"] for "{projekt}". */
export function unknownPlaceholders(text: string): string[] {
  const found = [...text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
  return [...new Set(found.filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p)))];
}

/** Fills in the known placeholders; anything else in braces stays as written. */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(/\{(name|project|entities|period|auditor)\}/g, (_, key: Placeholder) => values[key]);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "3 December 2026" (UTC). */
export const dayText = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
const day = dayText;

/** [from, to) in words: "1 January 2026 to 30 June 2026" (the end is exclusive, so the day before it is shown). */
export function periodText(from: Date, to: Date): string {
  const last = new Date(to.getTime() - 1);
  return `${day(from)} to ${day(last)}`;
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function namesText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export type ContactTarget = 'user' | 'project-owner' | 'community-manager';

/** The template a contact uses when none is named: the seed's top-downloader email for top downloaders. */
export function defaultTemplate(to: ContactTarget, query: string): string {
  if (to === 'user') return query === 'top-downloaders' ? 'top-downloader' : 'anomaly-user';
  return to === 'project-owner' ? 'anomaly-project-owner' : 'anomaly-community-manager';
}
