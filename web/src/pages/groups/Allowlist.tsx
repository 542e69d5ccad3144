import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import { Alert, Badge, Card, ConfirmButton, LoadError, Loading, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { daysFromNow, type Allowlist, type Issuer, type ManagedGroup, type SyncResult } from './model.js';

const sourceLabel = { upload: 'Uploaded list', url: 'URL', file: 'File on the server' } as const;

function SyncSummary({ sync }: { sync: SyncResult }) {
  const changes = sync.added.length + sync.removed.length;
  return (
    <Alert tone={sync.fetchError ? 'error' : sync.fresh ? 'success' : 'warning'} testId="sync-result">
      <strong>Synced.</strong>{' '}
      {changes === 0 ? 'No membership changed.' : <>{sync.added.length} added, {sync.removed.length} removed.</>}
      {!sync.fresh && ' The list is past its validity and counts as empty.'}
      {sync.fetchError && <> The list could not be read again: {sync.fetchError}</>}
    </Alert>
  );
}

/** Feed the group from a list: an upload (group admins), a URL or a server file (platform administrators). */
function ConfigureAllowlist({ group, current, onDone, onCancel }: {
  group: ManagedGroup; current: Allowlist | null; onDone(a: { allowlist: Allowlist; sync: SyncResult }): void; onCancel?(): void;
}) {
  const me = useMe();
  const issuers = useApi<{ items: Issuer[] }>('/external-account-issuers');
  const [issuer, setIssuer] = useState(current?.issuer ?? '');
  const [source, setSource] = useState<Allowlist['source']>('upload');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [url, setUrl] = useState(current?.url ?? '');
  const [path, setPath] = useState(current?.path ?? '');
  const [validity, setValidity] = useState(String(current?.validityHours ?? 24));
  const items = issuers.data?.items ?? [];
  const chosenIssuer = issuer || items[0]?.issuer || '';
  const save = useAction(async () => {
    const hours = Number.parseInt(validity, 10);
    const body: Record<string, unknown> = { issuer: chosenIssuer, source, ...(Number.isFinite(hours) ? { validityHours: hours } : {}) };
    if (source === 'upload') body.content = content;
    if (source === 'url') body.url = url.trim();
    if (source === 'file') body.path = path.trim();
    onDone(await api.put<{ allowlist: Allowlist; sync: SyncResult }>(`/groups/${encodeURIComponent(group.name)}/allowlist`, body));
  });
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setContent(await file.text());
  };
  if (issuers.loading && !issuers.data) return <Loading />;
  if (issuers.error) return <LoadError problem={issuers.error} retry={issuers.reload} />;
  if (items.length === 0) {
    return <Alert tone="warning">No trusted issuer of external accounts is configured on this Gatehouse (EXTERNAL_ACCOUNT_ISSUERS), so no allowlist can be used yet.</Alert>;
  }
  const lines = content.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')).length;
  return (
    <form onSubmit={(e: FormEvent) => { e.preventDefault(); void save.run(); }} noValidate data-testid="allowlist-form">
      <FormProblem problem={save.problem} fields={['issuer', 'content', 'url', 'path', 'validityHours']} />
      <Field label="Issuer of the account ids" name="issuer" problem={save.problem} id="allowlist-issuer"
        hint="The list holds external account ids of this issuer; users link such an account on their profile.">
        <select value={chosenIssuer} onChange={(e) => setIssuer(e.target.value)}>
          {items.map((i) => <option key={i.issuer} value={i.issuer}>{i.name} ({i.issuer})</option>)}
        </select>
      </Field>
      {me.isAdmin && (
        <Field label="Source" id="allowlist-source" hint="A URL or a file is read again at every sync; an upload stays as it is until the next upload.">
          <select value={source} onChange={(e) => setSource(e.target.value as Allowlist['source'])}>
            <option value="upload">Upload a list</option>
            <option value="url">A URL</option>
            <option value="file">A file on the server</option>
          </select>
        </Field>
      )}
      {source === 'upload' && (
        <>
          <Field label="List file" id="allowlist-file" hint="One id per line (the first column of a CSV or TSV; # starts a comment), or a JSON array of ids.">
            <input type="file" accept=".txt,.csv,.tsv,.json,text/plain,text/csv,application/json" onChange={(e) => void readFile(e.target.files?.[0])} />
          </Field>
          <Field label="Or paste the ids" name="content" problem={save.problem} id="allowlist-content"
            hint={content ? `${lines} ${lines === 1 ? 'line' : 'lines'}${fileName ? ` from ${fileName}` : ''}.` : undefined}>
            <textarea rows={5} className="mono" value={content} onChange={(e) => { setContent(e.target.value); setFileName(undefined); }} spellCheck={false} />
          </Field>
        </>
      )}
      {source === 'url' && (
        <Field label="URL of the list" name="url" problem={save.problem} id="allowlist-url">
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
        </Field>
      )}
      {source === 'file' && (
        <Field label="Path of the file" name="path" problem={save.problem} id="allowlist-path" hint="Relative to the allowlist directory of the server (ALLOWLIST_DIR).">
          <input type="text" value={path} onChange={(e) => setPath(e.target.value)} />
        </Field>
      )}
      <Field label="Valid for (hours)" name="validityHours" problem={save.problem} id="allowlist-validity"
        hint="A list older than this counts as empty (fail closed): its members leave until it is read again.">
        <input type="number" min={1} max={8784} value={validity} onChange={(e) => setValidity(e.target.value)} />
      </Field>
      <div className="button-row">
        <SubmitButton pending={save.pending} pendingText="Reading and syncing…"
          disabled={source === 'upload' ? !content.trim() : source === 'url' ? !url.trim() : !path.trim()}>
          {current ? 'Replace the list and sync' : 'Use this list and sync'}
        </SubmitButton>
        {onCancel && <button type="button" className="btn btn-ghost" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}

/** Third-party groups: where the list comes from, how many ids, how old (expired = empty), sync now. */
export function AllowlistCard({ group, onChange }: { group: ManagedGroup; onChange(): void }) {
  const path = `/groups/${encodeURIComponent(group.name)}/allowlist`;
  const allowlist = useApi<Allowlist>(group.isAdmin ? path : null);
  const [configuring, setConfiguring] = useState(false);
  const [sync, setSync] = useState<SyncResult>();
  const syncNow = useAction(async () => {
    setSync(await api.post<SyncResult>(`${path}/sync`));
    allowlist.reload();
    onChange();
  });
  const removeList = useAction(async () => {
    await api.delete(path);
    setSync(undefined);
    allowlist.setData(undefined);
    allowlist.reload();
    onChange();
  });

  if (!group.isAdmin) {
    return (
      <Card title="Third-party group" id="group-allowlist">
        <p>The members of {group.name} come from an external allowlist of account ids, synced every few hours.</p>
        <p>To be a member, <Link to="/profile/external-accounts">link your external account</Link>; if your id is on the list, you join at once.</p>
      </Card>
    );
  }
  const a = allowlist.data ?? null;
  const missing = !a && allowlist.error?.code === 'NO_ALLOWLIST';
  return (
    <Card title="Third-party allowlist" id="group-allowlist" testId="group-allowlist"
      actions={a && !configuring && (
        <>
          <button type="button" className="btn btn-primary btn-small" disabled={syncNow.pending} onClick={() => void syncNow.run()}>{syncNow.pending ? 'Syncing…' : 'Sync now'}</button>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => { setSync(undefined); setConfiguring(true); }}>Upload a list</button>
        </>
      )}>
      {sync && <SyncSummary sync={sync} />}
      {syncNow.problem && <LoadError problem={syncNow.problem} />}
      {removeList.problem && <LoadError problem={removeList.problem} />}
      {allowlist.loading && !allowlist.data && !allowlist.error ? <Loading />
        : allowlist.error && !missing ? <LoadError problem={allowlist.error} retry={allowlist.reload} />
        : !a && !configuring ? (
          <>
            <p className="muted">Not fed by a list: its admins add the members. Feed it from an allowlist of external account ids (e.g. dbGaP-authorized users) to make it a third-party group: its members are then the users with an unexpired linked account on the list.</p>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfiguring(true)}>Feed from an allowlist…</button>
          </>
        ) : configuring || !a ? (
          <>
            <ConfigureAllowlist group={group} current={a} onCancel={() => setConfiguring(false)}
              onDone={(r) => { setConfiguring(false); setSync(r.sync); allowlist.setData(r.allowlist); allowlist.reload(); onChange(); }} />
          </>
        ) : (
          <>
            <dl className="facts" data-testid="allowlist-facts">
              <dt>Status</dt>
              <dd>{a.fresh
                ? <Badge tone="success">valid</Badge>
                : <><Badge tone="danger">expired</Badge> <span className="small">The list is older than its validity and counts as <strong>empty</strong>: nobody is a member through it until it is read again.</span></>}</dd>
              <dt>Issuer</dt><dd>{a.issuerName ?? a.issuer} {a.issuerName && <span className="muted small">{a.issuer}</span>}</dd>
              <dt>Source</dt><dd>{sourceLabel[a.source]}{a.url && <> <code>{a.url}</code></>}{a.path && <> <code>{a.path}</code></>}</dd>
              <dt>Entries</dt><dd><span data-testid="allowlist-entries">{a.entryCount.toLocaleString()}</span>{!a.fresh && <span className="muted small"> (none count while the list is expired)</span>}</dd>
              <dt>Fetched</dt><dd><When at={a.fetchedAt} /></dd>
              <dt>Valid until</dt><dd>{a.validUntil ? <><When at={a.validUntil} /> <span className="muted small">({a.fresh ? daysFromNow(a.validUntil) : 'passed'}; {a.validityHours} h after fetching)</span></> : <span className="muted">—</span>}</dd>
              <dt>Last sync</dt><dd><When at={a.lastSyncAt} /></dd>
              {a.lastFetchError && <><dt>Last read failed</dt><dd className="field-error"><When at={a.lastFetchAttemptAt} />: {a.lastFetchError}</dd></>}
            </dl>
            <ConfirmButton confirmText="Remove the list and its members" onConfirm={() => removeList.run()}>Stop using the allowlist</ConfirmButton>
          </>
        )}
    </Card>
  );
}
