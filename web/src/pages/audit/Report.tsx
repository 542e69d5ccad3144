import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import { Alert, Badge, Card, LoadError, PageHeader, PageSkeleton, When } from '../../ui/bits.js';
import { Field, FormProblem } from '../../ui/forms.js';
import { STATE_WORDS, periodWords, reportTone, type AuditReport } from './Reports.js';

/**
 * One audit report (SPEC §11): the document itself — the same standalone HTML the server renders for download and
 * printing, shown in a frame that grows to its height — with the files to download, submission for the security
 * engineer, and the approve/reject panel with the review history for the Director of Governance.
 */
const ACTION_WORDS = { submitted: 'Submitted for review', approved: 'Approved', rejected: 'Rejected' } as const;

export function AuditReportPage() {
  const { id } = useParams();
  const me = useMe();
  const report = useApi<AuditReport>(`/audit/reports/${id}`);
  const submit = useAction(async () => { report.setData(await api.post<AuditReport>(`/audit/reports/${id}/submit`)); });
  if (report.error) return <><PageHeader title="Audit report" /><LoadError problem={report.error} retry={report.reload} /></>;
  const r = report.data;
  if (!r) return <PageSkeleton what="Loading the report" />;
  const engineer = me.isSecurity || me.isAdmin;
  const reviewer = me.isGovernance || me.isAdmin;
  return (
    <>
      <p className="breadcrumb"><Link to="/audit/reports">Audit reports</Link></p>
      <PageHeader title={r.title}
        subtitle={<>
          <Badge tone={reportTone(r.state)}>{STATE_WORDS[r.state]}</Badge>{' '}
          {r.kind === 'annual' ? 'Annual report' : 'Periodic report'} · {r.periods.map((p) => `${p.label} (${periodWords(p)})`).join(' and ')}
        </>}
        actions={engineer && (r.state === 'draft' || r.state === 'rejected') && (
          <button type="button" className="btn btn-primary" disabled={submit.pending} onClick={() => void submit.run()} data-testid="report-submit">
            {r.state === 'rejected' ? 'Submit again' : 'Submit for review'}
          </button>
        )} />
      <FormProblem problem={submit.problem} />
      {r.state === 'rejected' && r.reviews?.at(-1)?.action === 'rejected' && (
        <Alert tone="warning" testId="report-rejected">
          <strong>{r.reviews.at(-1)!.actor.name} returned the report for changes:</strong> {r.reviews.at(-1)!.comment}
        </Alert>
      )}
      {r.frozen && <Alert tone="success">Approved by {r.approvedBy?.name} on <When at={r.approvedAt} dateOnly />. The report and its files are kept as approved.</Alert>}
      <div className="audit-report-layout">
        <div className="audit-report-side">
          <Card title="Files">
            <ul className="audit-report-files">
              <li><a className="btn btn-secondary btn-small" href={r.links.pdf} download data-testid="download-pdf">PDF (for the IRB and HITRUST)</a></li>
              <li><a className="btn btn-secondary btn-small" href={r.links.xlsx} download>Spreadsheet (.xlsx)</a></li>
              <li><a className="btn btn-secondary btn-small" href={r.links.html} target="_blank" rel="noopener">HTML, to print</a></li>
            </ul>
            <p className="small muted">CSV per query:</p>
            <ul className="audit-report-csv">{r.links.csv.map((c) => <li key={c.query}><a href={c.href} download>{c.title}</a></li>)}</ul>
          </Card>
          {reviewer && r.state === 'submitted' && <ReviewPanel report={r} onDone={(next) => report.setData(next)} />}
          <Card title="Review history">
            {r.reviews && r.reviews.length > 0 ? (
              <ol className="audit-report-history" data-testid="review-history">
                {r.reviews.map((v, i) => (
                  <li key={i}>
                    <strong>{ACTION_WORDS[v.action]}</strong> by {v.actor.name}, <When at={v.at} />
                    {v.comment && <blockquote>{v.comment}</blockquote>}
                  </li>
                ))}
              </ol>
            ) : <p className="muted">Not submitted yet.</p>}
          </Card>
        </div>
        <ReportFrame src={r.links.html} version={`${r.state}-${r.approvedAt ?? ''}-${r.reviews?.length ?? 0}`} title={r.title} />
      </div>
    </>
  );
}

/** The Director of Governance approves, or rejects with a comment the engineer reads. */
function ReviewPanel({ report: r, onDone }: { report: AuditReport; onDone(next: AuditReport): void }) {
  const [comment, setComment] = useState('');
  const review = useAction(async (decision: 'approve' | 'reject') => {
    onDone(await api.post<AuditReport>(`/audit/reports/${r.id}/review`, { decision, comment }));
  });
  return (
    <Card title="Your review" testId="review-panel">
      <FormProblem problem={review.problem} fields={['comment']} />
      <Field label="Comment" name="comment" problem={review.problem} hint="Required to reject: say what must change. Kept with the approval otherwise.">
        <textarea id="review-comment" rows={4} maxLength={10_000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="button-row">
        <button type="button" className="btn btn-primary" disabled={review.pending} onClick={() => void review.run('approve')}>Approve</button>
        <button type="button" className="btn btn-danger" disabled={review.pending} onClick={() => void review.run('reject')}>Reject</button>
      </div>
    </Card>
  );
}

/** The report document in a frame as tall as the document, so the page scrolls as one. */
function ReportFrame({ src, version, title }: { src: string; version: string; title: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(900);
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    let observer: ResizeObserver | undefined;
    const fit = () => {
      const doc = frame.contentDocument;
      if (!doc?.documentElement) return;
      setHeight(doc.documentElement.scrollHeight);
      observer?.disconnect();
      observer = new ResizeObserver(() => setHeight(doc.documentElement.scrollHeight));
      observer.observe(doc.body);
    };
    frame.addEventListener('load', fit);
    return () => { frame.removeEventListener('load', fit); observer?.disconnect(); };
  }, [version]);
  return (
    <iframe key={version} ref={ref} className="audit-report-frame" src={src} title={`The report: ${title}`} height={height}
      sandbox="allow-same-origin allow-popups" data-testid="report-frame" />
  );
}
