import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction } from '../../hooks.js';
import { useSession } from '../../session.js';
import type { AccessRequirement, DataType, Entity, Permissions } from '../../types.js';
import { Alert, Badge, Card } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

/** Locks an entity until ACT acts (a Lock access requirement bound to it): Data Owners and ACT. */
export function LockForm({ entityId, onLocked, idPrefix = 'lock' }: { entityId: string; onLocked(ar: AccessRequirement): void; idPrefix?: string }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const lock = useAction(async () => {
    onLocked(await api.post<AccessRequirement>(`/entities/${entityId}/lock`, { reason: reason.trim() }));
    setReason('');
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!reason.trim());
    if (reason.trim()) void lock.run();
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormProblem problem={lock.problem} fields={['reason']} />
      <Field label="Reason for locking" name="reason" problem={lock.problem} id={`${idPrefix}-reason`} error={missing ? 'Give a reason; ACT and the audit log read it.' : undefined}
        hint="Nobody can download it until ACT removes the lock.">
        <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <SubmitButton pending={lock.pending} variant="danger" pendingText="Locking…">Lock</SubmitButton>
    </form>
  );
}

/** OPEN_DATA (downloadable by anyone who can read it, not inherited) or SENSITIVE_DATA: ACT and admins. */
export function DataTypeForm({ entityId, current, onChanged }: { entityId: string; current?: DataType; onChanged(dataType: DataType): void }) {
  const set = useAction(async (dataType: DataType) => {
    const answer = await api.put<{ dataType: DataType }>(`/entities/${entityId}/data-type`, { dataType });
    onChanged(answer.dataType);
  });
  return (
    <div>
      <FormProblem problem={set.problem} />
      <div className="button-row">
        {current !== 'OPEN_DATA' && <button type="button" className="btn btn-secondary" disabled={set.pending} onClick={() => void set.run('OPEN_DATA')}>Mark as open data</button>}
        {current !== 'SENSITIVE_DATA' && <button type="button" className="btn btn-secondary" disabled={set.pending} onClick={() => void set.run('SENSITIVE_DATA')}>Mark as sensitive data</button>}
      </div>
      <p className="field-hint">Open data can be downloaded by anyone who can see it, whatever its requirements; it applies to this entity alone, not to what is below it.</p>
    </div>
  );
}

/**
 * Row-level or summary data (SPEC §10), inherited down the tree: ACT, admins and whoever may change the permissions.
 * Summary downloads are limited in size and not counted in the egress windows; row-level egress is watched.
 */
export function DataClassForm({ entity, onChanged }: { entity: Entity; onChanged(message: string): void }) {
  const set = useAction(async (dataClass: 'row-level' | 'summary' | null) => {
    const answer = await api.put<{ dataClass: Entity['dataClass']; effectiveDataClass: Entity['effectiveDataClass'] }>(`/entities/${entity.id}/data-class`, { dataClass });
    onChanged(answer.dataClass === null
      ? `Inherits its class of data again: ${answer.effectiveDataClass}.`
      : `Marked as ${answer.dataClass} data${entity.type === 'file' ? '' : ', with everything below it that is not marked otherwise'}.`);
  });
  return (
    <div>
      <FormProblem problem={set.problem} />
      <div className="button-row">
        {entity.dataClass !== 'summary' && <button type="button" className="btn btn-secondary" disabled={set.pending} onClick={() => void set.run('summary')}>Mark as summary data</button>}
        {entity.dataClass !== 'row-level' && <button type="button" className="btn btn-secondary" disabled={set.pending} onClick={() => void set.run('row-level')}>Mark as row-level data</button>}
        {entity.dataClass !== null && <button type="button" className="btn btn-secondary" disabled={set.pending} onClick={() => void set.run(null)}>Inherit from above</button>}
      </div>
      <p className="field-hint">Summary data (aggregates) can be downloaded up to the egress policy's size limit and is not counted as egress; row-level data is watched by the egress thresholds. Applies to everything below that is not marked otherwise.</p>
    </div>
  );
}

/** The governance tools of an entity page: data type, lock, links to the ACT pages and the decision explainer. */
export function GovernanceCard({ entity, permissions, onChanged }: { entity: Entity; permissions?: Permissions; onChanged(): void }) {
  const { me } = useSession();
  const [notice, setNotice] = useState<string>();
  const [locking, setLocking] = useState(false);
  const staff = !!me && (me.isAct || me.isAdmin);
  const owner = !!permissions?.canChangePermissions;
  if (!staff && !owner) return null;
  return (
    <Card title="Governance" id="governance" testId="governance">
      {notice && <Alert tone="success">{notice}</Alert>}
      <dl className="facts">
        <dt>Data type</dt>
        <dd>{entity.dataType === 'OPEN_DATA' ? <Badge tone="success">open data</Badge> : <Badge>sensitive data</Badge>}</dd>
      </dl>
      {staff && <DataTypeForm entityId={entity.id} current={entity.dataType} onChanged={(t) => { setNotice(t === 'OPEN_DATA' ? 'Marked as open data.' : 'Marked as sensitive data.'); onChanged(); }} />}
      <dl className="facts">
        <dt>Class of data</dt>
        <dd>
          {entity.effectiveDataClass === 'summary' ? <Badge tone="info">summary</Badge> : <Badge>row-level</Badge>}
          {entity.dataClass === null && <span className="small muted"> (inherited)</span>}
        </dd>
      </dl>
      <DataClassForm entity={entity} onChanged={(message) => { setNotice(message); onChanged(); }} />
      <h3 className="subhead-small">Lock</h3>
      {locking ? (
        <LockForm entityId={entity.id} onLocked={() => { setLocking(false); setNotice('Locked: nobody can download it until ACT acts.'); onChanged(); }} />
      ) : (
        <>
          <p className="small muted">A Data Owner or ACT can lock data that must not be downloaded until ACT has looked at it.</p>
          <button type="button" className="btn btn-danger-outline btn-small" onClick={() => setLocking(true)}>Lock this {entity.type}…</button>
        </>
      )}
      {staff && (
        <ul className="link-list governance-links">
          <li><Link to={`/act/access-requirements?subjectId=${entity.id}`}>Access requirements bound here</Link></li>
          <li><Link to={`/act/decisions?entityId=${entity.id}`}>Explain a decision on this {entity.type}</Link></li>
        </ul>
      )}
    </Card>
  );
}
