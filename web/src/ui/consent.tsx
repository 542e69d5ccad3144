import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api.js';
import { useAction, useApi } from '../hooks.js';
import { useSession } from '../session.js';
import type { AccessRequirement } from '../types.js';
import { Alert } from './bits.js';
import { Checkbox } from './forms.js';
import { forgetAccessRequirement } from './entities.js';
import { ConditionList, conditionLabel, type RequirementStatus } from './conditions.js';

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
  // The server's reading of the user's standing (the decision state), not the browser's (issue 9 item 5).
  const status = useApi<RequirementStatus>(me ? `/access-requirements/${ar.id}/my-conditions` : null);
  // Accepting is what this form does; 2FA is needed to download, not to accept.
  const shown = (status.data?.conditions ?? []).filter((c) => c.kind !== 'termsAccepted' && c.kind !== 'approved');
  const unmet = shown.filter((c) => !c.met && c.kind !== 'twoFactor');
  const p = accept.problem;
  const checkboxId = `consent-${ar.id}`;
  return (
    <details className="consent" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid={`consent-${ar.id}`}>
      <summary className="consent-summary">{open ? 'The terms' : 'Read the terms'} of “{ar.name}” <span className="muted small">(version {ar.version})</span></summary>
      <div className="consent-body">
        {changed && <Alert tone="warning" testId="terms-changed">These terms changed since you opened them. Read the current version (version {ar.version}) below before you accept.</Alert>}
        <TermsText text={ar.terms} label={`Terms of ${ar.name}`} testId={`terms-text-${ar.id}`} />
        <ConditionList conditions={shown.map((c) => ({ ...conditionLabel(c.kind), met: c.met }))} />
        {shown.some((c) => c.kind === 'twoFactor') && <p className="muted small">Two-factor authentication is needed to download, not to accept.</p>}
        {me && status.loading && !status.data ? <p className="small muted">Checking what you meet…</p> : unmet.length > 0 ? (
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
