import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, asProblem, type ApiProblem } from '../../api.js';
import { useApi } from '../../hooks.js';
import { DECISION_ACTIONS, type Decision, type DecisionAction, type Entity, type UserSummary } from '../../types.js';
import { Badge, Card, LoadError, Loading, PageHeader } from '../../ui/bits.js';
import { Checkbox, Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { EntityPicker, type PickedEntity } from '../../ui/EntityPicker.js';
import { Coded, Worded, enumWords, ruleWords } from '../../ui/words.js';
import { entityUrl } from '../../ui/entities.js';
import { ActionLine } from '../data/Conditions.js';

const actionHelp: Record<DecisionAction, string> = {
  READ: 'see it', DOWNLOAD: 'download it', CREATE: 'add a child', UPDATE: 'change or move it', DELETE: 'move it to the trash',
  CHANGE_PERMISSIONS: 'change its sharing settings', SHARE: 'share it', CHANGE_SETTINGS: 'change its settings', MODERATE: 'moderate',
  COMPUTE: 'start runtimes', REMOVE_ACL: 'restore inheritance', READ_ACL: 'see its sharing settings',
};

interface Query {
  userId: number | null;
  entityId: string;
  action: DecisionAction;
}

function Verdict({ granted }: { granted: boolean }) {
  return granted ? <Badge tone="success">granted</Badge> : <Badge tone="danger">denied</Badge>;
}

/**
 * "Why can't X download Y?" (SPEC §1.2): for a user, or an anonymous visitor, an entity and an action — granted
 * or denied, the rule that decided, its exact message and what would lift a denial; and every other action on
 * the same entity for the same user, so the whole picture is on one page.
 */
export function DecisionExplainerPage() {
  const [params, setParams] = useSearchParams();
  const initialUser = params.get('userId');
  const [user, setUser] = useState<UserSummary | null>(null);
  const [anonymous, setAnonymous] = useState(params.get('anonymous') === '1');
  const initialEntity = params.get('entityId');
  const [picked, setPicked] = useState<PickedEntity | null>(null);
  const entityId = picked?.id ?? initialEntity ?? '';
  const [action, setAction] = useState<DecisionAction>((params.get('action') as DecisionAction) ?? 'DOWNLOAD');
  const [query, setQuery] = useState<Query>();
  const [results, setResults] = useState<Decision[]>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [pending, setPending] = useState(false);
  const [missing, setMissing] = useState<string>();
  const preset = useApi<UserSummary>(initialUser && !user ? `/users/${initialUser}` : null);
  useEffect(() => {
    if (preset.data && !user) setUser(preset.data);
  }, [preset.data, user]);
  const entity = useApi<Entity>(query ? `/entities/${query.entityId}` : null);
  // Opened with ?entityId=: the picker shows that entity by name.
  const presetEntity = useApi<Entity>(initialEntity && !picked ? `/entities/${initialEntity}` : null);
  useEffect(() => {
    if (presetEntity.data && !picked) setPicked({ id: presetEntity.data.id, name: presetEntity.data.name, type: presetEntity.data.type, path: '' });
  }, [presetEntity.data, picked]);

  const run = async (q: Query) => {
    setPending(true);
    setProblem(undefined);
    try {
      const all = await Promise.all(DECISION_ACTIONS.map((a) => api.post<Decision>('/decisions', { userId: q.userId, entityId: q.entityId, action: a })));
      setResults(all);
      setQuery(q);
    } catch (err) {
      setProblem(asProblem(err));
      setResults(undefined);
    } finally {
      setPending(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const why = !anonymous && !user ? 'Choose a user, or an anonymous visitor.' : !entityId ? 'Choose a project, folder or file.' : undefined;
    setMissing(why);
    if (why) return;
    const q: Query = { userId: anonymous ? null : user!.id, entityId, action };
    const next: Record<string, string> = { entityId: q.entityId, action };
    if (q.userId !== null) next.userId = String(q.userId);
    else next.anonymous = '1';
    setParams(next, { replace: true });
    void run(q);
  };

  // Opened with a complete question (a link from a user or entity page): answer at once.
  useEffect(() => {
    if (results || pending || !entityId) return;
    if (params.get('anonymous') === '1') void run({ userId: null, entityId, action });
    else if (preset.data) void run({ userId: preset.data.id, entityId, action });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preset.data]);

  const main = results?.find((d) => d.action === query?.action);
  const who = query?.userId === null ? 'An anonymous visitor' : user ? `${user.displayName} (@${user.username})` : `User ${query?.userId}`;

  return (
    <>
      <PageHeader title="Decision explainer" subtitle="Why can, or can't, someone do something with an entity? The rule that decided, its exact message, and what would change it." />
      <Card id="explain-form">
        <form onSubmit={submit} noValidate>
          <FormProblem problem={problem} fields={['entityId']} />
          <div className="explain-grid">
            <div>
              {anonymous ? (
                <div className="field"><span className="label-like">User</span><div className="picked"><span>An anonymous visitor (not signed in)</span></div></div>
              ) : (
                <UserPicker label="User" id="explain-user" value={user} onChange={setUser} />
              )}
              <Checkbox id="explain-anonymous" label="An anonymous visitor instead" checked={anonymous} onChange={setAnonymous} />
            </div>
            <EntityPicker label="Entity" id="explain-entity" value={picked} onChange={setPicked} error={problem?.fieldError('entityId')} />
            <Field label="Action" id="explain-action">
              <select value={action} onChange={(e) => setAction(e.target.value as DecisionAction)}>
                {DECISION_ACTIONS.map((a) => <option key={a} value={a}>{enumWords(a)} — {actionHelp[a]}</option>)}
              </select>
            </Field>
          </div>
          {missing && <p className="field-error" role="alert">{missing}</p>}
          <SubmitButton pending={pending} pendingText="Asking…">Explain</SubmitButton>
        </form>
      </Card>

      {pending && !results && <Loading what="Asking the decision engine" />}
      {query && main && results && (
        <>
          <Card id="explain-result" testId="explain-result"
            title={<><span title={query.action}>{enumWords(query.action)}</span> <Verdict granted={main.granted} /></>}
            actions={<span className="muted small">HTTP {main.status}</span>}>
            <p className="explain-question">
              <strong>{who}</strong> {main.granted ? 'may' : 'may not'} {actionHelp[query.action]}:{' '}
              {entity.data ? <><Link to={entityUrl(query.entityId)}>{entity.data.name}</Link> <span className="muted">({picked?.id === query.entityId && picked.path ? `in ${picked.path}, ` : ''}{entity.data.type})</span></>
                : <Link to={entityUrl(query.entityId)}>{picked?.id === query.entityId ? picked.name : 'this entity'}</Link>}.
            </p>
            <dl className="facts">
              <dt>Deciding rule</dt><dd><Coded code={main.rule} words={ruleWords} testId="explain-rule" /></dd>
              <dt>Message</dt><dd data-testid="explain-message">{main.message ? <q><Worded text={main.message} /></q> : <span className="muted">none (granted)</span>}</dd>
            </dl>
            {main.actionsRequired.length > 0 && (
              <>
                <h3 className="subhead-small">What would lift the denial</h3>
                <ol className="action-list">
                  {main.actionsRequired.map((a, i) => <ActionLine key={i} action={a} explain entityId={query.entityId} projectId={entity.data?.projectId} />)}
                </ol>
              </>
            )}
            {entity.error && entity.error.status !== 404 && <LoadError problem={entity.error} />}
          </Card>
          <Card title="Every action on this entity" id="explain-all" testId="explain-all">
            <div tabIndex={0} className="table-wrap">
              <table className="table table-dense">
                <thead><tr><th scope="col">Action</th><th scope="col">Decision</th><th scope="col">Rule</th><th scope="col">Message</th></tr></thead>
                <tbody>
                  {results.map((d) => (
                    <tr key={d.action} className={d.action === query.action ? 'row-open' : undefined}>
                      <td><button type="button" className="link-button" onClick={() => { setAction(d.action as DecisionAction); setQuery({ ...query, action: d.action as DecisionAction }); }} title={d.action}>{enumWords(d.action)}</button></td>
                      <td><Verdict granted={d.granted} /></td>
                      <td className="small"><Coded code={d.rule} words={ruleWords} /></td>
                      <td className="small">{d.message ? <Worded text={d.message} /> : <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        </>
      )}
    </>
  );
}
