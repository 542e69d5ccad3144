import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, asProblem, type ApiProblem } from '../../api.js';
import { useApi } from '../../hooks.js';
import { write } from '../../queries.js';
import type { AccessRequirement } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader } from '../../ui/bits.js';
import { ArTypeBadge, entityUrl } from '../../ui/entities.js';
import type { DataAccessRequest } from './model.js';

/**
 * Where "Request access" leads (`/requests/new?accessRequirementId=&entityId=`): opens the caller's request for
 * the access requirement — their saved draft or request, or a new draft with them as first accessor — and shows
 * it. Signed-out visitors meet the sign-in page at this address and come back here once signed in.
 */
export function NewRequestPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const arId = params.get('accessRequirementId');
  const entityId = params.get('entityId');
  const valid = !!arId && /^\d+$/.test(arId);
  const [problem, setProblem] = useState<ApiProblem>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!valid) return;
    let live = true;
    setProblem(undefined);
    write(() => api.post<DataAccessRequest>('/requests', { accessRequirementId: Number(arId) })).then(
      (r) => live && navigate(`/requests/${r.id}${entityId ? `?entityId=${encodeURIComponent(entityId)}` : ''}`, { replace: true }),
      (err: unknown) => live && setProblem(asProblem(err)),
    );
    return () => {
      live = false;
    };
  }, [arId, entityId, valid, attempt, navigate]);

  const ar = useApi<AccessRequirement>(problem && valid ? `/access-requirements/${arId}` : null);
  const back = entityId && <p className="breadcrumb"><Link to={entityUrl(entityId)}>Back to {entityId}</Link></p>;

  if (!valid) {
    return (
      <>
        <PageHeader title="Request access" />
        <Empty title="Which data do you want to request?" icon="lock">
          Open the data you need and choose <strong>Request access</strong> in its conditions for use. Your requests are under <Link to="/requests">My requests</Link>.
        </Empty>
      </>
    );
  }
  if (!problem) return <>{back}<Loading what="Opening your request" /></>;
  return (
    <>
      {back}
      <PageHeader title="Request access" />
      {problem.code === 'NOT_MANAGED_ACT' ? (
        <Alert tone="warning" testId="not-managed">{problem.detail} Accept its terms in the conditions for use of the data instead.</Alert>
      ) : <LoadError problem={problem} retry={() => setAttempt((a) => a + 1)} />}
      {ar.data && (
        <Card title={<>{ar.data.name} <ArTypeBadge type={ar.data.type} /></>} id="request-ar">
          {ar.data.description && <p>{ar.data.description}</p>}
          {ar.data.terms && <div className="terms-box">{ar.data.terms}</div>}
        </Card>
      )}
    </>
  );
}
