import type { Job } from './jobs.js';
import { approvalExpiryJob } from './accessrequirements/expiry.js';
import { requestExpiryJob } from './requests/expiry.js';
import { allowlistJob } from './groups/allowlists.js';
import { signinLimitsPruneJob } from './identity/signinlimits.js';
import { downloadSealJob } from './auditlog/downloads.js';
import { egressStopRetryJob } from './egress/incidents.js';
import { auditTicketWebhookJob } from './audit/incidents.js';
import { auditDueJob } from './audit/schedule.js';
import { continuousAuditJob } from './audit/continuous.js';
import { recordsRetentionJob } from './audit/retention.js';
import { entitySnapshotExpansionJob } from './audit/records.js';
import { webhookDeliveryJob } from './webhooks/delivery.js';
import { sha256BackfillJob } from './drs/checksums.js';

/** Each capability's background jobs (run by src/jobs.ts). A capability adds one line here. */
export const capabilityJobs: readonly Job[] = [
  approvalExpiryJob,
  requestExpiryJob,
  allowlistJob,
  signinLimitsPruneJob,
  downloadSealJob,
  egressStopRetryJob,
  auditTicketWebhookJob,
  auditDueJob,
  continuousAuditJob,
  recordsRetentionJob,
  entitySnapshotExpansionJob,
  webhookDeliveryJob,
  sha256BackfillJob,
];
