import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { Badge, Card, Loading, PageHeader } from '../../ui/bits.js';
import { Icon } from '../../ui/icons.js';
import { FormProblem } from '../../ui/forms.js';
import { groupUrl, type AccessRequestAnswer, type NoAccessProject } from '../groups/model.js';
import { AccessAnswer } from '../groups/RequestAccess.js';
import '../groups/groups.css';

/**
 * A project shared with me that its authorization domain keeps me out of (SPEC §9, issue 9 item 9): its name
 * (the server tells it to whoever the ACL names, GET /me/no-access-projects?entityId=), the groups I am missing,
 * and a request to each group's admins with an optional message. A folder or file shared with me inside such a
 * project says the same, with its own name. `fallback` (the plain denial) when the server names nothing.
 */
export function DomainDenied({ id, detail, fallback }: { id: string; detail?: string; fallback: ReactNode }) {
  const list = useApi<{ items: NoAccessProject[] }>('/me/no-access-projects', { entityId: id });
  if (list.loading && !list.data) return <><PageHeader title={id} /><Loading what="Finding what you are missing" /></>;
  const project = list.data?.items[0];
  if (!project) return fallback;
  const missing = project.groups.filter((g) => project.missingGroups.includes(g.id));
  const inner = project.entity;
  const where = inner ? 'its project' : 'this project';
  const projectName = project.name ?? project.projectId;
  return (
    <>
      <PageHeader title={inner ? inner.name : projectName} subtitle={
        <span className="entity-subtitle">
          <Badge tone="neutral">no access</Badge> <span className="muted">{inner ? inner.id : project.projectId}</span>
          {inner && <span className="muted" data-testid="domain-denied-project"> · in project {projectName}</span>}
        </span>} />
      <Card title="Shared with you, but you are outside its authorization domain" id="domain-denied" testId="domain-denied">
        {detail && <p className="small" data-testid="domain-denied-detail">{detail}</p>}
        <p className="ad-note">
          <Icon name="lock" size={14} />
          Only members of every group of {where}'s authorization domain may open it
          ({project.groups.map((g, i) => <span key={g.id}>{i > 0 && ', '}<Link to={groupUrl(g.name)}>{g.name}</Link>{g.isMember && <span className="muted"> ✓ you are in</span>}</span>)}).
          {' '}Ask the admins of {missing.length === 1 ? 'the group' : 'each group'} you are missing; once they add you, {inner ? `the ${inner.type}` : 'the project'} opens.
        </p>
        <ul className="domain-missing-list">
          {missing.map((g) => <li key={g.id}><GroupRequest group={g.name} /></li>)}
        </ul>
      </Card>
      <p><Link to="/projects">← My projects</Link></p>
    </>
  );
}

/** One missing group: "Request access" with an optional note to its admins (POST /groups/{name}/request-access). */
function GroupRequest({ group }: { group: string }) {
  const [message, setMessage] = useState('');
  const [answer, setAnswer] = useState<AccessRequestAnswer>();
  const send = useAction(async () => {
    setAnswer(await api.post<AccessRequestAnswer>(`/groups/${encodeURIComponent(group)}/request-access`, message.trim() ? { message: message.trim() } : {}));
  }, { invalidates: [['/groups'], ['/me/no-access-projects']] }); // a request to join changes the group's requests, not the project
  const fieldId = `domain-request-${group}`;
  return (
    <div className="domain-missing" data-testid={`missing-group-${group}`}>
      <p><span className="muted">You are not in</span> <Link to={groupUrl(group)}><strong>{group}</strong></Link></p>
      {answer ? <AccessAnswer group={group} answer={answer} compact /> : (
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); void send.run(); }} noValidate>
          <FormProblem problem={send.problem} fields={['message']} />
          <label htmlFor={fieldId} className="small">Message to the admins of {group} (optional)</label>
          <textarea id={fieldId} rows={2} value={message} maxLength={2000} onChange={(e) => setMessage(e.target.value)}
            placeholder="Who you are and why you need this data" />
          <button type="submit" className="btn btn-primary btn-small" disabled={send.pending}>{send.pending ? 'Sending…' : `Request access to ${group}`}</button>
        </form>
      )}
    </div>
  );
}
