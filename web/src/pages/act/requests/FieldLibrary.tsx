import { useState, type FormEvent } from 'react';
import { api } from '../../../api.js';
import { useAction, useApi } from '../../../hooks.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, When } from '../../../ui/bits.js';
import { Checkbox, Field, FormProblem, SubmitButton } from '../../../ui/forms.js';
import { UserName } from '../../../ui/entities.js';
import { FIELD_TYPES, fieldTypeLabel, isChoice, type FieldTemplate, type FieldType } from '../../requests/model.js';
import '../../requests/requests.css';

interface TemplateValues {
  key: string;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  options: string;
}

const empty: TemplateValues = { key: '', label: '', description: '', type: 'short-text', optional: false, options: '' };

/** The form of a library field: new (with an optional key) or existing (the key cannot change). */
function TemplateForm({ initial, existing, onSaved, onCancel, submitLabel }: {
  initial: TemplateValues; existing?: FieldTemplate; onSaved(t: FieldTemplate): void; onCancel?(): void; submitLabel: string;
}) {
  const [v, setV] = useState(initial);
  const set = <K extends keyof TemplateValues>(k: K, value: TemplateValues[K]) => setV((x) => ({ ...x, [k]: value }));
  const save = useAction(async () => {
    const body = {
      ...(existing || !v.key.trim() ? {} : { key: v.key.trim() }),
      label: v.label.trim(), description: v.description.trim(), type: v.type, optional: v.optional,
      options: isChoice(v.type) ? v.options.split('\n').map((o) => o.trim()).filter(Boolean) : [],
    };
    onSaved(existing ? await api.put<FieldTemplate>(`/form-field-templates/${existing.id}`, body) : await api.post<FieldTemplate>('/form-field-templates', body));
  });
  const prefix = existing ? `tpl-${existing.id}` : 'tpl-new';
  return (
    <form className="template-form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void save.run(); }}>
      <FormProblem problem={save.problem} fields={['key', 'label', 'description', 'type', 'optional', 'options']} />
      <div className="form-grid">
        <Field label="Label" name="label" problem={save.problem} id={`${prefix}-label`}>
          <input type="text" value={v.label} onChange={(e) => set('label', e.target.value)} />
        </Field>
        <Field label="Type" name="type" problem={save.problem} id={`${prefix}-type`}>
          <select value={v.type} onChange={(e) => set('type', e.target.value as FieldType)}>
            {FIELD_TYPES.map((t) => <option key={t} value={t}>{fieldTypeLabel[t]}</option>)}
          </select>
        </Field>
      </div>
      {!existing && (
        <Field label="Key (optional)" name="key" problem={save.problem} id={`${prefix}-key`} hint="Letters, digits and dashes; made from the label when empty. Forms name the field t-<key>.">
          <input type="text" value={v.key} onChange={(e) => set('key', e.target.value)} />
        </Field>
      )}
      <Field label="Description shown to requestors" name="description" problem={save.problem} id={`${prefix}-description`}>
        <textarea rows={2} value={v.description} onChange={(e) => set('description', e.target.value)} />
      </Field>
      {isChoice(v.type) && (
        <Field label="Choices, one per line" name="options" problem={save.problem} id={`${prefix}-options`}>
          <textarea rows={4} value={v.options} onChange={(e) => set('options', e.target.value)} />
        </Field>
      )}
      <Checkbox id={`${prefix}-optional`} label="Optional by default" checked={v.optional} onChange={(x) => set('optional', x)} />
      <div className="button-row">
        <SubmitButton pending={save.pending}>{submitLabel}</SubmitButton>
        {onCancel && <button type="button" className="btn btn-ghost" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}

/**
 * The governance-maintained library of form fields (`/act/form-field-library`): ACT adds, changes and retires the
 * fields that form designers pick from. Forms keep their copy of a field until they are saved again.
 */
export function FieldLibraryPage() {
  const [showRetired, setShowRetired] = useState(false);
  const list = useApi<{ items: FieldTemplate[] }>('/form-field-templates', { includeRetired: showRetired || undefined });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [notice, setNotice] = useState<string>();
  const retire = useAction(async (t: FieldTemplate) => {
    await api.delete(`/form-field-templates/${t.id}`);
    setNotice(`“${t.label}” is retired: designers no longer see it; forms that use it keep it.`);
    list.reload();
  });
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Form field library" subtitle="Fields that request form designers add to their forms, maintained by governance."
        actions={editing !== 'new' && <button type="button" className="btn btn-primary" onClick={() => { setEditing('new'); setNotice(undefined); }}>New field</button>} />
      {notice && <Alert tone="success" testId="library-notice">{notice}</Alert>}
      <FormProblem problem={retire.problem} />
      {editing === 'new' && (
        <Card title="New library field" id="new-template">
          <TemplateForm initial={empty} submitLabel="Add to the library" onCancel={() => setEditing(null)}
            onSaved={(t) => { setEditing(null); setNotice(`“${t.label}” was added to the library.`); list.reload(); }} />
        </Card>
      )}
      <div className="toolbar">
        <Checkbox id="show-retired" label="Show retired fields" checked={showRetired} onChange={setShowRetired} />
      </div>
      {list.loading && !list.data ? <Loading /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : items.length === 0 ? <Empty title="The library is empty" icon="list" />
        : (
          <ul className="item-list template-list" data-testid="template-list">
            {items.map((t) => (
              <li key={t.id} className="item template-item">
                {editing === t.id ? (
                  <div className="item-main">
                    <TemplateForm existing={t} submitLabel="Save field" onCancel={() => setEditing(null)}
                      initial={{ key: t.key, label: t.label, description: t.description, type: t.type, optional: t.optional, options: t.options.join('\n') }}
                      onSaved={(saved) => { setEditing(null); setNotice(`“${saved.label}” was saved.`); list.reload(); }} />
                  </div>
                ) : (
                  <>
                    <div className="item-main">
                      <div><strong>{t.label}</strong> <Badge>{fieldTypeLabel[t.type]}</Badge> {t.optional && <Badge>optional</Badge>} {t.retired && <Badge tone="warning">retired</Badge>}</div>
                      {t.description && <div className="small">{t.description}</div>}
                      {t.options.length > 0 && <div className="muted small">Choices: {t.options.join(' · ')}</div>}
                      <div className="muted small"><code>t-{t.key}</code> · changed <When at={t.modifiedOn} />{t.modifiedBy !== null && <> by <UserName id={t.modifiedBy} /></>}</div>
                    </div>
                    {!t.retired && (
                      <div className="item-actions">
                        <button type="button" className="btn btn-secondary btn-small" onClick={() => { setEditing(t.id); setNotice(undefined); }} aria-label={`Edit ${t.label}`}>Edit</button>
                        <ConfirmButton onConfirm={() => retire.run(t)} confirmText="Confirm retire">Retire</ConfirmButton>
                      </div>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
    </>
  );
}
