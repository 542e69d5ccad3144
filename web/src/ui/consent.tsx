import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api.js';
import { useAction } from '../hooks.js';
import { useSession } from '../session.js';
import type { AccessRequirement, Me } from '../types.js';
import { Alert } from './bits.js';
import { Checkbox } from './forms.js';
import { forgetAccessRequirement } from './entities.js';

/**
 * Informed consent (issue 9): wherever a user accepts terms, they read the full text, tick "I have read and
 * accept …", press a button, and the version of the text they read is sent. The server refuses an acceptance
 * of any other version (409, with the current text), which this shows in place of the old one.
 */

/** Terms as paragraphs: blank lines part paragraphs, lines starting "- " or "* " are list items. Scrolls when long. */
export function TermsText({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const blocks = text.trim().split(/\n\s*\n/);
  return (
    <div className="terms-text" tabIndex={0} role="region" aria-label={label} data-testid={testId}>
      {text.trim() === '' ? <p className="muted">(This requirement has no text.)</p> : blocks.map((block, i) => {
        const lines = block.split('\n');
        if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
          return <ul key={i}>{lines.map((l, j) => <li key={j}>{l.replace(/^\s*[-*]\s+/, '')}</li>)}</ul>;
        }
        return <p key={i}>{lines.map((l, j) => <span key={j}>{j > 0 && <br />}{l}</span>)}</p>;
      })}
    </div>
  );
}

interface Condition {
  label: string;
  met: boolean;
  fix?: ReactNode;
}

/** The tier conditions a SelfSign (and any requirement's 2FA) asks of the user, each with whether they meet it. */
export function conditionsFor(ar: AccessRequirement, me: Me | null | undefined): Condition[] {
  const s = ar.settings;
  const list: Condition[] = [];
  if (ar.type === 'SelfSign' && s.certifiedRequired === true) {
    list.push({ label: 'You are a certified user', met: !!me?.isCertified, fix: <Link to="/profile/certification">Get certified</Link> });
  }
  if (ar.type === 'SelfSign' && s.validatedRequired === true) {
    list.push({ label: 'Your profile is validated', met: !!me?.isValidated, fix: <Link to="/profile/verification">Request identity verification</Link> });
  }
  if (s.requires2fa === true) {
    list.push({ label: 'Two-factor authentication is on (needed to download)', met: !!me?.twoFactorEnabled, fix: <Link to="/profile/security">Enable 2FA</Link> });
  }
  return list;
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

/**
 * Read and accept one TermsOfUse or SelfSign requirement. `collapsed`: the text starts folded (the download
 * list, where several requirements stand side by side); the checkbox and button are inside it, so nobody
 * accepts a text they have not opened.
 */
export function AcceptRequirement({ ar: initial, onAccepted, onTermsChanged, collapsed = false }: {
  ar: AccessRequirement; onAccepted(): void; onTermsChanged?(): void; collapsed?: boolean;
}) {
  const { me } = useSession();
  const [ar, setAr] = useState(initial);
  const [ticked, setTicked] = useState(false);
  const [changed, setChanged] = useState(false);
  const [open, setOpen] = useState(!collapsed);
  const accept = useAction(async () => {
    try {
      await api.post(`/access-requirements/${ar.id}/accept`, { version: ar.version });
    } catch (e) {
      const p = e as { code?: string; accessRequirement?: AccessRequirement };
      if (p.code === 'TERMS_CHANGED' && p.accessRequirement) {
        // Show the text now in force; the user must read and tick again.
        forgetAccessRequirement(ar.id);
        setAr(p.accessRequirement);
        setTicked(false);
        setChanged(true);
        onTermsChanged?.();
        return;
      }
      throw e;
    }
    forgetAccessRequirement(ar.id);
    onAccepted();
  });
  const conditions = conditionsFor(ar, me);
  const unmet = conditions.filter((c) => !c.met && !c.label.startsWith('Two-factor'));
  const p = accept.problem;
  const checkboxId = `consent-${ar.id}`;
  return (
    <details className="consent" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid={`consent-${ar.id}`}>
      <summary className="consent-summary">{open ? 'The terms' : 'Read the terms'} of “{ar.name}” <span className="muted small">(version {ar.version})</span></summary>
      <div className="consent-body">
        {changed && <Alert tone="warning" testId="terms-changed">These terms changed since you opened them. Read the current version (version {ar.version}) below before you accept.</Alert>}
        <TermsText text={ar.terms} label={`Terms of ${ar.name}`} testId={`terms-text-${ar.id}`} />
        <ConditionList conditions={conditions} />
        {unmet.length > 0 ? (
          <p className="small" data-testid="consent-unmet">You can accept these terms once you meet {unmet.length === 1 ? 'the condition' : 'the conditions'} marked ✗.</p>
        ) : (
          <form className="consent-form" onSubmit={(e) => { e.preventDefault(); if (ticked) void accept.run(); }} noValidate>
            <Checkbox id={checkboxId} checked={ticked} onChange={setTicked}
              label={<>I have read and accept the terms of “{ar.name}” (version {ar.version})</>} />
            <button type="submit" className="btn btn-primary btn-small" disabled={!ticked || accept.pending} aria-busy={accept.pending || undefined}>
              {accept.pending ? 'Accepting…' : 'Accept terms'}
            </button>
          </form>
        )}
        {p && (
          <div className="field-error action-problem" role="alert" data-testid="accept-problem">
            {p.detail}
            {p.code === 'CERTIFICATION_REQUIRED' && <> <Link to="/profile/certification">Get certified</Link></>}
            {p.code === 'VALIDATION_REQUIRED' && <> <Link to="/profile/verification">Request identity verification</Link></>}
          </div>
        )}
      </div>
    </details>
  );
}
