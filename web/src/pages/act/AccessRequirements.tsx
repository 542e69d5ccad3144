import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, asProblem } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { AccessRequirement, ArType, Page } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination, Tabs, When } from '../../ui/bits.js';
import { Field } from '../../ui/forms.js';
import { ArTypeBadge, RestrictionBadge, entityUrl } from '../../ui/entities.js';
import { DataTypeForm, LockForm } from '../data/Governance.js';
import { AR_TYPES, ArForm, uploadDucTemplate, type ArFormValues } from './ArForm.js';
import { arTypeLabel } from '../../ui/entities.js';

const LIMIT = 25;

export function SubjectList({ ar, max = 3 }: { ar: AccessRequirement; max?: number }) {
  if (ar.subjects.length === 0) return <span className="muted">not bound</span>;
  const shown = ar.subjects.slice(0, max);
  return (
    <span className="subjects">
      {shown.map((s, i) => (
        <span key={`${s.type}-${s.id}`}>
          {i > 0 && ', '}
          {s.type === 'entity' ? <Link to={entityUrl(String(s.id))}>{s.id}</Link> : <Link to={`/teams/${s.id}`}>team {s.id}</Link>}
        </span>
      ))}
      {ar.subjects.length > max && <span className="muted"> and {ar.subjects.length - max} more</span>}
    </span>
  );
}

/** Lock an entity or change its data type by id, from the ACT pages. */
function EntityTools() {
  const [id, setId] = useState('');
  const [target, setTarget] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const pick = (e: FormEvent) => {
    e.preventDefault();
    const m = /^(?:syn)?(\d{1,15})$/i.exec(id.trim());
    setError(m ? undefined : 'Entity ids look like syn123.');
    setTarget(m ? `syn${m[1]}` : undefined);
    setNotice(undefined);
  };
  return (
    <Card title="Lock an entity or mark it as open data" id="entity-tools" testId="entity-tools">
      <form onSubmit={pick} noValidate className="inline-fields">
        <Field label="Entity id" id="tools-entity" error={error}><input type="text" value={id} placeholder="syn123" onChange={(e) => setId(e.target.value)} /></Field>
        <div className="inline-submit"><button type="submit" className="btn btn-secondary">Choose</button></div>
      </form>
      {notice && <Alert tone="success">{notice}</Alert>}
      {target && (
        <div className="grid-2 tight">
          <div className="subform">
            <h3>Lock <Link to={entityUrl(target)}>{target}</Link></h3>
            <LockForm entityId={target} idPrefix="tools-lock" onLocked={(ar) => setNotice(`${target} is locked (access requirement ${ar.id}).`)} />
          </div>
          <div className="subform">
            <h3>Data type of <Link to={entityUrl(target)}>{target}</Link></h3>
            <DataTypeForm entityId={target} onChanged={(t) => setNotice(`${target} is now ${t === 'OPEN_DATA' ? 'open data' : 'sensitive data'}.`)} />
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
  const [subjectInput, setSubjectInput] = useState(subjectId);
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
        <form className="toolbar" noValidate onSubmit={(e) => { e.preventDefault(); setParam('subjectId', subjectInput.trim()); }}>
          <div className="field search-field">
            <label htmlFor="ar-subject">Bound directly to</label>
            <input id="ar-subject" type="search" value={subjectInput} placeholder="syn123" onChange={(e) => setSubjectInput(e.target.value)} />
          </div>
          <div className="toolbar-buttons">
            <button type="submit" className="btn btn-secondary">Filter</button>
            {subjectId && <button type="button" className="btn btn-ghost" onClick={() => { setSubjectInput(''); setParam('subjectId', ''); }}>Clear</button>}
          </div>
        </form>
        {list.loading && !list.data ? <Loading what="Loading access requirements" /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
          : items.length === 0 ? <Empty title={subjectId ? `No access requirement is bound to ${subjectId}` : 'No access requirements here'} icon="shield" />
          : (
            <>
              <div className="table-wrap">
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
