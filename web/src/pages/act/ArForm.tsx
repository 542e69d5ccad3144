import { useState, type FormEvent, type ReactNode } from 'react';
import { upload, type ApiProblem } from '../../api.js';
import { useApi } from '../../hooks.js';
import { write } from '../../queries.js';
import type { AccessRequirement, ArType } from '../../types.js';
import { Checkbox, Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { EntityPicker, type PickedEntity } from '../../ui/EntityPicker.js';
import { arTypeLabel } from '../../ui/entities.js';

export const AR_TYPES: ArType[] = ['TermsOfUse', 'SelfSign', 'ManagedACT', 'Lock'];

const typeHelp: Record<ArType, string> = {
  TermsOfUse: 'Click-wrap: users accept the text themselves.',
  SelfSign: 'Click-wrap that may require the certified and/or validated tier.',
  ManagedACT: 'Users submit a data access request; ACT or delegated reviewers approve it.',
  Lock: 'Blocks every download until ACT removes it; cannot be approved.',
};

const termsLabel: Record<ArType, string> = {
  TermsOfUse: 'Terms users accept',
  SelfSign: 'Terms users accept',
  ManagedACT: 'Conditions shown to users',
  Lock: 'Reason for the lock',
};

type Settings = Record<string, unknown>;

/**
 * Stores the DUC template of a ManagedACT requirement through the server's upload route (a new version of the
 * requirement); `etag` is the version just saved.
 */
export async function uploadDucTemplate(arId: number, etag: string, file: File): Promise<void> {
  const body = new FormData();
  body.append('etag', etag);
  body.append('file', file);
  await write(() => upload('PUT', `/access-requirements/${arId}/form/duc-template`, body));
}

const defaults: Record<ArType, Settings> = {
  TermsOfUse: { requires2fa: false },
  SelfSign: { certifiedRequired: false, validatedRequired: false, requires2fa: false },
  ManagedACT: {
    certifiedRequired: false, validatedRequired: false, ducRequired: false, ducTemplateBlobId: null, irbRequired: false,
    attachmentsRequired: false, expirationDays: 0, iduRequired: false, iduPublic: false, requires2fa: false, instructions: '',
  },
  Lock: {},
};

const flags: { key: string; label: string; types: ArType[]; hint?: string }[] = [
  { key: 'certifiedRequired', label: 'Certified users only', types: ['SelfSign', 'ManagedACT'] },
  { key: 'validatedRequired', label: 'Validated profile required', types: ['SelfSign', 'ManagedACT'] },
  { key: 'ducRequired', label: 'Data use certificate (DUC) required', types: ['ManagedACT'] },
  { key: 'irbRequired', label: 'IRB approval required', types: ['ManagedACT'] },
  { key: 'attachmentsRequired', label: 'Other attachments required', types: ['ManagedACT'] },
  { key: 'iduRequired', label: 'Intended data use statement required', types: ['ManagedACT'] },
  { key: 'iduPublic', label: 'Publish approved intended data use statements', types: ['ManagedACT'] },
  { key: 'requires2fa', label: 'Two-factor authentication required to download', types: ['TermsOfUse', 'SelfSign', 'ManagedACT'] },
];

/** Each setting's name in words (the versions list shows them; the key stays in a tooltip). */
export const settingLabel = (key: string): string =>
  flags.find((f) => f.key === key)?.label
  ?? ({ expirationDays: 'Approvals expire after (days)', ducTemplateBlobId: 'DUC template', instructions: 'Instructions for requesters' } as Record<string, string>)[key]
  ?? key;

export interface ArFormValues {
  type: ArType;
  name: string;
  description: string;
  terms: string;
  settings: Settings;
  /** New ARs only: entity ids to bind to at once. */
  bindTo?: string[];
  /** ManagedACT: a DUC template file to upload once the requirement is saved. */
  ducTemplate?: File;
}

/**
 * The form of an access requirement: name, description, text, and the settings of its type (SPEC §4). On create
 * the type is chosen (and entities to bind to can be given); afterwards it cannot change.
 */
export function ArForm({ ar, onSubmit, problem, pending, submitLabel, banner, extraButtons }: {
  ar?: AccessRequirement;
  onSubmit(values: ArFormValues): void;
  problem?: ApiProblem;
  pending: boolean;
  submitLabel: string;
  banner?: ReactNode;
  extraButtons?: ReactNode;
}) {
  const [type, setType] = useState<ArType>(ar?.type ?? 'TermsOfUse');
  const [name, setName] = useState(ar?.name ?? '');
  const [description, setDescription] = useState(ar?.description ?? '');
  const [terms, setTerms] = useState(ar?.terms ?? '');
  const [settings, setSettings] = useState<Settings>({ ...defaults[ar?.type ?? 'TermsOfUse'], ...(ar?.settings ?? {}) });
  const [bindTo, setBindTo] = useState<PickedEntity[]>([]);
  const [ducTemplate, setDucTemplate] = useState<File | null>(null);
  // The stored template's file name is in the request form's view.
  const storedDuc = ar?.type === 'ManagedACT' && typeof ar.settings.ducTemplateBlobId === 'number' ? `/access-requirements/${ar.id}/form` : null;
  const ducName = useApi<{ ducTemplate: { fileName: string } | null }>(storedDuc).data?.ducTemplate?.fileName;
  const [nameMissing, setNameMissing] = useState(false);
  const set = (key: string, value: unknown) => setSettings((s) => ({ ...s, [key]: value }));

  const chooseType = (t: ArType) => {
    setType(t);
    setSettings({ ...defaults[t] });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ids = bindTo.map((e) => e.id);
    setNameMissing(!name.trim());
    if (!name.trim()) return;
    // Only the keys of the type: the server refuses unknown ones.
    const clean = Object.fromEntries(Object.keys(defaults[type]).map((k) => [k, settings[k] ?? defaults[type][k]]));
    onSubmit({
      type, name: name.trim(), description: description.trim(), terms, settings: clean, ...(ar ? {} : { bindTo: ids }),
      ...(type === 'ManagedACT' && ducTemplate ? { ducTemplate } : {}),
    });
  };

  const fields = ['type', 'name', 'description', 'terms', 'subjects', ...Object.keys(defaults.ManagedACT).map((k) => `settings.${k}`)];
  return (
    <form onSubmit={submit} noValidate className="ar-form">
      {banner}
      <FormProblem problem={problem} fields={fields} />
      <div className="ar-form-head">
        <Field label="Type" name="type" problem={problem} id="ar-type" hint={typeHelp[type]}>
          <select value={type} onChange={(e) => chooseType(e.target.value as ArType)} disabled={!!ar}>
            {AR_TYPES.map((t) => <option key={t} value={t}>{arTypeLabel[t]}</option>)}
          </select>
        </Field>
        <Field label="Name" name="name" problem={problem} id="ar-name" error={nameMissing ? 'Give the access requirement a name.' : undefined}>
          <input type="text" value={name} onChange={(e) => { setName(e.target.value); setNameMissing(false); }} />
        </Field>
      </div>
      <Field label="Description" name="description" problem={problem} id="ar-description" hint="What the requirement protects; shown with it.">
        <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field label={termsLabel[type]} name="terms" problem={problem} id="ar-terms">
        <textarea rows={5} value={terms} onChange={(e) => setTerms(e.target.value)} />
      </Field>
      {type !== 'Lock' && (
        <fieldset className="settings-fieldset">
          <legend>Settings: {arTypeLabel[type]}</legend>
          <div className="settings-grid">
            {flags.filter((f) => f.types.includes(type)).map((f) => (
              <div key={f.key}>
                <Checkbox id={`ar-${f.key}`} label={f.label} checked={settings[f.key] === true} onChange={(v) => set(f.key, v)} />
                {problem?.fieldError(`settings.${f.key}`) && <p className="field-error">{problem.fieldError(`settings.${f.key}`)}</p>}
              </div>
            ))}
          </div>
          {type === 'ManagedACT' && (
            <>
              <div className="form-grid">
                <Field label="Approvals expire after (days)" name="settings.expirationDays" problem={problem} id="ar-expirationDays" hint="0 = never expire.">
                  <input type="number" min={0} value={String(settings.expirationDays ?? 0)} onChange={(e) => set('expirationDays', e.target.value === '' ? 0 : Number(e.target.value))} />
                </Field>
                <Field label="DUC template (optional)" name="settings.ducTemplateBlobId" problem={problem} id="ar-ducTemplate"
                  hint={ar && typeof ar.settings.ducTemplateBlobId === 'number'
                    ? <>Requestors start from <a href={`/api/v1/access-requirements/${ar.id}/form/duc-template`} download data-testid="ar-duc-current">{ducName ?? 'the current template'}</a>; choose a file to replace it.</>
                    : 'The data use certificate requestors download, fill in and sign (PDF or Word).'}>
                  <input type="file" accept=".pdf,.doc,.docx,.odt,.txt,application/pdf" data-testid="ar-duc-file"
                    onChange={(e) => setDucTemplate(e.target.files?.[0] ?? null)} />
                </Field>
              </div>
              <Field label="Instructions for requesters" name="settings.instructions" problem={problem} id="ar-instructions" hint="Shown above the data access request form.">
                <textarea rows={4} value={String(settings.instructions ?? '')} onChange={(e) => set('instructions', e.target.value)} />
              </Field>
            </>
          )}
        </fieldset>
      )}
      {!ar && (
        <div className="field" data-testid="ar-bind-list">
          {bindTo.length > 0 && (
            <ul className="item-list compact" aria-label="Entities to bind to">
              {bindTo.map((e) => (
                <li key={e.id} className="item">
                  <div className="item-main"><strong>{e.name}</strong>{e.path && <span className="muted small"> in {e.path}</span>}</div>
                  <div className="item-actions"><button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${e.name}`} onClick={() => setBindTo(bindTo.filter((x) => x.id !== e.id))}>Remove</button></div>
                </li>
              ))}
            </ul>
          )}
          <EntityPicker label="Bind to entities (optional)" id="ar-bind" allowId value={null} error={problem?.fieldError('subjects')}
            onChange={(e) => { if (e && !bindTo.some((x) => x.id === e.id)) setBindTo([...bindTo, e]); }} />
          <p className="field-hint">It applies to them and everything below them.</p>
        </div>
      )}
      <div className="button-row">
        <SubmitButton pending={pending} pendingText="Saving…">{submitLabel}</SubmitButton>
        {extraButtons}
      </div>
    </form>
  );
}
