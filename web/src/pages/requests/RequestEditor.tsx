import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, asProblem, sentenceOf, upload, type ApiProblem, type UploadProgress } from '../../api.js';
import { ErrorList, wordsOf, type SummaryItem } from '../../ui/forms.js';
import { useApi, useDebounced } from '../../hooks.js';
import { write } from '../../queries.js';
import { useMe } from '../../session.js';
import type { Page, UserSummary } from '../../types.js';
import { Alert, formatBytes } from '../../ui/bits.js';
import { ProgressBar } from '../../ui/overlays.js';
import { PersonLine } from './bits.js';
import { FieldControl, FieldShell, fieldId } from './FieldControls.js';
import {
  answerError, isAnswered, missingOf, refusedOf, type Answers, type AnswerValue, type Attachment, type DataAccessRequest, type FormField,
  type RefusedAccessor, type RequestForm, type Submission,
} from './model.js';

/** Fields the requestor answers in the form itself (attachments are uploaded, the requestor and accessors are not answers). */
const answerable = (f: FormField) => !f.readOnly && f.key !== 'accessors' && f.type !== 'attachment';

/** The answers to send: every answerable field, blanks cleared (null), the rest as typed. */
function answersToSend(fields: FormField[], answers: Answers): Answers {
  const out: Answers = {};
  for (const f of fields.filter(answerable)) {
    const v = answers[f.key];
    out[f.key] = isAnswered(v) ? (typeof v === 'string' ? v.trim() : v!) : null;
  }
  return out;
}

const sameAnswers = (fields: FormField[], a: Answers, b: Answers) =>
  JSON.stringify(answersToSend(fields, a)) === JSON.stringify(answersToSend(fields, b));

/**
 * The request form as the requestor fills it in: the fields always present, ACT's fields, the attachments the AR
 * asks for, accessors added one by one (a refusal shows beside the accessor field and nobody is added), "Save
 * draft" and "Submit". Submitting saves first; every missing field is marked at once from the server's answer.
 */
export function RequestEditor({ request, form, onRequest, onSubmitted, onCancelEdit, renewal }: {
  request: DataAccessRequest;
  form: RequestForm | undefined;
  onRequest(r: DataAccessRequest): void;
  onSubmitted(s: Submission): void;
  onCancelEdit?(): void;
  renewal?: boolean;
}) {
  const [answers, setAnswers] = useState<Answers>(() => ({ ...request.answers }));
  const [saved, setSaved] = useState<Answers>(() => ({ ...request.answers }));
  const [problem, setProblem] = useState<ApiProblem>();
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<RefusedAccessor[]>([]);
  const [pending, setPending] = useState<'save' | 'submit' | null>(null);
  const [notice, setNotice] = useState<string>();
  const summaryRef = useRef<HTMLDivElement>(null);
  const fields = request.fields;
  const dirty = !sameAnswers(fields, answers, saved);

  const setAnswer = (key: string, value: AnswerValue) => {
    setAnswers((a) => ({ ...a, [key]: value }));
    setNotice(undefined);
    if (missing[key] && isAnswered(value)) setMissing(({ [key]: _, ...rest }) => rest);
  };

  // The server's copy changed under us (accessors, uploads): keep what is typed, take the new attachments.
  const refresh = async () => {
    const fresh = await api.get<DataAccessRequest>(`/requests/${request.id}`);
    onRequest(fresh);
    return fresh;
  };

  const save = async (): Promise<DataAccessRequest | undefined> => {
    const body = { answers: answersToSend(fields, answers), etag: request.etag };
    const updated = await write(() => api.put<DataAccessRequest>(`/requests/${request.id}`, body));
    onRequest(updated);
    setSaved({ ...answers });
    return updated;
  };

  const onSave = async () => {
    setPending('save');
    setProblem(undefined);
    setNotice(undefined);
    try {
      await save();
      setNotice(`Draft saved at ${new Date().toLocaleTimeString()}. It comes back when you open this request again.`);
    } catch (err) {
      fail(asProblem(err));
    } finally {
      setPending(null);
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setPending('submit');
    setProblem(undefined);
    setNotice(undefined);
    setMissing({});
    setRefused([]);
    try {
      const current = await save();
      const submission = await write(() => api.post<Submission>(`/requests/${request.id}/submit`, { etag: current?.etag }));
      onSubmitted(submission);
    } catch (err) {
      fail(asProblem(err), true);
    } finally {
      setPending(null);
    }
  };

  const fail = (p: ApiProblem, submitting = false) => {
    setProblem(p);
    const m = missingOf(p).map((x) => x.key);
    // A submit whose save was refused (an invalid answer) also names the required fields still empty, so that
    // the requestor sees everything to fix at once, not the empty fields only after fixing the invalid ones.
    if (submitting && p.code === 'VALIDATION_FAILED') {
      for (const f of fields) {
        if (f.optional || f.readOnly || f.key === 'requestor') continue;
        const empty = f.key === 'accessors' ? request.accessors.length === 0 : f.type === 'attachment' ? request.attachments.every((a) => a.fieldKey !== f.key) : !isAnswered(answers[f.key]);
        if (empty && !m.includes(f.key)) m.push(f.key);
      }
    }
    setMissing(Object.fromEntries(m.map((key) => [key, 'Fill this in.'])));
    setRefused(refusedOf(p));
    // The summary at the top names what is wrong; move there so a keyboard or screen reader user hears it.
    setTimeout(() => summaryRef.current?.focus(), 0);
  };

  const errorOf = (key: string) => missing[key] ?? answerError(problem, key);
  // One list of everything to fix, each field once, in form order, by its label: the empty required fields and
  // the invalid answers together ("Please correct 1 field" / "… 3 fields").
  const keyOf = (field: string) => field.replace(/^(body\.)?(answers\.)?/, '');
  const summary: SummaryItem[] = fields
    .filter((f) => errorOf(f.key) !== undefined)
    .map((f) => ({ name: f.key, label: f.label, sentence: errorOf(f.key)!, focus: () => focusField(f.key) }));
  const others = (problem?.errors ?? []).filter((e) => !fields.some((f) => f.key === keyOf(e.field)) && e.field !== 'body.user');
  summary.push(...others.map((e) => ({ name: e.field, label: e.label ?? (wordsOf(keyOf(e.field)) || 'Answers'), sentence: sentenceOf(e) })));
  const attachmentsOf = (key: string) => request.attachments.filter((a) => a.fieldKey === key);
  const stale = problem?.status === 412;

  return (
    <form className="request-form" noValidate onSubmit={onSubmit} data-testid="request-form">
      <div ref={summaryRef} tabIndex={-1} className="summary-anchor">
        <ErrorList items={summary} />
        {problem && summary.length === 0 && (
          <div className="alert alert-error" role="alert" data-testid="form-problem">
            <div className="alert-content">
              {problem.detail}
              {stale && <> <button type="button" className="link-button" onClick={() => void refresh().then((r) => { setAnswers({ ...r.answers }); setSaved({ ...r.answers }); setProblem(undefined); })}>Load the saved request</button> (your changes here are replaced).</>}
            </div>
          </div>
        )}
      </div>
      {renewal && (
        <Alert tone="info">
          You are updating a request that was {request.state.toLowerCase()}. Every field can be changed; accessors can be added, removed or kept.
          Submitting makes version {request.version + 1}, which ACT reviews again.
        </Alert>
      )}

      {fields.map((field) => {
        if (field.key === 'requestor') {
          return (
            <FieldShell key={field.key} field={field} group>
              <div className="readonly-value" data-testid="requestor"><PersonLine user={request.requestor} /></div>
            </FieldShell>
          );
        }
        if (field.key === 'accessors') {
          return <AccessorsField key={field.key} field={field} request={request} onRequest={onRequest} refused={refused} error={errorOf('accessors')} />;
        }
        if (field.type === 'attachment') {
          return (
            <AttachmentField key={field.key} field={field} requestId={request.id} files={attachmentsOf(field.key)} error={errorOf(field.key)}
              ducTemplate={field.key === 'duc' ? form?.ducTemplate ?? null : null} onChanged={refresh} />
          );
        }
        return <FieldControl key={field.key} field={field} value={answers[field.key]} onChange={(v) => setAnswer(field.key, v)} error={errorOf(field.key)} />;
      })}

      {notice && <Alert tone="success" testId="draft-notice">{notice}</Alert>}
      <div className="request-actions">
        <button type="submit" className="btn btn-primary" disabled={pending !== null} aria-busy={pending === 'submit' || undefined} data-testid="submit-request">
          {pending === 'submit' ? 'Submitting…' : renewal ? 'Submit the update' : 'Submit request'}
        </button>
        <button type="button" className="btn btn-secondary" disabled={pending !== null} onClick={() => void onSave()} data-testid="save-draft">
          {pending === 'save' ? 'Saving…' : 'Save draft'}
        </button>
        {onCancelEdit && <button type="button" className="btn btn-ghost" disabled={pending !== null} onClick={onCancelEdit}>Stop editing</button>}
        <span className="muted small" aria-live="polite">{dirty ? 'Unsaved changes' : ''}</span>
      </div>
      <p className="muted small request-footnote">Fields are required unless marked optional. Submitting sends the request to the Access and Compliance Team; while they review it you can cancel it but not change it.</p>
    </form>
  );
}

function focusField(key: string) {
  const el = document.getElementById(fieldId(key));
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  const focusable = el.matches('input, textarea, select') ? el : el.querySelector<HTMLElement>('input, textarea, select, button');
  focusable?.focus({ preventScroll: true });
}

/**
 * The accessors: the requestor first (removable), each with their marks; "Add accessor" by name or id, added at
 * once on the server. A refused user is not added: the message shows beside the field.
 */
/** Whether a user found in the picker meets the accessor rules, before anyone is refused (issue 9 item 5). */
function CandidateMarks({ user, rules }: { user: UserSummary; rules?: DataAccessRequest['accessorRules'] }) {
  if (!rules || (!rules.certifiedRequired && !rules.validatedRequired)) return null;
  const marks = [
    ...(rules.certifiedRequired ? [{ label: 'certified', met: user.isCertified }] : []),
    ...(rules.validatedRequired ? [{ label: 'validated', met: user.isValidated }] : []),
  ];
  const ok = marks.every((m) => m.met);
  return (
    <span className={`candidate-marks small ${ok ? 'met' : 'unmet'}`} data-testid={`candidate-${user.username}`}>
      {marks.map((m) => <span key={m.label}> {m.met ? '✓' : '✗'} {m.label}</span>)}
      {!ok && <span> · cannot be an accessor yet</span>}
    </span>
  );
}

function AccessorsField({ field, request, onRequest, refused, error }: {
  field: FormField; request: DataAccessRequest; onRequest(r: DataAccessRequest): void; refused: RefusedAccessor[]; error?: string;
}) {
  const me = useMe();
  const [q, setQ] = useState('');
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const query = useDebounced(q.trim(), 200);
  const ids = request.accessors.map((a) => a.id);
  const results = useApi<Page<UserSummary>>(query ? '/users' : null, { q: query, limit: 6 });
  const found = (results.data?.items ?? []).filter((u) => !ids.includes(u.id));
  const inputId = fieldId('accessors');

  const add = async (user: string | number) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      onRequest(await write(() => api.post<DataAccessRequest>(`/requests/${request.id}/accessors`, { user })));
      setQ('');
    } catch (err) {
      const p = asProblem(err);
      setRefusal(refusedOf(p)[0]?.message ?? p.fieldError('user') ?? p.detail);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (userId: number) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      onRequest(await write(() => api.delete<DataAccessRequest>(`/requests/${request.id}/accessors/${userId}`)));
    } catch (err) {
      setRefusal(asProblem(err).detail);
    } finally {
      setBusy(false);
    }
  };
  const typed = q.trim();
  const exact = typed && (/^\d+$/.test(typed) || found.some((u) => u.username.toLowerCase() === typed.toLowerCase()));

  return (
    <fieldset className={`field request-field field-group${error ? ' field-invalid' : ''}`} id={inputId} data-field="accessors" data-testid="accessors">
      <legend>{field.label}</legend>
      {field.description && <p className="field-hint field-description">{field.description}</p>}
      {request.accessors.length === 0 ? <p className="muted small">Nobody yet: add at least one accessor.</p> : (
        <ul className="accessor-list" aria-label="Accessors">
          {request.accessors.map((a) => {
            const refusedNow = refused.find((r) => r.userId === a.id);
            const problem = refusedNow?.message ?? (a.eligible ? null : a.problem);
            return (
              <li key={a.id} className={`accessor${problem ? ' accessor-refused' : ''}`} data-testid={`accessor-${a.username}`}>
                <PersonLine user={a} approved={a.alreadyApproved} />
                {a.id === me.id && <span className="muted small"> (you)</span>}
                {problem && <p className="field-error accessor-problem" role="alert">{problem}</p>}
                <button type="button" className="btn btn-ghost btn-small accessor-remove" disabled={busy} aria-label={`Remove ${a.username}`} onClick={() => void remove(a.id)}>×</button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="accessor-add user-picker">
        <label htmlFor={`${inputId}-add`}>Add accessor</label>
        <div className="accessor-add-row">
          <input id={`${inputId}-add`} type="search" autoComplete="off" value={q} placeholder="Type a username, name or email" disabled={busy}
            onChange={(e) => { setQ(e.target.value); setRefusal(undefined); }}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); if (typed) void add(/^\d+$/.test(typed) ? Number(typed) : typed); } }}
            aria-describedby={refusal ? `${inputId}-refusal` : undefined} aria-invalid={refusal ? true : undefined} />
          <button type="button" className="btn btn-secondary" disabled={!typed || busy} onClick={() => void add(/^\d+$/.test(typed) ? Number(typed) : typed)}>Add</button>
        </div>
        {refusal && <p className="field-error" id={`${inputId}-refusal`} role="alert" data-testid="accessor-refusal">{refusal}</p>}
        {query && !exact && (
          <ul className="picker-results" aria-label="Matching users">
            {results.loading ? <li className="muted small">Searching…</li>
              : found.length === 0 ? <li className="muted small">No user matches “{query}”.</li>
              : found.map((u) => (
                <li key={u.id}>
                  <button type="button" className="picker-option" aria-label={`Add ${u.username}`} disabled={busy} onClick={() => void add(u.id)}>
                    <strong>{u.displayName}</strong> <span className="muted">@{u.username}</span>
                    <CandidateMarks user={u} rules={request.accessorRules} />
                  </button>
                </li>
              ))}
          </ul>
        )}
      </div>
      {error && <p className="field-error" role="alert" data-testid="error-accessors">{error}</p>}
    </fieldset>
  );
}

/** An attachment field: the files uploaded for it (download, remove), and an upload with its progress. */
function AttachmentField({ field, requestId, files, error, ducTemplate, onChanged }: {
  field: FormField; requestId: number; files: Attachment[]; error?: string; ducTemplate: RequestForm['ducTemplate']; onChanged(): Promise<unknown>;
}) {
  const [progress, setProgress] = useState<(UploadProgress & { name: string }) | null>(null);
  const [problem, setProblem] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);
  const id = fieldId(field.key);

  const send = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setProblem(undefined);
    for (const file of Array.from(list)) {
      const body = new FormData();
      body.append('fieldKey', field.key);
      body.append('file', file);
      setProgress({ loaded: 0, total: file.size, name: file.name });
      try {
        await write(() => upload<Attachment>('POST', `/requests/${requestId}/attachments`, body, (p) => setProgress({ ...p, name: file.name })));
      } catch (err) {
        setProblem(`${file.name}: ${asProblem(err).detail}`);
        break;
      }
    }
    setProgress(null);
    if (inputRef.current) inputRef.current.value = '';
    await onChanged().catch(() => undefined);
  };
  const remove = async (a: Attachment) => {
    setProblem(undefined);
    try {
      await write(() => api.delete(`/requests/${requestId}/attachments/${a.id}`));
      await onChanged();
    } catch (err) {
      setProblem(asProblem(err).detail);
    }
  };
  const message = error ?? problem;

  return (
    <div className={`field request-field attachment-field${message ? ' field-invalid' : ''}`} data-field={field.key} data-testid={`attachment-${field.key}`}>
      <label htmlFor={id}>{field.label}{field.optional && <span className="optional-mark"> (optional)</span>}</label>
      {field.description && <p className="field-hint field-description" id={`${id}-hint`}>{field.description}</p>}
      {ducTemplate && (
        <p className="small duc-template">
          Start from the template: <a href={ducTemplate.downloadUrl} download={ducTemplate.fileName} data-testid="duc-template">Download {ducTemplate.fileName}</a>, fill it in, have it signed, and upload it here.
        </p>
      )}
      {files.length > 0 && (
        <ul className="file-list" aria-label={`${field.label}: uploaded files`}>
          {files.map((a) => (
            <li key={a.id} className="file-item">
              <a href={a.downloadUrl} download={a.fileName}>{a.fileName}</a> <span className="muted small">{formatBytes(a.size)}</span>
              <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${a.fileName}`} onClick={() => void remove(a)}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <input ref={inputRef} id={id} type="file" className="file-input" multiple disabled={progress !== null}
        aria-describedby={[field.description ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        aria-invalid={message ? true : undefined} onChange={(e) => void send(e.target.files)} />
      {progress && <ProgressBar loaded={progress.loaded} total={progress.total} label={`Uploading ${progress.name}`} />}
      {message && <p className="field-error" id={`${id}-error`} role="alert" data-testid={`error-${field.key}`}>{message}</p>}
    </div>
  );
}

/** Answers of a submission or request, read-only; `changed` keys are highlighted (the review shows what changed). */
export function AnswersView({ fields, answers, accessors, attachments, changed = [], requestor, previousVersion }: {
  fields: FormField[]; answers: Answers; accessors: DataAccessRequest['accessors']; attachments: Attachment[]; changed?: string[];
  requestor: DataAccessRequest['requestor']; previousVersion?: number;
}) {
  const changedSet = useMemo(() => new Set(changed), [changed]);
  const mark = (key: string) => changedSet.has(key)
    ? <span className="changed-badge" data-testid={`changed-${key}`}>changed{previousVersion ? ` since version ${previousVersion}` : ''}</span>
    : null;
  return (
    <dl className="answers" data-testid="answers">
      {fields.map((f) => {
        const isChanged = changedSet.has(f.key);
        let value: ReactNode;
        if (f.key === 'requestor') value = <PersonLine user={requestor} />;
        else if (f.key === 'accessors') {
          value = accessors.length === 0 ? <span className="muted">none</span> : (
            <ul className="plain-list accessor-view">{accessors.map((a) => (
              <li key={a.id}><PersonLine user={a} approved={a.alreadyApproved} />{!a.eligible && a.problem && <span className="field-error small"> {a.problem}</span>}</li>
            ))}</ul>
          );
        } else if (f.type === 'attachment') {
          const ids = Array.isArray(answers[f.key]) ? (answers[f.key] as number[]) : [];
          const files = attachments.filter((a) => ids.includes(a.id));
          value = files.length === 0 ? <span className="muted">no file</span> : (
            <ul className="plain-list">{files.map((a) => <li key={a.id}><a href={a.downloadUrl} download={a.fileName}>{a.fileName}</a> <span className="muted small">{formatBytes(a.size)}</span></li>)}</ul>
          );
        } else if (f.type === 'user-list') {
          const ids = Array.isArray(answers[f.key]) ? (answers[f.key] as number[]) : [];
          value = ids.length === 0 ? <span className="muted">—</span> : <UserIds ids={ids} />;
        } else {
          const v = answers[f.key];
          const text = v === true ? 'Yes' : v === false ? 'No' : Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '';
          value = text ? <span className={f.type === 'long-text' ? 'pre-wrap' : undefined}>{text}</span> : <span className="muted">—</span>;
        }
        return (
          <div key={f.key} className={`answer${isChanged ? ' answer-changed' : ''}`} data-field={f.key}>
            <dt>{f.label} {mark(f.key)}</dt>
            <dd>{value}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function UserIds({ ids }: { ids: number[] }) {
  return <>{ids.map((id, i) => <span key={id}>{i > 0 && ', '}<UserRefName id={id} /></span>)}</>;
}

function UserRefName({ id }: { id: number }) {
  const user = useApi<UserSummary>(`/users/${id}`);
  return <span>{user.data ? `${user.data.displayName} (@${user.data.username})` : `user ${id}`}</span>;
}
