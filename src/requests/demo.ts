import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { RequestUser } from './access.js';
import { addAttachment } from './attachments.js';
import { putForm } from './forms.js';
import { decideSubmission, openRequest, saveDraft, submitRequest } from './requests.js';
import { addRemark } from './remarks.js';

/**
 * The demo's data access requests, on the access requirements demo's ManagedACT AR (looked up by name; nothing
 * is added when it is not there): a form with fields from the library, Alice's request approved by ACT, and
 * Bob's request awaiting review. Bob is not certified, so he cannot be an accessor: his request is for Alice.
 */
export const DEMO_AR_NAME = 'Cancer Genomics Cohort — controlled access';

export async function loadRequestsDemo(ctx: AppContext, users: Record<string, number>): Promise<void> {
  const ar = await ctx.db.maybeOne<{ id: number }>(
    `SELECT id FROM access_requirements WHERE name = $1 AND type = 'ManagedACT' AND deleted_at IS NULL ORDER BY id LIMIT 1`,
    [DEMO_AR_NAME],
  );
  if (!ar || users.act === undefined || users.alice === undefined || users.bob === undefined) return;
  const person = (id: number, displayName: string, isAct = false): RequestUser => ({ id, displayName, isAct, isAdmin: false, isValidated: true });
  const act = person(users.act, 'Aron ACT', true);
  const alice = person(users.alice, 'Alice Researcher');
  const bob = { ...person(users.bob, 'Bob Researcher'), isValidated: false };

  const template = async (key: string) =>
    (await ctx.db.one<{ id: number }>('SELECT id FROM form_field_templates WHERE key = $1', [key])).id;
  await putForm(ctx, act, ar.id, {
    fields: [
      { templateId: await template('project-title') },
      { templateId: await template('signing-official') },
      { templateId: await template('signing-official-email') },
      { templateId: await template('data-security-plan') },
      { label: 'Sequencing platform', description: 'The platform your own data were produced on, if any.', type: 'single-choice', optional: true,
        options: ['Illumina', 'PacBio', 'Oxford Nanopore', 'None'] },
    ],
    secondReminderDays: 7,
  });

  const duc = async (user: RequestUser, requestId: number, text: string) => {
    const stored = await ctx.blobs.put(Readable.from([Buffer.from(text)]));
    await addAttachment(ctx, user, requestId, 'duc', { ...stored, fileName: 'signed-duc.pdf', contentType: 'application/pdf' });
  };

  const { request: aliceRequest } = await openRequest(ctx, alice, ar.id);
  await saveDraft(ctx, alice, aliceRequest.id, {
    answers: {
      studyLead: 'Dr. Alice Researcher', institution: 'University of Example',
      intendedDataUse: 'We will study how TP53 and BRCA1 variants relate to treatment response in the cohort.',
      't-project-title': 'Variant effects on treatment response', 't-signing-official': 'Prof. Sam Signer, Vice Provost for Research',
      't-signing-official-email': 'sam.signer@example.edu', 't-data-security-plan': 'Data stay on the university research cluster, encrypted at rest.',
    },
  });
  await duc(alice, aliceRequest.id, 'Data use certificate signed by Alice Researcher and Sam Signer (demo).');
  const aliceSubmission = await submitRequest(ctx, alice, aliceRequest.id);
  await decideSubmission(ctx, act, aliceSubmission.submission.id, { decision: 'APPROVED' });

  const { request: bobRequest } = await openRequest(ctx, bob, ar.id);
  await saveDraft(ctx, bob, bobRequest.id, {
    accessors: [users.alice],
    answers: {
      studyLead: 'Dr. Bob Researcher', institution: 'Example Cancer Institute',
      intendedDataUse: 'We will validate a tumor-normal variant calling pipeline against the cohort calls.',
      't-project-title': 'Benchmarking somatic variant callers', 't-signing-official': 'Dr. Rita Grant, Director of Research',
      't-signing-official-email': 'rita.grant@example.org', 't-data-security-plan': 'Analysis in the institute\'s secure enclave only.',
      'f-sequencing-platform': 'Illumina',
    },
  });
  await duc(bob, bobRequest.id, 'Data use certificate signed by Bob Researcher and Rita Grant (demo).');
  await submitRequest(ctx, bob, bobRequest.id);
  // The review's thread (round 2): ACT asks Bob a question he answers, and notes something for reviewers only.
  const question = await addRemark(ctx, act, bobRequest.id, {
    body: 'Is the secure enclave certified (ISO 27001 or equivalent)? Please name the certificate.', visibility: 'visible',
  });
  await addRemark(ctx, bob, bobRequest.id, { body: 'Yes: ISO/IEC 27001:2022, certificate EX-2291, renewed in January.', replyTo: question.id });
  await addRemark(ctx, act, bobRequest.id, {
    body: 'Bob\'s identity is not validated yet: approve once the verification is through.', visibility: 'private',
  });
}
