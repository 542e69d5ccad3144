import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import { AUTHENTICATED, parseEntityId } from '../infra/ids.js';
import { ACCESS_TYPES } from '../decisions/model.js';
import { putAcl } from './acl.js';
import { createContainer } from './entities.js';
import { createFile } from './files.js';

/**
 * The demo's data: Carol's "Cancer Genomics Cohort" project with a `raw` folder and a `summary` folder. Signed-in
 * users hold READ and DOWNLOAD on both; what they may actually download is decided by the access requirements the
 * access-requirements demo binds to them (ManagedACT on raw, terms of use on summary), as in a real cohort. The access-requirements demo
 * binds its ARs to these folders by name, so this one runs first: it goes to the front of the list.
 */

const MANIFEST = `sample_id,participant_id,tissue,assay,file
CGC-0001,P-101,tumor,WGS,CGC-0001_tumor.vcf
CGC-0002,P-101,normal,WGS,CGC-0002_normal.vcf
CGC-0003,P-102,tumor,WGS,CGC-0003_tumor.vcf
CGC-0004,P-102,normal,WGS,CGC-0004_normal.vcf
`;

const VARIANTS = `##fileformat=VCFv4.2
##source=GatehouseDemo
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO
17\t7673802\t.\tC\tT\t60\tPASS\tGENE=TP53
17\t43094464\t.\tG\tA\t55\tPASS\tGENE=BRCA1
`;

const SUMMARY = `gene,participants_with_variant,cohort_size,frequency
TP53,41,120,0.342
BRCA1,9,120,0.075
KRAS,17,120,0.142
`;

const README = `Cancer Genomics Cohort — summary data

Aggregate variant frequencies of the 120 participants of the cohort. Row-level data are in raw/ and need an
approved data access request. Cite the Cancer Genomics Cohort in any publication that uses these data.
`;

export async function loadEntitiesDemo(ctx: AppContext, users: Record<string, number>): Promise<void> {
  const carolId = users.carol;
  if (carolId === undefined) return;
  const carol = { id: carolId };
  const all = [...ACCESS_TYPES];

  const project = await createContainer(ctx, carol, {
    type: 'project',
    name: 'Cancer Genomics Cohort',
    description: 'Whole-genome sequencing and clinical data of a 120-participant cancer cohort, with summary statistics.',
  });
  const projectId = parseEntityId(project.id);
  const folder = async (name: string, description: string) =>
    parseEntityId((await createContainer(ctx, carol, { type: 'folder', name, parentId: projectId, description })).id);
  const raw = await folder('raw', 'Row-level data: sample manifest and variant calls.');
  const summary = await folder('summary', 'Aggregate results of the cohort.');

  const upload = async (parentId: number, fileName: string, contentType: string, text: string) => {
    const stored = await ctx.blobs.put(Readable.from([Buffer.from(text)]));
    await createFile(ctx, carol, { parentId, blob: { ...stored, fileName, contentType }, comment: 'Demo data' });
  };
  await upload(raw, 'sample_manifest.csv', 'text/csv', MANIFEST);
  await upload(raw, 'CGC-0001_tumor.vcf', 'text/plain', VARIANTS);
  await upload(summary, 'variant_frequencies.csv', 'text/csv', SUMMARY);
  await upload(summary, 'README.txt', 'text/plain', README);

  // Researchers find the cohort in their project list and see what it holds.
  await putAcl(ctx, carol, projectId, { entries: [
    { principalId: carolId, accessTypes: all },
    { principalId: AUTHENTICATED, accessTypes: ['READ'] },
  ] });
  await putAcl(ctx, carol, raw, { entries: [
    { principalId: carolId, accessTypes: all },
    { principalId: AUTHENTICATED, accessTypes: ['READ', 'DOWNLOAD'] },
  ] });
  await putAcl(ctx, carol, summary, { entries: [
    { principalId: carolId, accessTypes: all },
    { principalId: AUTHENTICATED, accessTypes: ['READ', 'DOWNLOAD'] },
  ] });
}

// First in the list: the other capabilities' demo data refers to this project and its folders.
