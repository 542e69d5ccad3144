import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/demo.js';
import { signIn, startTestGatehouse, type TestGatehouse } from '../harness.js';

let gh: TestGatehouse;
let users: Record<string, number>;
beforeAll(async () => {
  gh = await startTestGatehouse();
  users = await loadDemo(gh.ctx);
});
afterAll(async () => gh?.stop());

const as = async (username: string) => {
  const cookie = await signIn(gh, username, DEMO_PASSWORD);
  return {
    get: (url: string) => gh.app.inject({ method: 'GET', url, headers: { cookie } }),
  };
};

describe('the demo data', () => {
  it('carol has a Cancer Genomics Cohort project with raw and summary folders holding small files', async () => {
    const carol = await as('carol');
    const projects = (await carol.get('/api/v1/entities?type=project')).json().items;
    const project = projects.find((p: { name: string }) => p.name === 'Cancer Genomics Cohort');
    expect(project).toMatchObject({ createdBy: users.carol, type: 'project' });
    const folders = (await carol.get(`/api/v1/entities/${project.id}/children`)).json().items;
    expect(folders.map((f: { name: string }) => f.name)).toEqual(['raw', 'summary']);
    const [raw, summary] = folders;
    const names = async (id: string) => (await carol.get(`/api/v1/entities/${id}/children`)).json().items.map((f: { name: string }) => f.name);
    expect(await names(raw.id)).toEqual(['CGC-0001_tumor.vcf', 'sample_manifest.csv']);
    expect(await names(summary.id)).toEqual(['README.txt', 'variant_frequencies.csv']);
    const file = (await carol.get(`/api/v1/entities/${summary.id}/children`)).json().items[1];
    expect(file.file).toMatchObject({ contentType: 'text/csv', fileName: 'variant_frequencies.csv' });
    expect((await carol.get(`/api/v1/entities/${file.id}/download`)).body).toMatch(/^gene,participants_with_variant/);
  });

  it('signed-in users see the project and may download from raw/ and summary/, as far as their access requirements allow', async () => {
    const alice = await as('alice');
    const bob = await as('bob');
    const projects = (await alice.get('/api/v1/entities?type=project')).json().items;
    expect(projects.map((p: { name: string }) => p.name)).toContain('Cancer Genomics Cohort');
    const { id: projectId } = projects.find((p: { name: string }) => p.name === 'Cancer Genomics Cohort');
    const [raw, summary] = (await alice.get(`/api/v1/entities/${projectId}/children`)).json().items;
    for (const folder of [raw, summary]) {
      const acl = (await alice.get(`/api/v1/entities/${folder.id}/acl`)).json();
      expect(acl.entries).toContainEqual({ principalId: 2, principalName: 'AUTHENTICATED', principalType: 'special', accessTypes: ['READ', 'DOWNLOAD'] });
    }
    expect((await alice.get(`/api/v1/entities/${raw.id}/children`)).json().total).toBe(2);
    expect((await alice.get(`/api/v1/entities/${raw.id}/permissions`)).json()).toMatchObject({ canView: true, canEdit: false });
    // Bob has not been approved for the controlled-access requirement on raw/.
    const vcf = (await bob.get(`/api/v1/entities/${raw.id}/children`)).json().items.find((e: { name: string }) => e.name.endsWith('.vcf'));
    const denied = await bob.get(`/api/v1/entities/${vcf.id}/download`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
    // Alice's data access request was approved in the demo: she downloads.
    const served = await alice.get(`/api/v1/entities/${vcf.id}/download`);
    expect(served.statusCode).toBe(200);
    expect(served.body).toContain('#CHROM');
  });
});
