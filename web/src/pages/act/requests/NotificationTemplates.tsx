import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../api.js';
import { useAction, useApi } from '../../../hooks.js';
import { Alert, Card, LoadError, Loading, PageHeader, When } from '../../../ui/bits.js';
import { Field, SubmitButton } from '../../../ui/forms.js';
import { UserName } from '../../../ui/entities.js';
import { auditWords } from '../../../ui/words.js';
import '../../requests/requests.css';

interface Template {
  kind: string;
  subject: string;
  body: string;
  modifiedBy: number | null;
  modifiedOn: string;
}

interface Templates {
  placeholders: { name: string; description: string }[];
  items: Template[];
}

const kindInfo: Record<string, { title: string; to: string }> = {
  submitted: { title: 'Request submitted', to: 'ACT and the delegated reviewers of the access requirement' },
  approved: { title: 'Request approved', to: 'the requestor and the accessors (the reviewer may edit it before approving)' },
  rejected: { title: 'Request rejected', to: 'the requestor' },
  cancelled: { title: 'Request cancelled', to: 'ACT and the reviewers' },
  reminder: { title: 'Renewal reminder', to: 'the requestor and the accessors, before access expires' },
  expired: { title: 'Access expired', to: 'the accessors, the requestor and ACT' },
  revoked: { title: 'Access revoked', to: 'the requestor and the accessors' },
  removed: { title: 'Removed from a request', to: 'accessors dropped from a renewed request' },
  returned: { title: 'Returned for changes', to: 'the requestor (not a rejection: they edit and resubmit)' },
  remark: { title: 'Remark or answer', to: 'the other side: the requestor of a visible remark, the reviewers of an answer or a private remark' },
};

function TemplateEditor({ t, onSaved }: { t: Template; onSaved(t: Template): void }) {
  const [subject, setSubject] = useState(t.subject);
  const [body, setBody] = useState(t.body);
  const [notice, setNotice] = useState<string>();
  const save = useAction(async () => {
    const saved = await api.put<Template>(`/request-notification-templates/${t.kind}`, { subject, body });
    onSaved(saved);
    setNotice('Saved. It applies to the next notices of this kind.');
  });
  const dirty = subject !== t.subject || body !== t.body;
  const partError = (field: string) => save.problem?.errors?.filter((e) => e.field === field).map((e) => e.message).join('; ') || undefined;
  const general = (save.problem?.errors ?? []).filter((e) => e.field !== 'body.subject' && e.field !== 'body.body').map((e) => e.message);
  return (
    <form noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); setNotice(undefined); void save.run(); }} data-testid={`template-${t.kind}`}>
      <p className="muted small">Sent to {kindInfo[t.kind]?.to ?? 'its recipients'}. Last changed <When at={t.modifiedOn} />{t.modifiedBy !== null && <> by <UserName id={t.modifiedBy} /></>}.</p>
      {notice && <Alert tone="success">{notice}</Alert>}
      {/* "body.body" is the message; an error on "body" (unknown placeholders) is about the whole template. */}
      {save.problem && (general.length > 0 || !save.problem.errors?.length) && (
        <div className="alert alert-error" role="alert" data-testid="form-problem">
          <div className="alert-content">{general.length > 0 ? general.join(' ') : save.problem.detail}</div>
        </div>
      )}
      <Field label="Subject" id={`tpl-${t.kind}-subject`} error={partError('body.subject')}>
        <input type="text" value={subject} onChange={(e) => { setSubject(e.target.value); setNotice(undefined); }} />
      </Field>
      <Field label="Message" id={`tpl-${t.kind}-body`} error={partError('body.body')}>
        <textarea rows={14} className="email-body" value={body} onChange={(e) => { setBody(e.target.value); setNotice(undefined); }} />
      </Field>
      <div className="button-row">
        <SubmitButton pending={save.pending} disabled={!dirty}>Save template</SubmitButton>
        {dirty && <button type="button" className="btn btn-ghost" onClick={() => { setSubject(t.subject); setBody(t.body); }}>Undo changes</button>}
      </div>
    </form>
  );
}

/**
 * The notification templates of the request life cycle (`/act/notification-templates`): one per notice, with the
 * `{{placeholders}}` Gatehouse fills in. Unknown placeholders are refused when saving.
 */
export function NotificationTemplatesPage() {
  const templates = useApi<Templates>('/request-notification-templates');
  const [params, setParams] = useSearchParams();
  const items = templates.data?.items ?? [];
  const kind = params.get('kind') && items.some((t) => t.kind === params.get('kind')) ? params.get('kind')! : items[0]?.kind;
  const current = items.find((t) => t.kind === kind);
  return (
    <>
      <PageHeader title="Notification templates" subtitle="The emails and in-app notices of data access requests. Placeholders in double braces are replaced when a notice is sent." />
      {templates.loading && !templates.data ? <Loading /> : templates.error ? <LoadError problem={templates.error} retry={templates.reload} /> : (
        <div className="templates-layout">
          <nav className="template-nav" aria-label="Templates">
            <ul>
              {items.map((t) => (
                <li key={t.kind}>
                  <button type="button" className={`template-nav-item${t.kind === kind ? ' active' : ''}`} aria-current={t.kind === kind ? 'true' : undefined}
                    onClick={() => setParams({ kind: t.kind }, { replace: true })}>
                    <span title={t.kind}>{kindInfo[t.kind]?.title ?? auditWords(t.kind)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div>
            {current && (
              <Card title={kindInfo[current.kind]?.title ?? current.kind} id="template-editor">
                <TemplateEditor key={current.kind} t={current}
                  onSaved={(saved) => templates.setData((d) => d && { ...d, items: d.items.map((x) => (x.kind === saved.kind ? saved : x)) })} />
              </Card>
            )}
          </div>
          <Card title="Placeholders" id="placeholders">
            <dl className="placeholder-list">
              {(templates.data?.placeholders ?? []).map((p) => (
                <div key={p.name}><dt><code>{`{{${p.name}}}`}</code></dt><dd className="small muted">{p.description}</dd></div>
              ))}
            </dl>
          </Card>
        </div>
      )}
    </>
  );
}
