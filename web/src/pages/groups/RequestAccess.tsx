import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction } from '../../hooks.js';
import { Alert } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { groupUrl, type AccessRequestAnswer } from './model.js';

/** What a request for access answered: the admins were emailed, or the group's own instructions instead. */
export function AccessAnswer({ group, answer, compact }: { group: string; answer: AccessRequestAnswer; compact?: boolean }) {
  if (answer.requested && answer.alreadyRequestedAt) return <AccessPending group={group} since={answer.alreadyRequestedAt} />;
  if (answer.requested) {
    return (
      <Alert tone="success" testId="access-requested">
        Your request was emailed to {answer.notifiedAdmins === 1 ? 'the admin' : `the ${answer.notifiedAdmins} admins`} of <strong>{group}</strong>.
        {' '}You will be told when they add you{compact ? '.' : '; there is nothing else to do until then.'}
      </Alert>
    );
  }
  return (
    <Alert tone="info" testId="access-instructions">
      <strong>{group} does not take requests here. How to join:</strong>
      <div className="pre-wrap grp-instructions">{answer.accessInstructions}</div>
    </Alert>
  );
}

/** An open request: the admins were told when it was made, and are not told again. */
export function AccessPending({ group, since }: { group: string; since: string }) {
  return (
    <Alert tone="info" testId="access-pending">
      You asked for access to <strong>{group}</strong> on {new Date(since).toLocaleDateString()}; its admins were told then.
      {' '}You will be told when they add you or decline.
    </Alert>
  );
}

/**
 * "Request access" to a managed group (POST /groups/{name}/request-access): emails every admin of the group, or
 * answers with the group's access instructions. `withMessage` adds an optional note to the admins.
 */
export function RequestAccess({ group, withMessage, onAnswer, compact }: {
  group: string; withMessage?: boolean; onAnswer?(a: AccessRequestAnswer): void; compact?: boolean;
}) {
  const [message, setMessage] = useState('');
  const [answer, setAnswer] = useState<AccessRequestAnswer>();
  const send = useAction(async () => {
    const a = await api.post<AccessRequestAnswer>(`/groups/${encodeURIComponent(group)}/request-access`, message.trim() ? { message: message.trim() } : {});
    setAnswer(a);
    onAnswer?.(a);
  });
  if (answer) return <AccessAnswer group={group} answer={answer} compact={compact} />;
  if (!withMessage) {
    return (
      <span className="grp-request">
        <button type="button" className="btn btn-secondary btn-small" disabled={send.pending} onClick={() => void send.run()}
          aria-label={`Request access to ${group}`}>{send.pending ? 'Sending…' : 'Request access'}</button>
        {send.problem && <span className="field-error" role="alert"> {send.problem.detail}</span>}
      </span>
    );
  }
  return (
    <form onSubmit={(e: FormEvent) => { e.preventDefault(); void send.run(); }} noValidate className="narrow">
      <FormProblem problem={send.problem} fields={['message']} />
      <Field label="Message to the admins (optional)" name="message" problem={send.problem} id="group-request-message"
        hint={<>Say who you are and why you need access. The admins of <Link to={groupUrl(group)}>{group}</Link> get it by email.</>}>
        <textarea rows={3} value={message} onChange={(e) => setMessage(e.target.value)} maxLength={2000} />
      </Field>
      <SubmitButton pending={send.pending} pendingText="Sending…">Request access</SubmitButton>
    </form>
  );
}
