import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, asProblem } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { AccessRequirement, ArType, Entity, Page } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination, Tabs, When } from '../../ui/bits.js';
import { ArTypeBadge, RestrictionBadge, entityUrl } from '../../ui/entities.js';
import { DataTypeForm, LockForm } from '../data/Governance.js';
import { AR_TYPES, ArForm, uploadDucTemplate, type ArFormValues } from './ArForm.js';
import { arTypeLabel } from '../../ui/entities.js';
import { EntityPicker, entityLabel, type PickedEntity } from '../../ui/EntityPicker.js';

const LIMIT = 25;

export function SubjectList({ ar, max = 3 }: { ar: AccessRequirement; max?: number }) {
  if (ar.subjects.length === 0) return <span className="muted">not bound</span>;
  const shown = ar.subjects.slice(0, max);
  return (
    <span className="subjects">
      {shown.map((s, i) => (
        <span key={`${s.type}-${s.id}`}>
          {i > 0 && ', '}
          {s.type === 'entity'
            ? <Link to={entityUrl(String(s.id))} title={s.path ? `${s.path} / ${s.name}` : undefined}>{s.name ?? s.id}</Link>
            : <Link to={`/teams/${s.id}`}>team {s.name ?? s.id}</Link>}
        </span>
      ))}
      {ar.subjects.length > max && <span className="muted"> and {ar.subjects.length - max} more</span>}
    </span>
  );
}

/** Lock an entity or change its data type, picked by name, from the ACT pages. */
function EntityTools() {
  const [picked, setPicked] = useState<PickedEntity | null>(null);
  const [notice, setNotice] = useState<string>();
  const target = picked?.id;
  const name = picked ? entityLabel(picked) : '';
  return (
    <Card title="Lock an entity or mark it as open data" id="entity-tools" testId="entity-tools">
      <EntityPicker label="Entity" id="tools-entity" allowId value={picked} onChange={(e) => { setPicked(e); setNotice(undefined); }} />
      {notice && <Alert tone="success">{notice}</Alert>}
      {target && (
        <div className="grid-2 tight">
          <div className="subform">
            <h3>Lock <Link to={entityUrl(target)}>{picked.name}</Link></h3>
            <LockForm entityId={target} idPrefix="tools-lock" onLocked={(ar) => setNotice(`${name} is locked (access requirement ${ar.id}).`)} />
          </div>
          <div className="subform">
            <h3>Data type of <Link to={entityUrl(target)}>{picked.name}</Link></h3>
            <DataTypeForm entityId={target} onChanged={(t) => setNotice(`${name} is now ${t === 'OPEN_DATA' ? 'open data' : 'sensitive data'}.`)} />
          </div>
        </div>
      )}
    </Card>
  );
}

/** ACT: every access requirement, by type or by what it is bound to. */
export function AccessRequirementsPage() {
  const [params, setParams] = useSearchParams();
  const type = (params.get('type') ?? 'all') as ArType | 'all';
  const subjectId = params.get('subjectId') ?? '';
  const [picked, setSubjectPicked] = useState<PickedEntity | null>(null);
  // Opened from a link with ?subjectId=: the picker shows what the list is filtered by until another is picked.
  const linked = useApi<Entity>(subjectId && !picked ? `/entities/${subjectId}` : null);
  const subjectPicked = picked ?? (subjectId
    ? { id: subjectId, name: linked.data?.name ?? subjectId, type: linked.data?.type ?? 'folder', path: '' } : null);
  const [offset, setOffset] = useState(0);
  const list = useApi<Page<AccessRequirement>>('/access-requirements', { type: type === 'all' ? undefined : type, subjectId: subjectId || undefined, limit: LIMIT, offset });
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setOffset(0);
  };
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Access requirements" subtitle="Conditions that must be met before data can be downloaded: terms of use, self-signed terms, ACT-managed access, locks."
        actions={<Link className="btn btn-primary" to="/act/access-requirements/new">New access requirement</Link>} />
      <Tabs label="By type" value={type} onChange={(t) => setParam('type', t === 'all' ? '' : t)}
        tabs={[{ value: 'all', label: 'All' }, ...AR_TYPES.map((t) => ({ value: t, label: arTypeLabel[t] }))]} />
      <Card>
        <div className="toolbar">
          <EntityPicker label="Bound directly to" id="ar-subject" allowId value={subjectPicked}
            onChange={(e) => { setSubjectPicked(e); setParam('subjectId', e?.id ?? ''); }} />
        </div>
        {list.loading && !list.data ? <Loading what="Loading access requirements" /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
          : items.length === 0 ? <Empty title={subjectId ? `No access requirement is bound to ${subjectPicked?.name}` : 'No access requirements here'} icon="shield" />
          : (
            <>
              <div tabIndex={0} className="table-wrap">
                <table className="table" data-testid="ar-table">
                  <thead><tr><th scope="col">Access requirement</th><th scope="col">Type</th><th scope="col">Level</th><th scope="col">Bound to</th><th scope="col" className="num">Version</th><th scope="col">Changed</th></tr></thead>
                  <tbody>
                    {items.map((ar) => (
                      <tr key={ar.id}>
                        <td className="name-cell"><Link to={`/act/access-requirements/${ar.id}`}><strong>{ar.name}</strong></Link><div className="muted small">#{ar.id}{ar.description && <> · {ar.description}</>}</div></td>
                        <td><ArTypeBadge type={ar.type} /></td>
                        <td><RestrictionBadge plain info={{ restrictionLevel: ar.restrictionLevel, hasUnmetAccessRequirement: false }} /></td>
                        <td><SubjectList ar={ar} /></td>
                        <td className="num">{ar.version}</td>
                        <td className="nowrap"><When at={ar.modifiedOn} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination total={list.data!.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </>
          )}
      </Card>
      <EntityTools />
    </>
  );
}

export function NewAccessRequirementPage() {
  const navigate = useNavigate();
  const create = useAction(async (v: ArFormValues) => {
    const ar = await api.post<AccessRequirement>('/access-requirements', {
      type: v.type, name: v.name, description: v.description, terms: v.terms, settings: v.settings,
      ...(v.bindTo && v.bindTo.length > 0 ? { subjects: v.bindTo.map((id) => ({ type: 'entity', id })) } : {}),
    });
    if (v.ducTemplate) {
      try {
        await uploadDucTemplate(ar.id, ar.etag, v.ducTemplate);
      } catch (err) {
        // The requirement exists: say so on its page, where the upload can be tried again.
        navigate(`/act/access-requirements/${ar.id}`, { state: { notice: `Access requirement created, but its DUC template was not stored: ${asProblem(err).detail} Choose the file again below.` } });
        return;
      }
    }
    navigate(`/act/access-requirements/${ar.id}`, { state: { notice: v.ducTemplate ? `Access requirement created with the DUC template ${v.ducTemplate.name}.` : 'Access requirement created.' } });
  });
  return (
    <>
      <p className="breadcrumb"><Link to="/act/access-requirements">Access requirements</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title="New access requirement" />
      <Card>
        <ArForm onSubmit={(v) => void create.run(v)} problem={create.problem} pending={create.pending} submitLabel="Create access requirement"
          extraButtons={<Link className="btn btn-ghost" to="/act/access-requirements">Cancel</Link>} />
      </Card>
    </>
  );
}
