import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Get } from '../../types.js';
import { Alert, Card, LoadError, Loading, PageHeader, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

/** The contact templates ACT sends from a finding (src/audit/contacts.ts): edited here, every version kept. */
type Template = Get<'/api/v1/audit/templates'>['items'][number];

const TO_WORDS: Record<Template['to'], string> = { user: 'the user', 'project-owner': 'the project owners', 'community-manager': 'the community manager' };

function TemplateCard({ t, editable }: { t: Template; editable: boolean }) {
  const [subject, setSubject] = useState(t.subject);
  const [body, setBody] = useState(t.body);
  const [saved, setSaved] = useState<number | null>(null);
  const save = useAction(() => api.put<{ version: number }>(`/audit/templates/${t.key}`, { subject, body, expectedVersion: t.version }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const r = await save.run();
    if (r) setSaved(r.version);
  };
  const changed = subject !== t.subject || body !== t.body;
  return (
    <Card title={t.title} testId={`template-${t.key}`}>
      <p className="muted small">
        To {TO_WORDS[t.to]} · <code>{t.key}</code> · version {t.version}, {t.changedBy ? <>changed by {t.changedBy.displayName}</> : 'as installed'} <When at={t.changedAt} />
      </p>
      {saved !== null && <Alert tone="success">Saved as version {saved}.</Alert>}
      <form onSubmit={submit} noValidate>
        <FormProblem problem={save.problem} fields={['subject', 'body']} />
        <Field label="Subject" name="subject" problem={save.problem} id={`${t.key}-subject`}>
          <input type="text" value={subject} maxLength={500} readOnly={!editable} onChange={(e) => setSubject(e.target.value)} />
        </Field>
        <Field label="Text" name="body" problem={save.problem} id={`${t.key}-body`} hint={`Placeholders: ${t.placeholders.map((p) => `{${p}}`).join(', ')}.`}>
          <textarea rows={12} value={body} readOnly={!editable} onChange={(e) => setBody(e.target.value)} />
        </Field>
        {editable && <SubmitButton pending={save.pending} disabled={!changed} pendingText="Saving…">Save as a new version</SubmitButton>}
      </form>
      {t.history.length > 1 && (
        <details className="audit-history">
          <summary>Earlier versions ({t.history.length - 1})</summary>
          <ol>
            {t.history.slice(1).map((h) => (
              <li key={h.version}>
                <p className="small"><strong>Version {h.version}</strong> · {h.changedBy ? h.changedBy.displayName : 'as installed'} · <When at={h.changedAt} /></p>
                <p className="small"><strong>{h.subject}</strong></p>
                <div className="audit-trail-body small">{h.body}</div>
              </li>
            ))}
          </ol>
        </details>
      )}
    </Card>
  );
}

export function AuditTemplatesPage() {
  const me = useMe();
  const list = useApi<Get<'/api/v1/audit/templates'>>('/audit/templates');
  const editable = me.isAct || me.isSecurity || me.isAdmin;
  return (
    <>
      <PageHeader title="Contact templates" subtitle="The emails sent from a finding: filled in with the finding's names, and editable before each send. Each save is a new version, logged." />
      {list.loading && !list.data ? <Loading /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : list.data!.items.map((t) => <TemplateCard key={t.key} t={t} editable={editable} />)}
    </>
  );
}
