import { Link } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import { Badge, Card, LoadError } from '../../ui/bits.js';
import { Icon } from '../../ui/icons.js';
import { groupUrl, type NoAccessProject } from '../groups/model.js';
import { RequestAccess } from '../groups/RequestAccess.js';
import '../groups/groups.css';

/**
 * Projects shared with me that I cannot open because I am outside their authorization domain
 * (GET /me/no-access-projects): greyed out as "no access", the groups I am missing, and a request-access
 * button for each. Shows nothing when there are none.
 */
export function NoAccessProjects() {
  const list = useApi<{ items: NoAccessProject[] }>('/me/no-access-projects');
  if (list.error) return <Card title="Shared with you, no access" id="no-access-projects"><LoadError problem={list.error} retry={list.reload} /></Card>;
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title={<>Shared with you, no access <span className="muted small">({items.length})</span></>} id="no-access-projects" testId="no-access-projects">
      <p className="ad-note">
        <Icon name="lock" size={14} />
        These projects are shared with you, but their authorization domain admits only the members of every one of its groups.
        Ask the admins of each group you are missing; once they add you, the project opens.
      </p>
      <div tabIndex={0} className="table-wrap">
        <table className="table ad-noaccess-table" data-testid="no-access-table">
          <thead><tr><th scope="col">Project</th><th scope="col">Authorization domain</th><th scope="col">You are missing</th></tr></thead>
          <tbody>
            {items.map((p) => {
              const missing = p.groups.filter((g) => p.missingGroups.includes(g.id));
              return (
                <tr key={p.projectId} className="ad-noaccess-row" data-testid={`no-access-${p.name}`}>
                  <td>
                    <span className="ad-noaccess-name"><Icon name="project" size={18} />{p.name}</span>
                    <div><Badge tone="neutral">no access</Badge> <code className="muted small">{p.projectId}</code></div>
                  </td>
                  <td className="small">
                    {p.groups.map((g, i) => (
                      <span key={g.id}>{i > 0 && ', '}<Link to={groupUrl(g.name)}>{g.name}</Link>{g.isMember && <span className="muted"> ✓</span>}</span>
                    ))}
                  </td>
                  <td>
                    <ul className="ad-noaccess-groups">
                      {missing.map((g) => (
                        <li key={g.id}>
                          <Link to={groupUrl(g.name)}><strong>{g.name}</strong></Link>
                          <RequestAccess group={g.name} compact />
                          {g.hasAccessInstructions && <span className="muted small">has instructions</span>}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
