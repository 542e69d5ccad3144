import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { Page } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { remarkKindWords, type Remark } from './model.js';

/** Sends a remark (or answer), then its file if one was chosen. */
async function sendRemark(requestId: number, body: { body: string; visibility?: 'private' | 'visible'; replyTo?: number }, file: File | null): Promise<Remark> {
  const remark = await api.post<Remark>(`/requests/${requestId}/remarks`, body);
  if (file) {
    const form = new FormData();
    form.append('file', file, file.name);
    await api.post(`/requests/${requestId}/remarks/${remark.id}/attachments`, form);
  }
  return remark;
}

/** An answer box under a visible remark (the requestor's side). */
function AnswerBox({ requestId, remark }: { requestId: number; remark: Remark }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const send = useAction(async () => {
    await sendRemark(requestId, { body: text.trim(), replyTo: remark.id }, file);
    setText('');
    setFile(null);
    setOpen(false);
  });
  if (!open) return <button type="button" className="btn btn-small btn-secondary" onClick={() => setOpen(true)} data-testid="answer-remark">Answer</button>;
  return (
    <form className="thread-answer" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); if (text.trim()) void send.run(); }}>
      <FormProblem problem={send.problem} fields={['body']} />
      <Field label="Your answer (the reviewers read it)" name="body" problem={send.problem} id={`answer-${remark.id}`}>
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus data-testid="answer-text" />
      </Field>
      <label className="small">Attach a file <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
      <div className="button-row">
        <SubmitButton pending={send.pending} disabled={!text.trim()}>Send answer</SubmitButton>
        <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </form>
  );
}

/** The remark form of reviewers and ACT: private (reviewers only) or visible to the requestor. */
function RemarkForm({ requestId }: { requestId: number }) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<'private' | 'visible'>('private');
  const [file, setFile] = useState<File | null>(null);
  const send = useAction(async () => {
    await sendRemark(requestId, { body: text.trim(), visibility }, file);
    setText('');
    setFile(null);
  });
  return (
    <form className="thread-form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); if (text.trim()) void send.run(); }} data-testid="remark-form">
      <FormProblem problem={send.problem} fields={['body']} />
      <Field label="Add a remark" name="body" problem={send.problem} id={`remark-${requestId}`}>
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="remark-text" />
      </Field>
      <fieldset className="thread-visibility">
        <legend className="small">Who reads it</legend>
        <label className="small"><input type="radio" name="visibility" checked={visibility === 'private'} onChange={() => setVisibility('private')} /> Reviewers only (private)</label>
        <label className="small"><input type="radio" name="visibility" checked={visibility === 'visible'} onChange={() => setVisibility('visible')} data-testid="remark-visible" /> The requestor too</label>
      </fieldset>
      <label className="small">Attach a file <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
      <div className="button-row"><SubmitButton pending={send.pending} disabled={!text.trim()}>Add remark</SubmitButton></div>
    </form>
  );
}

/**
 * The thread of a request: return comments, remarks (private ones marked) and answers, oldest first. Reviewers
 * write remarks; the requestor answers the visible ones.
 */
export function Thread({ requestId, reviewer, requestor }: { requestId: number; reviewer: boolean; requestor: boolean }) {
  const thread = useApi<Page<Remark>>(`/requests/${requestId}/remarks`, { limit: 200 });
  const items = thread.data?.items ?? [];
  return (
    <Card title="Remarks and answers" id="request-thread" testId="request-thread">
      {thread.loading && !thread.data ? <Loading what="Loading the remarks" /> : thread.error ? <LoadError problem={thread.error} retry={thread.reload} /> : (
        items.length === 0 ? <Empty title="No remarks yet">{reviewer ? 'Ask the requestor something, or note something for the other reviewers.' : 'Reviewers\u2019 questions and remarks appear here.'}</Empty> : (
          <ol className="thread-list">
            {items.map((r) => (
              <li key={r.id} className={`thread-item thread-${r.kind}${r.visibility === 'private' ? ' thread-private' : ''}`} data-testid="thread-item" data-kind={r.kind} data-visibility={r.visibility}>
                <div className="thread-head small">
                  <strong>{r.author.displayName || r.author.username}</strong>
                  {' '}<Badge tone={r.kind === 'return' ? 'warning' : r.kind === 'answer' ? 'info' : 'neutral'}>{remarkKindWords[r.kind]}</Badge>
                  {r.visibility === 'private' && <> <Badge tone="accent" title="Only reviewers and ACT see it">Private: reviewers only</Badge></>}
                  <span className="muted"> · <When at={r.createdOn} />{r.version !== null && <> · on version {r.version}</>}</span>
                </div>
                {r.replyTo !== null && <div className="muted small">In answer to {items.find((x) => x.id === r.replyTo)?.author.displayName ?? 'a remark'}</div>}
                <p className="pre-wrap thread-body">{r.body}</p>
                {r.attachments.length > 0 && (
                  <ul className="plain-list small">
                    {r.attachments.map((a) => <li key={a.id}><a href={a.downloadUrl} download={a.fileName}>{a.fileName}</a></li>)}
                  </ul>
                )}
                {requestor && !reviewer && r.visibility === 'visible' && r.kind !== 'answer' && <AnswerBox requestId={requestId} remark={r} />}
              </li>
            ))}
          </ol>
        )
      )}
      {reviewer && <RemarkForm requestId={requestId} />}
    </Card>
  );
}
