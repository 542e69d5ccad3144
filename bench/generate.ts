/**
 * Writes the benchmark data set (bench/model.ts) into a dedicated PostgreSQL database:
 *
 *   npx tsx bench/generate.ts --size small|full [--seed N] [--regenerate]
 *
 * The database (gatehouse_bench_<size> on the server of BENCH_DATABASE_URL / DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test) is created and migrated with src/infra/migrate.ts, then loaded with
 * COPY FROM STDIN while `session_replication_role = replica` keeps the access-change triggers (and foreign-key
 * triggers) quiet, so access_changes stays empty and a DecisionIndex loads the snapshot. A marker row records
 * size, seed and generator version; a later run with the same values reuses the database.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDb } from '../src/infra/db.js';
import { migrate } from '../src/infra/migrate.js';
import {
  BENCH_TERMS_VERSION, GENERATOR_VERSION, SIZES, benchDatabaseName, benchDatabaseUrl, connect, log, parseArgs, serverUrl,
  type SizeName,
} from './common.js';
import {
  ENTITY_FILE, ENTITY_FOLDER, ENTITY_PROJECT, MAX_DEPTH, arId, buildModel, entityId, userId, type Model,
} from './model.js';

export interface GenerationInfo {
  size: SizeName;
  seed: number;
  version: number;
  generatedAt: string;
  /** The model's reference time (epoch ms). */
  now: number;
  /** Seconds the generation took, when it ran now; the recorded value when reused. */
  seconds: number;
  reused: boolean;
  stats: Record<string, unknown>;
}

const MARKER_TABLE = 'bench_marker';

/** Makes sure the bench database for this size and seed exists; returns what it holds. */
export async function ensureGenerated(size: SizeName, seed: number, regenerate = false): Promise<GenerationInfo> {
  const name = benchDatabaseName(size);
  const admin = await connect(serverUrl());
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (exists && !regenerate) {
      const marker = await readMarker(size);
      if (marker && marker.seed === seed && marker.version === GENERATOR_VERSION && marker.size === size) {
        await migrateReused(size);
        log(`reusing ${name} (seed ${seed}, generated ${marker.generatedAt})`);
        return { ...marker, reused: true };
      }
      log(`${name} exists but does not match (size ${size}, seed ${seed}, generator v${GENERATOR_VERSION}): regenerating`);
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return generate(size, seed);
}

/**
 * Migrations added since the database was generated are applied (they only add); the change log is emptied
 * again if they wrote to a logged table, so that the index still loads the snapshot.
 */
async function migrateReused(size: SizeName): Promise<void> {
  const db = await openDb({ databaseUrl: benchDatabaseUrl(size), dataDir: '/nonexistent' });
  try {
    const { applied } = await migrate(db);
    if (applied.length > 0) {
      log(`applied new migrations to ${benchDatabaseName(size)}: ${applied.join(', ')}`);
      await db.query('TRUNCATE access_changes');
    }
  } finally {
    await db.close();
  }
}

async function readMarker(size: SizeName): Promise<Omit<GenerationInfo, 'reused'> | null> {
  const client = await connect(benchDatabaseUrl(size));
  try {
    const table = await client.query(`SELECT to_regclass($1) AS t`, [MARKER_TABLE]);
    if (table.rows[0].t === null) return null;
    const { rows } = await client.query(`SELECT info FROM ${MARKER_TABLE} LIMIT 1`);
    return (rows[0]?.info as Omit<GenerationInfo, 'reused'>) ?? null;
  } finally {
    await client.end();
  }
}

async function generate(size: SizeName, seed: number): Promise<GenerationInfo> {
  const started = Date.now();
  const url = benchDatabaseUrl(size);
  const db = await openDb({ databaseUrl: url, dataDir: '/nonexistent' });
  const { applied } = await migrate(db);
  await db.close();
  log(`migrated ${benchDatabaseName(size)}: ${applied.join(', ')}`);

  const now = Date.now();
  const model = buildModel(SIZES[size], seed, now);
  log(`model built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(model.stats)}`);

  const client = await connect(url);
  try {
    // Neither the access-change triggers nor the foreign-key triggers fire for a replica session.
    await client.query('SET session_replication_role = replica');
    await load(client, model);
    await client.query('SET session_replication_role = origin');
    await client.query(`SELECT setval('principal_id_seq', $1)`, [model.groups.firstId + model.groups.count]);
    await client.query(`SELECT setval('entity_id_seq', $1)`, [entityId(model.entities.count)]);
    await client.query(`SELECT setval('access_requirement_id_seq', $1)`, [arId(model.accessRequirements.length)]);
    await client.query(`SELECT setval(pg_get_serial_sequence('approvals', 'id'), $1)`, [model.approvals.length + 1]);
    // The index loads the snapshot: nothing in the change log.
    await client.query('TRUNCATE access_changes');
    log('VACUUM ANALYZE');
    await client.query('VACUUM ANALYZE');
    const info: Omit<GenerationInfo, 'reused'> = {
      size,
      seed,
      version: GENERATOR_VERSION,
      generatedAt: new Date(now).toISOString(),
      now,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      stats: model.stats,
    };
    await client.query(`CREATE TABLE ${MARKER_TABLE} (info jsonb NOT NULL)`);
    await client.query(`INSERT INTO ${MARKER_TABLE} (info) VALUES ($1)`, [JSON.stringify(info)]);
    log(`generated ${benchDatabaseName(size)} in ${info.seconds} s`);
    return { ...info, reused: false };
  } finally {
    await client.end();
  }
}

// ---- COPY ----------------------------------------------------------------------------------------------------

const NULL = '\\N';
const iso = (ms: number) => new Date(ms).toISOString();
const pgArray = (items: readonly (string | number)[]) => `{${items.join(',')}}`;

/** Streams rows (already tab-separated, no escaping needed: the generator writes no tabs or backslashes). */
async function copy(client: pg.Client, table: string, columns: string[], rows: () => Iterable<string>): Promise<void> {
  const started = Date.now();
  let count = 0;
  function* chunks(): Generator<string> {
    let buffer: string[] = [];
    let length = 0;
    for (const row of rows()) {
      buffer.push(row);
      length += row.length + 1;
      count++;
      if (length > 1 << 20) {
        buffer.push('');
        yield buffer.join('\n');
        buffer = [];
        length = 0;
      }
    }
    if (buffer.length > 0) {
      buffer.push('');
      yield buffer.join('\n');
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  log(`  ${table}: ${count.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function load(client: pg.Client, m: Model): Promise<void> {
  const { users, entities, approvals } = m;
  const U = users.count;
  const T = m.teams.count;
  const t0 = iso(m.now - 400 * 86_400_000);
  const termsAt = iso(m.now - 200 * 86_400_000);

  await copy(client, 'principals', ['id', 'kind'], function* () {
    for (let i = 0; i < U; i++) yield `${userId(i)}\tuser`;
    for (let j = 0; j < T; j++) yield `${m.teams.firstId + j}\tteam`;
    for (let k = 0; k < m.groups.count; k++) yield `${m.groups.firstId + k}\tgroup`;
  });
  await copy(client, 'platform_terms', ['version', 'body', 'published_at'], function* () {
    yield `${BENCH_TERMS_VERSION}\tUse the data responsibly.\t${termsAt}`;
  });
  await copy(client, 'users', [
    'id', 'username', 'email', 'display_name', 'status', 'disabled_at', 'disabled_reason', 'terms_version', 'is_certified',
    'is_validated', 'totp_secret', 'totp_enabled_at', 'egress_suspended_until', 'created_at',
  ], function* () {
    const suspendedUntil = iso(m.now + 3650 * 86_400_000);
    for (let i = 0; i < U; i++) {
      const id = userId(i);
      const disabled = users.disabled[i] === 1;
      yield [
        id, `user${id}`, `user${id}@bench.example`, `Bench User ${id}`,
        disabled ? 'disabled' : 'active', disabled ? termsAt : NULL, disabled ? 'bench' : NULL,
        users.acceptedTerms[i] ? BENCH_TERMS_VERSION : NULL,
        users.certified[i] ? 't' : 'f', users.validated[i] ? 't' : 'f',
        users.twoFa[i] ? 'BENCHSECRET' : NULL, users.twoFa[i] ? termsAt : NULL,
        users.egressSuspended[i] ? suspendedUntil : NULL, t0,
      ].join('\t');
    }
  });
  await copy(client, 'teams', ['id', 'name', 'description', 'created_at'], function* () {
    for (let j = 0; j < T; j++) yield `${m.teams.firstId + j}\tBench team ${j}\t\t${t0}`;
  });
  await copy(client, 'team_members', ['team_id', 'user_id', 'is_manager', 'added_at'], function* () {
    const { team, user, manager } = m.memberships;
    for (let n = 0; n < m.memberships.length; n++) yield `${team[n]}\t${user[n]}\t${manager[n] ? 't' : 'f'}\t${t0}`;
  });

  await copy(client, 'managed_groups', ['id', 'name', 'description', 'created_at'], function* () {
    for (let k = 0; k < m.groups.count; k++) yield `${m.groups.firstId + k}\tbench-group-${k}\t\t${t0}`;
  });
  await copy(client, 'group_members', ['group_id', 'member_id', 'role', 'added_at'], function* () {
    for (const [group, member, role] of m.groupMembers) yield `${group}\t${member}\t${role}\t${t0}`;
  });

  const typeName = ['project', 'folder', 'file'];
  await copy(client, 'entities', [
    'id', 'parent_id', 'type', 'name', 'project_id', 'data_type', 'trashed_at', 'trashed_by', 'current_version', 'etag',
    'created_by', 'created_at', 'modified_by', 'modified_at',
  ], function* () {
    for (let i = 0; i < entities.count; i++) {
      const id = entityId(i);
      const type = entities.type[i];
      const parent = entities.parent[i];
      const name = type === ENTITY_PROJECT ? `Bench project ${id}` : type === ENTITY_FOLDER ? `folder-${id}` : `file-${id}.csv`;
      const by = entities.createdBy[i];
      const trashed = entities.trashed[i] === 1;
      yield [
        id, parent < 0 ? NULL : entityId(parent), typeName[type], name, entityId(entities.project[i]),
        entities.openData[i] ? 'OPEN_DATA' : 'SENSITIVE_DATA', trashed ? t0 : NULL, trashed ? by : NULL,
        type === ENTITY_FILE ? 1 : NULL, `e${id}`, by, t0, by, t0,
      ].join('\t');
    }
  });
  if (entities.depth.some((d) => d > MAX_DEPTH)) throw new Error('tree deeper than MAX_DEPTH');

  await copy(client, 'acls', ['entity_id', 'etag', 'modified_at'], function* () {
    for (const i of m.acls.keys()) yield `${entityId(i)}\ta${entityId(i)}\t${t0}`;
  });
  await copy(client, 'acl_entries', ['entity_id', 'principal_id', 'access_types'], function* () {
    for (const [i, entries] of m.acls) {
      for (const [principal, types] of entries) yield `${entityId(i)}\t${principal}\t${pgArray(types)}`;
    }
  });
  await copy(client, 'authorization_domain_groups', ['project_id', 'group_id', 'added_at'], function* () {
    for (const [i, groups] of m.authorizationDomains) for (const g of groups) yield `${entityId(i)}\t${g}\t${t0}`;
  });

  await copy(client, 'access_requirements', [
    'id', 'type', 'name', 'terms', 'settings', 'version', 'etag', 'created_at', 'modified_at', 'deleted_at',
  ], function* () {
    for (let k = 0; k < m.accessRequirements.length; k++) {
      const r = m.accessRequirements[k];
      yield [arId(k), r.type, `Bench ${r.type} ${arId(k)}`, `Terms of ${arId(k)}.`, JSON.stringify(r.settings), 1, `r${arId(k)}`,
        t0, t0, r.deleted ? termsAt : NULL].join('\t');
    }
  });
  await copy(client, 'access_requirement_versions', [
    'access_requirement_id', 'version', 'type', 'name', 'description', 'terms', 'settings', 'modified_at',
  ], function* () {
    for (let k = 0; k < m.accessRequirements.length; k++) {
      const r = m.accessRequirements[k];
      yield [arId(k), 1, r.type, `Bench ${r.type} ${arId(k)}`, '', `Terms of ${arId(k)}.`, JSON.stringify(r.settings), t0].join('\t');
    }
  });
  await copy(client, 'access_requirement_subjects', ['access_requirement_id', 'subject_type', 'subject_id', 'bound_at'], function* () {
    const seen = new Set<string>();
    for (const [k, i] of m.entityBindings) {
      const key = `${k}:${i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield `${arId(k)}\tentity\t${entityId(i)}\t${t0}`;
    }
    for (const [k, team] of m.teamBindings) yield `${arId(k)}\tteam\t${team}\t${t0}`;
  });
  await copy(client, 'access_requirement_acl', ['access_requirement_id', 'principal_id', 'access_types'], function* () {
    for (let k = 0; k < m.arAcls.length; k++) {
      for (const [principal, types] of m.arAcls[k]) yield `${arId(k)}\t${principal}\t${pgArray(types)}`;
    }
  });
  await copy(client, 'approvals', [
    'id', 'access_requirement_id', 'accessor_id', 'submitter_id', 'access_requirement_version', 'state', 'expires_on', 'source',
    'created_at', 'modified_at', 'revoked_reason',
  ], function* () {
    for (let n = 0; n < approvals.length; n++) {
      const k = approvals.ar[n];
      const type = m.accessRequirements[k].type;
      const created = iso(m.now - approvals.createdOffsetDays[n] * 86_400_000);
      const revoked = approvals.revoked[n] === 1;
      const expires = approvals.expiresOn[n];
      yield [
        n + 1, arId(k), approvals.accessor[n], approvals.submitter[n], 1, revoked ? 'REVOKED' : 'APPROVED',
        Number.isNaN(expires) ? NULL : iso(expires), type === 'ManagedACT' ? 'request' : 'self', created, created,
        revoked ? 'bench' : NULL,
      ].join('\t');
    }
  });
}

// ---- Command line ------------------------------------------------------------------------------------------

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2));
  ensureGenerated(args.size, args.seed, args.regenerate)
    .then((info) => {
      console.log(JSON.stringify(info, null, 2));
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
