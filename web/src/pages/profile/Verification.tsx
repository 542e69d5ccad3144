import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe, useSession } from '../../session.js';
import type { Verification } from '../../types.js';
import { Alert, Card, ConfirmButton, LoadError, Loading, PageHeader, StateBadge, When, formatBytes } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

export function VerificationDetails({ v }: { v: Verification }) {
  return (
    <dl className="facts">
      <dt>Name</dt><dd>{v.firstName} {v.lastName}</dd>
      <dt>Institution</dt><dd>{v.institution}</dd>
      <dt>Location</dt><dd>{v.location}</dd>
      <dt>ORCID</dt><dd>{v.orcid ? <a href={`https://orcid.org/${v.orcid}`} target="_blank" rel="noreferrer">{v.orcid}</a> : <span className="muted">—</span>}</dd>
      {v.note && <><dt>Note</dt><dd>{v.note}</dd></>}
      <dt>Documents</dt>
      <dd>
        {v.attachments.length === 0 ? <span className="muted">none</span> : (
          <ul className="plain-list">
            {v.attachments.map((a) => (
              <li key={String(a.blobId)}>
                <a href={`/api/v1/verifications/${v.id}/attachments/${a.blobId}`} target="_blank" rel="noreferrer">{a.fileName}</a>{' '}
                <span className="muted small">{formatBytes(a.size)}</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Submitted</dt><dd><When at={v.createdAt} /></dd>
      {v.decidedAt && <><dt>Decided</dt><dd><When at={v.decidedAt} /></dd></>}
      {v.reason && <><dt>Reason</dt><dd>{v.reason}</dd></>}
    </dl>
  );
}

function VerificationForm({ onSubmitted }: { onSubmitted(v: Verification): void }) {
  const me = useMe();
  const [fields, setFields] = useState({ firstName: '', lastName: '', institution: '', location: '', orcid: '', note: '' });
  const [files, setFiles] = useState<File[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const [missingFiles, setMissingFiles] = useState(false);
  const submit = useAction(async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) if (value.trim()) form.append(key, value.trim());
    for (const file of files) form.append('files', file, file.name);
    const v = await api.post<Verification>('/verifications', form);
    onSubmitted(v);
  });
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (files.length === 0) {
      setMissingFiles(true);
      return;
    }
    void submit.run();
  };
  const p = submit.problem;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="verification-form">
      <p className="muted">
        The Access and Compliance Team compares your details with an identity document or a letter from your
        institution. Your profile name is <strong>{me.displayName}</strong>.
      </p>
      <FormProblem problem={p} fields={['firstName', 'lastName', 'institution', 'location', 'orcid', 'note', 'files']} />
      <div className="form-grid">
        <Field label="First name" name="firstName" problem={p}><input type="text" autoComplete="given-name" value={fields.firstName} onChange={set('firstName')} /></Field>
        <Field label="Last name" name="lastName" problem={p}><input type="text" autoComplete="family-name" value={fields.lastName} onChange={set('lastName')} /></Field>
        <Field label="Institution" name="institution" problem={p}><input type="text" autoComplete="organization" value={fields.institution} onChange={set('institution')} /></Field>
        <Field label="Location" name="location" problem={p} hint="City and country"><input type="text" value={fields.location} onChange={set('location')} /></Field>
        <Field label="ORCID (optional)" name="orcid" problem={p} hint="0000-0000-0000-0000"><input type="text" value={fields.orcid} onChange={set('orcid')} /></Field>
      </div>
      <Field label="Note for the reviewer (optional)" name="note" problem={p}><textarea rows={3} value={fields.note} onChange={set('note')} /></Field>
      <Field label="Documents" name="files" problem={p} error={missingFiles && files.length === 0 ? 'Attach at least one document.' : undefined}
        hint="An identity document or a signed letter from your institution (PDF or image).">
        <input ref={fileInput} type="file" multiple onChange={(e) => { setFiles(Array.from(e.target.files ?? [])); setMissingFiles(false); }} />
      </Field>
      {files.length > 0 && (
        <ul className="plain-list small">
          {files.map((f) => <li key={f.name}>{f.name} <span className="muted">{formatBytes(f.size)}</span></li>)}
        </ul>
      )}
      <div className="button-row">
        <SubmitButton pending={submit.pending} pendingText="Uploading…">Submit for verification</SubmitButton>
      </div>
    </form>
  );
}

export function VerificationPage() {
  const me = useMe();
  const { refresh } = useSession();
  const mine = useApi<{ items: Verification[] }>('/verifications/mine');
  const [justSubmitted, setJustSubmitted] = useState(false);
  const withdraw = useAction(async (id: number) => {
    await api.post(`/verifications/${id}/withdraw`);
    mine.reload();
  });
  const items = [...(mine.data?.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const open = items.find((v) => v.state === 'submitted');
  const canSubmit = !open && !me.isValidated;

  return (
    <>
      <PageHeader title="Identity verification" subtitle="Validated users have had their identity confirmed by the Access and Compliance Team." />
      {justSubmitted && <Alert tone="success">Your request was submitted. You will be notified when it has been reviewed.</Alert>}
      {me.isValidated && <Alert tone="success">Your identity is verified: you are <strong>validated</strong>.</Alert>}
      <FormProblem problem={withdraw.problem} />
      {mine.loading && !mine.data ? <Loading what="Loading your requests" /> : mine.error ? <LoadError problem={mine.error} retry={mine.reload} /> : (
        <>
          {open && (
            <Card title={<>Request under review <StateBadge state={open.state} /></>} id="open-verification" testId="verification-status"
              actions={<ConfirmButton onConfirm={() => withdraw.run(open.id)}>Withdraw</ConfirmButton>}>
              <VerificationDetails v={open} />
            </Card>
          )}
          {canSubmit && (
            <Card title="Request verification" id="new-verification">
              <VerificationForm onSubmitted={() => { setJustSubmitted(true); mine.reload(); void refresh(); }} />
            </Card>
          )}
          {items.filter((v) => v !== open).length > 0 && (
            <Card title="Earlier requests" id="earlier-verifications">
              <div tabIndex={0} className="table-wrap">
                <table className="table">
                  <thead><tr><th scope="col">Submitted</th><th scope="col">Name</th><th scope="col">Institution</th><th scope="col">State</th><th scope="col">Decided</th><th scope="col">Reason</th></tr></thead>
                  <tbody>
                    {items.filter((v) => v !== open).map((v) => (
                      <tr key={v.id}>
                        <td><When at={v.createdAt} /></td>
                        <td>{v.firstName} {v.lastName}</td>
                        <td>{v.institution}</td>
                        <td><StateBadge state={v.state} /></td>
                        <td><When at={v.decidedAt} /></td>
                        <td>{v.reason ?? <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          )}
        </>
      )}
    </>
  );
}
