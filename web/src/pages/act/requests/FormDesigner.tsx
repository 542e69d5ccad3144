import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, asProblem, upload, type ApiProblem } from '../../../api.js';
import { useAction, useApi } from '../../../hooks.js';
import { write } from '../../../queries.js';
import type { AccessRequirement } from '../../../types.js';
import { RequestRulesCard } from './RequestRules.js';
import { Alert, Badge, Card, LoadError, Loading, PageHeader, Tabs, When, PageSkeleton } from '../../../ui/bits.js';
import { Checkbox, Field, FormProblem } from '../../../ui/forms.js';
import { UserName } from '../../../ui/entities.js';
import { FieldControl, FieldShell } from '../../requests/FieldControls.js';
import {
  FIELD_TYPES, fieldTypeLabel, isChoice, type Answers, type FieldTemplate, type FieldType, type FormField, type RequestForm,
} from '../../requests/model.js';
import { RequirementTools } from './ReviewPage.js';
import '../../requests/requests.css';

/** A field of ACT's own part of the form, as edited here (options as typed, one per line). */
interface DraftField {
  uid: string;
  key?: string;
  templateId: number | null;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  options: string;
}

const LEADING = ['requestor', 'studyLead', 'institution', 'accessors', 'accessUntil', 'intendedDataUse'];
let uidCounter = 0;
const uid = () => `d${++uidCounter}`;

const draftOf = (f: FormField): DraftField => ({
  uid: uid(), key: f.key, templateId: f.templateId, label: f.label, description: f.description, type: f.type, optional: f.optional, options: f.options.join('\n'),
});
const optionsOf = (d: DraftField) => d.options.split('\n').map((o) => o.trim()).filter(Boolean);
const asField = (d: DraftField): FormField => ({
  key: d.key ?? d.uid, label: d.label || 'Untitled field', description: d.description, type: d.type, optional: d.optional,
  options: isChoice(d.type) ? optionsOf(d) : [], builtin: false, readOnly: false, templateId: d.templateId,
});
const toBody = (d: DraftField) => ({
  ...(d.key ? { key: d.key } : {}),
  ...(d.templateId !== null ? { templateId: d.templateId } : { type: d.type }),
  label: d.label.trim(),
  description: d.description.trim(),
  optional: d.optional,
  ...(isChoice(d.type) ? { options: optionsOf(d) } : {}),
});

/** The server's message for one property of the i-th field (`body.fields.<i>.<prop>`). */
const fieldProblem = (p: ApiProblem | undefined, i: number, prop: string) =>
  p?.errors?.filter((e) => e.field === `body.fields.${i}.${prop}` || e.field === `fields.${i}.${prop}`).map((e) => e.message).join('; ') || undefined;

function DraftFieldEditor({ d, i, count, template, problem, onChange, onMove, onRemove }: {
  d: DraftField; i: number; count: number; template?: FieldTemplate; problem?: ApiProblem;
  onChange(next: DraftField): void; onMove(delta: number): void; onRemove(): void;
}) {
  const set = <K extends keyof DraftField>(k: K, v: DraftField[K]) => onChange({ ...d, [k]: v });
  const prefix = `design-${d.uid}`;
  const typeError = fieldProblem(problem, i, 'type');
  return (
    <li className="design-field" data-testid={`design-field-${i}`}>
      <div className="design-field-head">
        <span className="design-field-number">{i + 1}</span>
        <strong className="design-field-title">{d.label || 'Untitled field'}</strong>
        {template ? <Badge tone="accent" title={`From the library: ${template.key}`}>library</Badge> : <Badge>custom</Badge>}
        {d.key && <code className="muted small">{d.key}</code>}
        <span className="design-field-buttons">
          <button type="button" className="btn btn-ghost btn-small" disabled={i === 0} onClick={() => onMove(-1)} aria-label={`Move ${d.label || 'field'} up`}>↑</button>
          <button type="button" className="btn btn-ghost btn-small" disabled={i === count - 1} onClick={() => onMove(1)} aria-label={`Move ${d.label || 'field'} down`}>↓</button>
          <button type="button" className="btn btn-ghost btn-small design-remove" onClick={onRemove} aria-label={`Remove ${d.label || 'field'}`}>×</button>
        </span>
      </div>
      <div className="form-grid">
        <Field label="Label" id={`${prefix}-label`} error={fieldProblem(problem, i, 'label')}>
          <input type="text" value={d.label} onChange={(e) => set('label', e.target.value)} />
        </Field>
        <Field label="Type" id={`${prefix}-type`} error={typeError} hint={template ? 'A library field keeps the type of its template.' : undefined}>
          <select value={d.type} disabled={!!template} onChange={(e) => set('type', e.target.value as FieldType)}>
            {FIELD_TYPES.map((t) => <option key={t} value={t}>{fieldTypeLabel[t]}</option>)}
          </select>
        </Field>
      </div>
      <Field label="Description shown to requestors" id={`${prefix}-description`} error={fieldProblem(problem, i, 'description')}>
        <textarea rows={2} value={d.description} onChange={(e) => set('description', e.target.value)} />
      </Field>
      {isChoice(d.type) && (
        <Field label="Choices, one per line" id={`${prefix}-options`} error={fieldProblem(problem, i, 'options')}>
          <textarea rows={Math.max(3, optionsOf(d).length + 1)} value={d.options} onChange={(e) => set('options', e.target.value)} />
        </Field>
      )}
      <Checkbox id={`${prefix}-optional`} label="Optional (requestors may leave it empty)" checked={d.optional} onChange={(v) => set('optional', v)} />
      {fieldProblem(problem, i, 'key') && <p className="field-error">{fieldProblem(problem, i, 'key')}</p>}
      {fieldProblem(problem, i, 'templateId') && <p className="field-error">{fieldProblem(problem, i, 'templateId')}</p>}
    </li>
  );
}

/** The form as a requestor sees it, from what is being edited (unsaved changes included). Nothing is sent. */
export function FormPreview({ fields, instructions, form }: { fields: FormField[]; instructions: string; form: RequestForm }) {
  const [answers, setAnswers] = useState<Answers>({});
  return (
    <div className="form-preview" data-testid="form-preview">
      <p className="preview-banner small">Preview: this is what a requestor sees. Nothing you enter here is saved.</p>
      <h2 className="preview-title">{form.accessRequirementName}</h2>
      {instructions && <div className="instructions"><h3 className="subhead-small">Instructions</h3><p className="pre-wrap">{instructions}</p></div>}
      {fields.map((f) => {
        if (f.key === 'requestor') {
          return <FieldShell key={f.key} field={f} group><div className="readonly-value muted">The requestor (filled in by Gatehouse)</div></FieldShell>;
        }
        if (f.key === 'accessors') {
          return (
            <FieldShell key={f.key} field={f} group>
              <div className="readonly-value muted small">The requestor, then the accessors they add</div>
              <input type="search" disabled placeholder="User name, name or user id" aria-label="Add accessor (preview)" />
            </FieldShell>
          );
        }
        if (f.type === 'attachment') {
          return (
            <FieldShell key={f.key} field={f}>
              {f.key === 'duc' && form.ducTemplate && <p className="small">Start from the template: <a href={form.ducTemplate.downloadUrl}>Download {form.ducTemplate.fileName}</a></p>}
              {f.key === 'duc' && !form.ducTemplate && <p className="small muted">No DUC template is set on the access requirement.</p>}
              <input type="file" disabled aria-label={`${f.label} (preview)`} />
            </FieldShell>
          );
        }
        return <FieldControl key={f.key} field={f} value={answers[f.key]} onChange={(v) => setAnswers((a) => ({ ...a, [f.key]: v }))} />;
      })}
      <div className="request-actions"><button type="button" className="btn btn-primary" disabled>Submit request</button><button type="button" className="btn btn-secondary" disabled>Save draft</button></div>
    </div>
  );
}

function FormVersions({ arId }: { arId: number }) {
  const versions = useApi<{ items: { version: number; modifiedBy: number | null; modifiedOn: string; customFields: number }[] }>(`/access-requirements/${arId}/form/versions`);
  if (!versions.data || versions.data.items.length === 0) return null;
  return (
    <Card title="Versions of the form" id="form-versions" testId="form-versions">
      <ul className="plain-list form-version-list">
        {versions.data.items.map((v, i) => (
          <li key={v.version}>
            <strong>Version {v.version}</strong> {i === 0 && <Badge tone="info">current</Badge>}{' '}
            <span className="muted small">{v.customFields} own {v.customFields === 1 ? 'field' : 'fields'} · <When at={v.modifiedOn} /> by <UserName id={v.modifiedBy} /></span>
          </li>
        ))}
      </ul>
      <p className="muted small">A change to a form that requests answer makes a new version; open requests keep the version they answer, renewals move to the newest.</p>
    </Card>
  );
}

/**
 * The form designer of a ManagedACT access requirement (`/act/access-requirements/{id}/form`): the fields always
 * present (they follow the AR's settings), ACT's own fields from the library or custom — label, description, type,
 * choices, optional, order — the instructions and the renewal reminders, a preview, and saving (a new version when
 * the form is in use).
 */
export function FormDesignerPage() {
  const { id } = useParams();
  const arId = Number(id);
  const form = useApi<RequestForm>(`/access-requirements/${id}/form`);
  const ar = useApi<AccessRequirement>(`/access-requirements/${id}`);
  const templates = useApi<{ items: FieldTemplate[] }>('/form-field-templates');
  const [drafts, setDrafts] = useState<DraftField[]>([]);
  const [instructions, setInstructions] = useState('');
  const [reminderDays, setReminderDays] = useState('30');
  const [secondReminder, setSecondReminder] = useState('');
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState<'design' | 'preview'>('design');
  const [pick, setPick] = useState('');
  const [notice, setNotice] = useState<string>();
  const [generation, setGeneration] = useState(0);

  const load = (f: RequestForm) => {
    setDrafts(f.fields.filter((x) => !x.builtin).map(draftOf));
    setInstructions(f.instructions);
    setReminderDays(String(f.reminderDays));
    setSecondReminder(f.secondReminderDays === null ? '' : String(f.secondReminderDays));
    setDirty(false);
  };
  useEffect(() => {
    if (form.data) load(form.data);
  }, [form.data]);

  const change = (fn: (d: DraftField[]) => DraftField[]) => {
    setDrafts(fn);
    setDirty(true);
    setNotice(undefined);
  };
  const byTemplate = useMemo(() => new Map((templates.data?.items ?? []).map((t) => [t.id, t])), [templates.data]);
  const usedTemplates = new Set(drafts.map((d) => d.templateId).filter((x) => x !== null));
  const available = (templates.data?.items ?? []).filter((t) => !t.retired && !usedTemplates.has(t.id));

  const save = useAction(async () => {
    const before = form.data!;
    const saved = await api.put<RequestForm>(`/access-requirements/${id}/form`, {
      instructions,
      fields: drafts.map(toBody),
      reminderDays: Number(reminderDays),
      secondReminderDays: secondReminder.trim() === '' ? null : Number(secondReminder),
      ...(before.etag ? { etag: before.etag } : {}),
    });
    form.setData(saved);
    setGeneration((g) => g + 1);
    setNotice(saved.version === before.version && saved.etag === before.etag ? 'Nothing changed: the form is as it was.'
      : saved.version > before.version && before.inUse
        ? `Saved as version ${saved.version}. Requests already started keep version ${before.version}; new requests and renewals use version ${saved.version}.`
        : `Saved (version ${saved.version}).`);
  });

  if ((form.loading && !form.data) || (ar.loading && !ar.data)) return <PageSkeleton what="Loading the form" />;
  if (form.error || !form.data) return <><PageHeader title="Request form" />{form.error && <LoadError problem={form.error} retry={form.reload} />}</>;
  const f = form.data;
  const builtins = f.fields.filter((x) => x.builtin);
  const previewFields = [...builtins.filter((x) => LEADING.includes(x.key)), ...drafts.map(asField), ...builtins.filter((x) => !LEADING.includes(x.key))];
  const stale = save.problem?.status === 412;
  const topProblem = save.problem && !save.problem.errors?.every((e) => /^body\.fields\.\d+\./.test(e.field) || /^body\.(reminderDays|secondReminderDays|instructions)$/.test(e.field)) ? save.problem : undefined;

  const addTemplate = () => {
    const t = byTemplate.get(Number(pick));
    if (!t) return;
    change((d) => [...d, { uid: uid(), templateId: t.id, label: t.label, description: t.description, type: t.type, optional: t.optional, options: t.options.join('\n') }]);
    setPick('');
  };
  const addCustom = () => change((d) => [...d, { uid: uid(), templateId: null, label: '', description: '', type: 'short-text', optional: false, options: '' }]);
  const move = (i: number, delta: number) => change((d) => {
    const next = [...d];
    const [x] = next.splice(i, 1);
    next.splice(i + delta, 0, x);
    return next;
  });

  return (
    <>
      <p className="breadcrumb"><Link to="/act/requests">Data access requests</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title={`Request form: ${f.accessRequirementName}`}
        subtitle={ar.data ? <RequirementTools ar={ar.data} current="form" /> : undefined}
        actions={
          <button type="button" className="btn btn-primary" disabled={save.pending || !dirty} onClick={() => void save.run()} data-testid="save-form">
            {save.pending ? 'Saving…' : 'Save form'}
          </button>
        } />
      <p className="form-meta muted small" data-testid="form-meta">
        {f.version === 0 ? 'Not saved yet: requestors get the fields always present and the instructions of the access requirement.'
          : <>Version {f.version}{f.inUse && <> · <strong>in use</strong>: saving a change makes version {f.version + 1}</>}{f.modifiedOn && <> · changed <When at={f.modifiedOn} /> by <UserName id={f.modifiedBy} /></>}</>}
      </p>
      {notice && <Alert tone="success" testId="form-notice">{notice}</Alert>}
      {stale && (
        <div className="alert alert-error" role="alert">
          <div className="alert-content">{save.problem!.detail}</div>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => { save.reset(); form.reload(); }}>Retrieve it again</button>
        </div>
      )}
      {!stale && <FormProblem problem={topProblem} />}
      {!stale && save.problem && !topProblem && <p className="form-summary" role="alert">{correctCount(save.problem.fieldNames().length)}</p>}

      <Tabs label="Form designer" value={tab} onChange={(v) => setTab(v as 'design' | 'preview')} tabs={[{ value: 'design', label: 'Design' }, { value: 'preview', label: 'Preview as requestor' }]} />
      {tab === 'preview' ? (
        <Card id="form-preview-card"><FormPreview fields={previewFields} instructions={instructions} form={f} /></Card>
      ) : (
        <div className="designer-layout">
          <div>
            <Card title="Instructions" id="form-instructions">
              <Field label="Instructions shown above the form" name="instructions" problem={save.problem} id="form-instructions-text"
                hint="What requestors must prepare: who signs the DUC, which documents to attach, how long approvals last.">
                <textarea rows={4} value={instructions} onChange={(e) => { setInstructions(e.target.value); setDirty(true); setNotice(undefined); }} />
              </Field>
            </Card>
            <Card title="Fields always present" id="form-builtin">
              <p className="muted small">They follow the settings of the access requirement{ar.data && <> (<Link to={`/act/access-requirements/${arId}`}>change them there</Link>)</>}: the accessor rules, the DUC, IRB and other attachments, the intended data use statement.</p>
              <ul className="builtin-list">
                {builtins.filter((x) => LEADING.includes(x.key)).map((x) => <BuiltinRow key={x.key} f={x} />)}
              </ul>
            </Card>
            <Card title={`Fields of this form (${drafts.length})`} id="form-fields" testId="form-fields">
              {drafts.length === 0 ? <p className="muted">No fields of your own yet. Add them from the library or make a custom one.</p> : (
                <ol className="design-list">
                  {drafts.map((d, i) => (
                    <DraftFieldEditor key={d.uid} d={d} i={i} count={drafts.length} template={d.templateId === null ? undefined : byTemplate.get(d.templateId)} problem={save.problem}
                      onChange={(next) => change((all) => all.map((x) => (x.uid === d.uid ? next : x)))}
                      onMove={(delta) => move(i, delta)} onRemove={() => change((all) => all.filter((x) => x.uid !== d.uid))} />
                  ))}
                </ol>
              )}
              <div className="add-field">
                <div className="field">
                  <label htmlFor="add-template">Add a field from the library</label>
                  <div className="accessor-add-row">
                    <select id="add-template" value={pick} onChange={(e) => setPick(e.target.value)}>
                      <option value="">Choose a field…</option>
                      {available.map((t) => <option key={t.id} value={t.id}>{t.label} ({fieldTypeLabel[t.type]})</option>)}
                    </select>
                    <button type="button" className="btn btn-secondary" disabled={!pick} onClick={addTemplate}>Add</button>
                  </div>
                  <p className="field-hint"><Link to="/act/form-field-library">Manage the library</Link></p>
                </div>
                <div className="add-custom">
                  <button type="button" className="btn btn-secondary" onClick={addCustom}>Add a custom field</button>
                </div>
              </div>
            </Card>
            {builtins.some((x) => !LEADING.includes(x.key)) && (
              <Card title="Attachments always asked for" id="form-builtin-trailing">
                <ul className="builtin-list">{builtins.filter((x) => !LEADING.includes(x.key)).map((x) => <BuiltinRow key={x.key} f={x} />)}</ul>
                {f.ducTemplate ? <p className="small">DUC template: <a href={f.ducTemplate.downloadUrl}>{f.ducTemplate.fileName}</a></p>
                  : builtins.some((x) => x.key === 'duc') && <p className="small muted">No DUC template is set; requestors must find the certificate elsewhere.</p>}
                {builtins.some((x) => x.key === 'duc') && ar.data && (
                  <DucTemplateUpload arId={arId} etag={ar.data.etag} replacing={Boolean(f.ducTemplate)} onDone={() => { ar.reload(); form.reload(); }} />
                )}
              </Card>
            )}
          </div>
          <div>
            <Card title="Renewal reminders" id="form-reminders">
              <Field label="First reminder (days before expiry)" name="reminderDays" problem={save.problem} id="form-reminder-days">
                <input type="number" min={1} max={365} value={reminderDays} onChange={(e) => { setReminderDays(e.target.value); setDirty(true); }} />
              </Field>
              <Field label="Second reminder (optional, days before expiry)" name="secondReminderDays" problem={save.problem} id="form-second-reminder" hint="Fewer days than the first; empty for none.">
                <input type="number" min={1} max={365} value={secondReminder} onChange={(e) => { setSecondReminder(e.target.value); setDirty(true); }} />
              </Field>
              <p className="muted small">{f.expirationDays > 0 ? `Approvals expire after ${f.expirationDays} days.` : 'Approvals of this access requirement do not expire, so no reminders are sent.'}</p>
            </Card>
            <RequestRulesCard arId={arId} />
            <FormVersions key={generation} arId={arId} />
          </div>
        </div>
      )}
    </>
  );
}

function BuiltinRow({ f }: { f: FormField }) {
  return (
    <li className="builtin-row">
      <strong>{f.label}</strong> <span className="muted small">{fieldTypeLabel[f.type]}{f.optional ? ' · optional' : ''}{f.readOnly ? ' · filled in by Gatehouse' : ''}</span>
      {f.description && <div className="muted small">{f.description}</div>}
    </li>
  );
}

/** ACT sets the DUC template requestors start from; the access requirement gets a new version. */
function DucTemplateUpload({ arId, etag, replacing, onDone }: { arId: number; etag: string; replacing: boolean; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const send = async () => {
    if (!file) return;
    const body = new FormData();
    body.append('etag', etag);
    body.append('file', file);
    setBusy(true);
    setProblem(undefined);
    try {
      await write(() => upload('PUT', `/access-requirements/${arId}/form/duc-template`, body));
      setFile(null);
      onDone();
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="field">
      <label htmlFor="duc-template-file">{replacing ? 'Replace the DUC template' : 'Upload a DUC template'}</label>
      <div className="button-row">
        <input id="duc-template-file" type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="button" className="btn btn-secondary btn-small" disabled={!file || busy} onClick={send}>{busy ? 'Uploading…' : 'Upload'}</button>
      </div>
      {problem && <p className="field-error" role="alert">{problem.detail}</p>}
    </div>
  );
}

/** "Please correct 1 field marked below." / "… 3 fields …": the count is the fields, each once. */
const correctCount = (n: number) => n === 0 ? 'Please correct the fields marked below.' : `Please correct ${n} ${n === 1 ? 'field' : 'fields'} marked below.`;
