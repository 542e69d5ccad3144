import type { AppContext } from '../context.js';
import { createRequirement, type Actor } from './requirements.js';

/**
 * The demo's access requirements: a ManagedACT AR on the demo project's `raw` folder and a TermsOfUse AR on its
 * `summary` folder. The entities demo makes the project; the folders are looked up by name when this runs, and
 * an AR is left unbound when its folder is not there (so this extension must run after the entities one).
 */
export async function loadAccessRequirementsDemo(ctx: AppContext, users: Record<string, number>): Promise<void> {
  const actId = users.act;
  if (actId === undefined) return;
  const act: Actor = { id: actId, displayName: 'Aron ACT', isAct: true, isAdmin: false };
  const demoUserIds = Object.values(users);
  const folder = async (name: string) => {
    const row = await ctx.db.maybeOne<{ id: number }>(
      `SELECT id FROM entities WHERE type = 'folder' AND lower(name) = $1 AND trashed_at IS NULL AND created_by = ANY ($2::bigint[])
       ORDER BY id LIMIT 1`,
      [name, demoUserIds],
    );
    return row ? [{ type: 'entity' as const, id: row.id }] : [];
  };

  await createRequirement(ctx, act, {
    type: 'ManagedACT',
    name: 'Cancer Genomics Cohort — controlled access',
    description: 'Row-level genomic and clinical data of the cohort participants.',
    terms: 'Access is granted to certified, validated researchers for the research purpose described in an approved data access request.',
    settings: {
      certifiedRequired: true,
      validatedRequired: true,
      ducRequired: true,
      expirationDays: 365,
      iduRequired: true,
      iduPublic: true,
      instructions: 'Attach the data use certificate signed by your institution and describe your intended data use. ' +
        'Approvals last one year; renew your request before it expires.',
    },
    subjects: await folder('raw'),
  });

  await createRequirement(ctx, act, {
    type: 'TermsOfUse',
    name: 'Cancer Genomics Cohort — summary data terms of use',
    description: 'Aggregate results of the cohort.',
    terms: 'I will not attempt to re-identify participants, and I will cite the Cancer Genomics Cohort in any publication that uses these data.',
    settings: {},
    subjects: await folder('summary'),
  });
}
