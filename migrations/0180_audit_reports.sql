-- The audit report (SPEC §11; src/audit/README.md "Reports"): a document per audit (periodic: one run) or per
-- year (annual: two runs, the seed's October report), reviewed by the Director of Governance. A draft is assembled
-- from the current findings each time it is read; approval freezes it: the assembled model and the generated
-- files (HTML, PDF, xlsx, a CSV per query) go to the blob store and are served unchanged from then on.

CREATE TABLE audit_reports (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('periodic', 'annual')),
  -- The runs it covers, in period order: one for a periodic report, two for an annual one.
  run_ids bigint[] NOT NULL,
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'rejected', 'approved')),
  created_by bigint NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  -- The security engineer who last submitted it: a rejected report goes back to them.
  submitted_by bigint REFERENCES users (id),
  submitted_at timestamptz,
  approved_by bigint REFERENCES users (id),
  approved_at timestamptz,
  -- Set at approval: the report model as approved (JSON) and the stored files {html, pdf, xlsx, csv: {query: key}}.
  frozen_model jsonb,
  files jsonb,
  updated_at timestamptz NOT NULL
);
CREATE INDEX audit_reports_created ON audit_reports (created_at DESC);

-- The review history: each submission, approval and rejection, with the reviewer's comment.
CREATE TABLE audit_report_reviews (
  id bigserial PRIMARY KEY,
  report_id bigint NOT NULL REFERENCES audit_reports (id),
  at timestamptz NOT NULL,
  actor_id bigint NOT NULL REFERENCES users (id),
  action text NOT NULL CHECK (action IN ('submitted', 'approved', 'rejected')),
  comment text NOT NULL DEFAULT ''
);
CREATE INDEX audit_report_reviews_report ON audit_report_reviews (report_id, at);
