import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { Entity, Page, Permissions } from '../../types.js';
import { Alert, Card, LoadError, Loading } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';
import { Icon } from '../../ui/icons.js';
import { entityUrl } from '../../ui/entities.js';
import { groupUrl, type Domain, type DomainGroup, type ManagedGroup } from '../groups/model.js';
import { RequestAccess } from '../groups/RequestAccess.js';
import '../groups/groups.css';

/** The groups of a domain as badges: green when I am in it, amber when I am not. */
export function DomainBadges({ groups }: { groups: { id: number; name: string; isMember: boolean }[] }) {
  return (
    <ul className="ad-groups" data-testid="ad-groups" aria-label="Groups of the authorization domain">
      {groups.map((g) => (
        <li key={g.id} className={`ad-group ${g.isMember ? 'ad-group-member' : 'ad-group-missing'}`} data-testid={`ad-group-${g.name}`}
          title={g.isMember ? 'You are a member' : 'You are not a member'}>
          <Icon name={g.isMember ? 'check' : 'lock'} size={14} />
          <Link to={groupUrl(g.name)}>{g.name}</Link>
          <span className="sr-only">{g.isMember ? '(you are a member)' : '(you are not a member)'}</span>
        </li>
      ))}
    </ul>
  );
}

/** Adding a group to the domain: one of mine, not in it yet; for good (there is no removing). */
function AddGroup({ domain, onAdded }: { domain: Domain; onAdded(d: Domain, name: string): void }) {
  const mine = useApi<Page<ManagedGroup>>('/groups', { limit: 200 });
  const [name, setName] = useState('');
  const [confirming, setConfirming] = useState(false);
  const add = useAction(async () => {
    const d = await api.post<Domain>(`/projects/${domain.projectId}/authorization-domain`, { groups: [name] });
    setConfirming(false);
    setName('');
    onAdded(d, name);
  });
  const inDomain = new Set(domain.groups.map((g) => g.id));
  const choices = (mine.data?.items ?? []).filter((g) => g.isMember && !inDomain.has(g.id));
  if (mine.loading && !mine.data) return <Loading what="Loading your groups" />;
  if (choices.length === 0) {
    return <p className="muted small ad-add">To add a group, you must be a member of it; every group you are in is already here{mine.data?.items.length ? '' : ' (you are in none)'}.</p>;
  }
  return (
    <form className="ad-add" onSubmit={(e: FormEvent) => { e.preventDefault(); if (confirming) void add.run(); else setConfirming(true); }} noValidate data-testid="ad-add">
      <FormProblem problem={add.problem} />
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="ad-add-group">Add group</label>
          <select id="ad-add-group" value={name} onChange={(e) => { setName(e.target.value); setConfirming(false); add.reset(); }}>
            <option value="">Choose one of your groups…</option>
            {choices.map((g) => <option key={g.id} value={g.name}>{g.name}</option>)}
          </select>
        </div>
        <div className="inline-submit">
          <button type="submit" className={`btn ${confirming ? 'btn-danger' : 'btn-secondary'}`} disabled={!name || add.pending}>
            {confirming ? `Add ${name} for good` : 'Add group'}
          </button>
        </div>
      </div>
      {confirming && (
        <Alert tone="warning">
          Adding <strong>{name}</strong> cannot be undone. From then on only people who are also in {name} can use this project's data,
          including people who use it today.{' '}
          <button type="button" className="link-button" onClick={() => setConfirming(false)}>Cancel</button>
        </Alert>
      )}
    </form>
  );
}

/**
 * The authorization domain on an entity's page: on a project, its groups (badges), what I am missing with a
 * request-access button per group, and "Add group" for whoever may change its permissions; inside a project,
 * a note that the project's domain covers this too (only when there is one).
 */
export function DomainCard({ entity, permissions }: { entity: Entity; permissions?: Permissions }) {
  const domain = useApi<Domain>(`/projects/${entity.projectId}/authorization-domain`);
  const [notice, setNotice] = useState<string>();
  const isProject = entity.type === 'project';
  if (domain.loading && !domain.data) return null;
  if (domain.error) return isProject ? <Card title="Authorization domain" id="authorization-domain"><LoadError problem={domain.error} retry={domain.reload} /></Card> : null;
  const d = domain.data!;
  const missing: DomainGroup[] = d.groups.filter((g) => !g.isMember);
  if (!isProject && d.groups.length === 0) return null;
  return (
    <Card title={<><Icon name="shield" size={18} /> Authorization domain</>} id="authorization-domain" testId="authorization-domain">
      {notice && <Alert tone="success" testId="ad-notice">{notice}</Alert>}
      {d.groups.length === 0 ? (
        <p className="ad-note">None: whoever the project is shared with can use it, as sharing allows.</p>
      ) : (
        <>
          {!isProject && <p className="ad-note">This {entity.type} is covered by the domain of its project, <Link to={entityUrl(d.projectId)}>{d.projectName}</Link>.</p>}
          <DomainBadges groups={d.groups} />
          <p className="ad-note">
            {missing.length === 0
              ? 'You are in every group. Reading, downloading, adding, editing and computing here also need the access sharing gives.'
              : 'Using this data needs membership in every group, as well as the access sharing gives.'}
          </p>
          {missing.length > 0 && (
            <ul className="ad-missing-list" data-testid="ad-missing">
              {missing.map((g) => (
                <li key={g.id}><span>You are not in <Link to={groupUrl(g.name)}>{g.name}</Link>.</span> <RequestAccess group={g.name} compact /></li>
              ))}
            </ul>
          )}
        </>
      )}
      {isProject && (
        <p className="ad-note" data-testid="ad-add-only"><Icon name="info" size={14} />
          {d.groups.length === 0
            ? 'A domain can be given to a project that is not shared publicly. Groups are added for good: they can never be removed.'
            : 'Groups can be added but never removed: the domain only ever grows, so data once protected stays protected (clones keep it too).'}
        </p>
      )}
      {isProject && permissions?.canChangePermissions && (
        <AddGroup domain={d} onAdded={(next, name) => { domain.setData(next); setNotice(`${name} added to the authorization domain.`); }} />
      )}
    </Card>
  );
}
