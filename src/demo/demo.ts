import type { AppContext } from '../context.js';
import { ACT_TEAM, ADMIN_TEAM, GOVERNANCE_TEAM, SECURITY_TEAM } from '../infra/ids.js';
import { appendAudit } from '../auditlog/log.js';
import { createUser } from '../identity/users.js';
import { capabilityDemos } from './capabilities.js';

export const DEMO_PASSWORD = 'gatehouse-demo';

export const demoUsers = [
  { username: 'admin', displayName: 'Ada Admin', role: 'platform admin', teams: [ADMIN_TEAM], certified: true, validated: true },
  { username: 'act', displayName: 'Aron ACT', role: 'ACT member', teams: [ACT_TEAM], certified: true, validated: true },
  { username: 'sam', displayName: 'Sam Security', role: 'security engineer (egress incidents, audits)', teams: [SECURITY_TEAM], certified: true, validated: true },
  { username: 'grace', displayName: 'Grace Governance', role: 'Director of Governance (approves audit reports)', teams: [GOVERNANCE_TEAM], certified: true, validated: true },
  { username: 'carol', displayName: 'Carol Contributor', role: 'data contributor', teams: [], certified: true, validated: true },
  { username: 'alice', displayName: 'Alice Researcher', role: 'researcher, certified and validated', teams: [], certified: true, validated: true },
  { username: 'bob', displayName: 'Bob Researcher', role: 'researcher, not certified', teams: [], certified: false, validated: false },
] as const;

export const DEMO_TERMS_VERSION = '2026-01';
const DEMO_TERMS = `Gatehouse platform terms of use (version ${DEMO_TERMS_VERSION})

1. Use the data only for the purpose you were approved for.
2. Do not attempt to re-identify research participants.
3. Keep controlled data inside approved environments; do not redistribute it.
4. Report any data breach or suspected misuse to the security team at once.
5. Acknowledge the data contributors in publications.`;


/** True when the database has no users yet. */
export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.maybeOne('SELECT 1 FROM users LIMIT 1');
  return row === null;
}

/** Loads the demo data set: users of every role, the platform terms, and what capabilities add. */
export async function loadDemo(ctx: AppContext): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  await ctx.db.tx(async (sql) => {
    const now = ctx.clock.now();
    await sql.query(
      'INSERT INTO platform_terms (version, body, published_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [DEMO_TERMS_VERSION, DEMO_TERMS, now],
    );
    for (const u of demoUsers) {
      const id = await createUser(sql, ctx.clock, { username: u.username, email: `${u.username}@demo.gatehouse.test`, displayName: u.displayName, password: DEMO_PASSWORD }, { actorId: null, passwordHashLog2N: ctx.config.passwordHashLog2N });
      ids[u.username] = id;
      const tiers: [string, boolean][] = [['registered', true], ['certified', u.certified], ['validated', u.validated]];
      for (const [tier, granted] of tiers) {
        if (!granted) continue;
        await sql.query(
          `INSERT INTO user_tier_events (user_id, tier, change, how, details, at) VALUES ($1, $2, 'granted', 'demo', '{}', $3)`,
          [id, tier, now],
        );
      }
      await sql.query('UPDATE users SET terms_version = $2, is_certified = $3, is_validated = $4 WHERE id = $1',
        [id, DEMO_TERMS_VERSION, u.certified, u.validated]);
      for (const team of u.teams) {
        await sql.query('INSERT INTO team_members (team_id, user_id, is_manager, added_at) VALUES ($1, $2, true, $3)', [team, id, now]);
      }
    }
    await appendAudit(sql, ctx.clock, { actorId: null, action: 'demo.loaded', details: { users: Object.keys(ids) } });
  });
  for (const extend of capabilityDemos) await extend(ctx, ids);
  return ids;
}
