import { api } from '../../../api.js';
import { useAction, useApi } from '../../../hooks.js';
import { Card, LoadError, Loading } from '../../../ui/bits.js';
import { FormProblem } from '../../../ui/forms.js';

interface Rules {
  accessRequirementId: number;
  approveWhenValidated: boolean;
  rejectWhenBlocked: boolean;
}

/** The AR's automatic handling of submissions (ACT): each decision it takes is recorded as the system's, with the rule. */
export function RequestRulesCard({ arId }: { arId: number }) {
  const rules = useApi<Rules>(`/access-requirements/${arId}/request-rules`);
  const save = useAction(async (change: Partial<Rules>) => rules.setData(await api.put<Rules>(`/access-requirements/${arId}/request-rules`, change)));
  const r = rules.data;
  return (
    <Card title="Automatic handling" id="request-rules" testId="request-rules">
      {rules.loading && !r ? <Loading what="Loading the rules" /> : rules.error ? <LoadError problem={rules.error} retry={rules.reload} /> : r && (
        <>
          <FormProblem problem={save.problem} />
          <label className="small block-person">
            <input type="checkbox" checked={r.approveWhenValidated} disabled={save.pending} onChange={(e) => void save.run({ approveWhenValidated: e.target.checked })} data-testid="rule-approve" />
            {' '}Approve on submission when every accessor is validated and nobody is blocked (low-risk data)
          </label>
          <label className="small block-person">
            <input type="checkbox" checked={r.rejectWhenBlocked} disabled={save.pending} onChange={(e) => void save.run({ rejectWhenBlocked: e.target.checked })} data-testid="rule-reject" />
            {' '}Reject on submission when someone on the request is blocked (otherwise the submission is refused)
          </label>
          <p className="muted small">Decisions these rules take are recorded as made by Gatehouse, naming the rule.</p>
        </>
      )}
    </Card>
  );
}
