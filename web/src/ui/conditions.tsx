import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../hooks.js';
import { When } from './bits.js';

/**
 * The viewer's standing on each access requirement of an entity, as the server computes it from the decision
 * state (GET /entities/{id}/condition-status, issue 9 item 5): a ✓ or ✗ per condition with the page that fixes
 * it, and the state of the viewer's data access request.
 */

export type ConditionKind = 'certified' | 'validated' | 'twoFactor' | 'termsAccepted' | 'approved' | 'unlocked';
export interface RequirementStatus {
  accessRequirementId: number;
  met: boolean;
  exempt: boolean;
  conditions: { kind: ConditionKind; met: boolean }[];
  request: { id: number; state: string; expiresAt: string | null } | null;
}
export interface ConditionStatus { entityId: string; items: RequirementStatus[] }

export function useConditionStatus(entityId: string | undefined, signedIn: boolean) {
  return useApi<ConditionStatus>(entityId && signedIn ? `/entities/${entityId}/condition-status` : null);
}

const LABELS: Record<ConditionKind, { label: string; fix?: ReactNode }> = {
  certified: { label: 'You are a certified user', fix: <Link to="/profile/certification">Take the certification quiz</Link> },
  validated: { label: 'Your profile is validated', fix: <Link to="/profile/verification">Verify your identity</Link> },
  twoFactor: { label: 'Two-factor authentication is on', fix: <Link to="/profile/security">Enable 2FA</Link> },
  termsAccepted: { label: 'You accepted its terms' },
  approved: { label: 'A data access request approved for you' },
  unlocked: { label: 'The Access and Compliance Team lifted the lock' },
};

/** The words for a condition, and the page that fixes it. */
export const conditionLabel = (kind: ConditionKind) => LABELS[kind];

export interface Condition {
  label: string;
  met: boolean;
  fix?: ReactNode;
}

export function ConditionList({ conditions }: { conditions: Condition[] }) {
  if (conditions.length === 0) return null;
  return (
    <ul className="consent-conditions" aria-label="Conditions" data-testid="consent-conditions">
      {conditions.map((c) => (
        <li key={c.label} className={c.met ? 'met' : 'unmet'}>
          <span aria-hidden="true" className="consent-mark">{c.met ? '✓' : '✗'}</span>
          <span>{c.label}<span className="sr-only">{c.met ? ': met' : ': not met'}</span></span>
          {!c.met && c.fix && <span className="small"> · {c.fix}</span>}
        </li>
      ))}
    </ul>
  );
}

/** ✓/✗ per condition, each unmet one with what fixes it. */
export function ViewerConditions({ status }: { status: RequirementStatus }) {
  if (status.exempt) return <p className="small muted" data-testid="viewer-exempt">You are exempt as a data contributor.</p>;
  return (
    <div className="viewer-conditions" data-testid={`viewer-conditions-${status.accessRequirementId}`}>
      <ConditionList conditions={status.conditions.map((c) => ({ ...LABELS[c.kind], met: c.met }))} />
    </div>
  );
}

/** "Request pending", "Approved: access until …" and the like; null when the viewer has no request. */
export function RequestStateLine({ request }: { request: RequirementStatus['request'] }) {
  if (!request) return null;
  const open = <Link to={`/requests/${request.id}`}>{request.state === 'DRAFT' ? 'Continue your request' : 'Open your request'}</Link>;
  const words: Record<string, ReactNode> = {
    DRAFT: <>Request started, not submitted yet.</>,
    SUBMITTED: <><strong>Request pending</strong>: an ACT member reviews it.</>,
    APPROVED: request.expiresAt ? <><strong>Approved</strong>: access until <When at={request.expiresAt} dateOnly />.</> : <><strong>Approved</strong>: access with no end date.</>,
    REJECTED: <>Your request was <strong>rejected</strong>; you may change it and submit again.</>,
    CANCELLED: <>Your request was cancelled.</>,
    EXPIRED: <>Your approval <strong>expired</strong>; renew your request.</>,
    REVOKED: <>Your approval was <strong>revoked</strong>.</>,
  };
  return <p className="small request-state" data-testid="request-state" data-state={request.state}>{words[request.state] ?? request.state} {open}</p>;
}
