import type { AppContext } from '../context.js';
import { loadEntitiesDemo } from '../entities/demo.js';
import { loadAccessRequirementsDemo } from '../accessrequirements/demo.js';
import { loadGroupsDemo } from '../groups/demo.js';
import { loadRequestsDemo } from '../requests/demo.js';
import { loadEgressDemo } from '../egress/demo.js';
import { loadAuditDemo } from '../audit/demo.js';

export type DemoLoader = (ctx: AppContext, users: Record<string, number>) => Promise<void>;

/**
 * Each capability's demo data, loaded in this order after the demo users (src/demo/demo.ts): later ones use
 * what earlier ones made (requests need requirements, requirements need entities, egress needs the groups demo's workspace; the audit reads what all of them recorded). A capability adds one line.
 */
export const capabilityDemos: readonly DemoLoader[] = [
  loadEntitiesDemo,
  loadAccessRequirementsDemo,
  loadGroupsDemo,
  loadRequestsDemo,
  loadEgressDemo,
  loadAuditDemo,
];
