import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import { parseEntityId } from '../infra/ids.js';
import { ACCESS_TYPES } from '../decisions/model.js';
import { putAcl, type AclEntryInput } from '../entities/acl.js';
import { createContainer } from '../entities/entities.js';
import { createFile } from '../entities/files.js';
import { addMember, createGroup } from './groups.js';

/**
 * The demo's authorization domain (SPEC §9): Carol's managed group "cohort-analysts" (Carol admin, Alice member)
 * is the domain of her "Cohort Analysis Workspace", shared with Alice and Bob (READ, DOWNLOAD). Alice opens it;
 * Bob, outside the domain, sees it greyed out as "no access" with a button to ask the group's admins.
 */

const COHORT = `participant_id,age_band,stage,treatment_arm
P-101,50-59,II,A
P-102,60-69,III,B
P-103,40-49,I,A
`;

export async function loadGroupsDemo(ctx: AppContext, users: Record<string, number>): Promise<void> {
  const { carol: carolId, alice: aliceId, bob: bobId } = users;
  if (carolId === undefined || aliceId === undefined) return;
  const carol = { id: carolId, username: 'carol', displayName: 'Carol Contributor', isAdmin: false };

  const group = await createGroup(ctx, carol, {
    name: 'cohort-analysts',
    description: 'Analysts approved by the cohort steering committee to work with participant-level data.',
  });
  await addMember(ctx, carol, group.name, { userId: aliceId, role: 'member' });

  const project = await createContainer(ctx, carol, {
    type: 'project',
    name: 'Cohort Analysis Workspace',
    description: 'Participant-level clinical data of the cohort, for the analysts of cohort-analysts only.',
    authorizationDomain: [group.name],
  });
  const projectId = parseEntityId(project.id);
  const clinical = parseEntityId((await createContainer(ctx, carol, {
    type: 'folder', name: 'clinical', parentId: projectId, description: 'Clinical variables per participant.',
  })).id);
  const stored = await ctx.blobs.put(Readable.from([Buffer.from(COHORT)]));
  await createFile(ctx, carol, { parentId: clinical, blob: { ...stored, fileName: 'participants.csv', contentType: 'text/csv' }, comment: 'Demo data' });

  const entries: AclEntryInput[] = [
    { principalId: carolId, accessTypes: [...ACCESS_TYPES] },
    { principalId: aliceId, accessTypes: ['READ', 'DOWNLOAD'] },
  ];
  if (bobId !== undefined) entries.push({ principalId: bobId, accessTypes: ['READ', 'DOWNLOAD'] });
  await putAcl(ctx, carol, projectId, { entries });
}

