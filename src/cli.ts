import { parseArgs } from 'node:util';
import { loadConfig } from './infra/config.js';
import { createLogger } from './infra/logger.js';
import { openDb } from './infra/db.js';
import { migrate } from './infra/migrate.js';
import { createGatehouse } from './server.js';
import { DEMO_PASSWORD, demoUsers, isEmpty, loadDemo } from './demo/demo.js';
import { verifyLog } from './auditlog/verify.js';
import { systemClock } from './infra/clock.js';
import { runUsersCommand } from './identity/cli.js';
import { runEgressCommand } from './egress/cli.js';
import { runAuditCommand } from './audit/cli.js';
import { runAuditExportCommand } from './audit/export.cli.js';
import { runPassportCommand } from './passport/cli.js';
import { Problem } from './infra/problem.js';

const usage = `Usage: gatehouse <command>

  serve [--no-demo]        Serve the API and web app (loads the demo data into an empty database)
  migrate                  Apply database migrations
  demo                     Load the demo data set into an empty database
  users <subcommand>       create | disable | enable | reset-2fa | grant-admin | grant-act | grant-security | grant-governance (see: gatehouse users help)
  egress send ...          Sign and post a test egress event to a running Gatehouse (see: gatehouse egress help)
  audit run [--from --to] [--engine duckdb --from-parquet DIR]
                           Run the security audit over a period (default: the two quarters before today)
  audit export --to DIR    Write the audit's records as Parquet files by day (incremental), for DuckDB and others
  passport keys|rotate-key List the GA4GH visa signing keys, or rotate the key that signs
  log verify               Seal new download records, verify the audit log's hash chain and the download records

Configuration comes from environment variables (PORT, DATA_DIR, DATABASE_URL, …; see README).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'no-demo': { type: 'boolean' } } });
      const log = createLogger(config.logLevel);
      const gh = await createGatehouse({ config, log });
      if (config.demo && !values['no-demo'] && (await isEmpty(gh.ctx))) {
        await loadDemo(gh.ctx);
        log.info('demo data loaded');
      }
      await gh.app.listen({ port: config.port, host: config.host });
      const users = (await isDemo(gh.ctx)) ? demoSignIns() : '';
      process.stderr.write(`\nGatehouse is running at ${config.publicUrl}  (database: ${gh.ctx.db.kind}${config.databaseUrl ? '' : ` in ${config.dataDir}`})\n${users}\n`);
      const shutdown = async () => {
        await gh.stop();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      return -1;
    }
    case 'migrate': {
      const db = await openDb(config);
      const { applied } = await migrate(db);
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
      await db.close();
      return 0;
    }
    case 'demo': {
      const gh = await createGatehouse({ config, log: createLogger('warn'), workers: false });
      try {
        if (!(await isEmpty(gh.ctx))) {
          console.error('The database has users already; the demo data is loaded only into an empty database.');
          return 1;
        }
        await loadDemo(gh.ctx);
        console.log(`Demo data loaded.\n${demoSignIns()}`);
        return 0;
      } finally {
        await gh.stop();
      }
    }
    case 'users': {
      const gh = await createGatehouse({ config, log: createLogger('warn'), workers: false });
      try {
        return await runUsersCommand(gh.ctx, rest);
      } finally {
        await gh.stop();
      }
    }
    case 'egress':
      return runEgressCommand(config, rest);
    case 'audit': {
      // The export reads the database directly and needs no Gatehouse around it.
      if (rest[0] === 'export') return runAuditExportCommand(config, rest.slice(1));
      const gh = await createGatehouse({ config, log: createLogger('warn'), workers: false });
      try {
        return await runAuditCommand(gh.ctx, rest);
      } finally {
        await gh.stop();
      }
    }
    case 'passport': {
      const gh = await createGatehouse({ config, log: createLogger('warn'), workers: false });
      try {
        return await runPassportCommand(gh.ctx, rest);
      } finally {
        await gh.stop();
      }
    }
    case 'log': {
      if (rest[0] !== 'verify') break;
      const db = await openDb(config);
      try {
        const result = await verifyLog(db, systemClock, {
          entries: (n) => process.stderr.write(`\rchecked ${n} entries`),
          downloads: (n) => process.stderr.write(`\rchecked ${n} download records`),
        });
        process.stderr.write('\n');
        if (result.firstBroken) {
          console.log(`The audit log is BROKEN at entry ${result.firstBroken.seq}: ${result.firstBroken.reason}. ${result.checked} entries before it verified.`);
          return 2;
        }
        console.log(`The audit log is intact: ${result.checked} entries verified.`);
        const downloads = result.downloads!;
        if (downloads.firstBroken) {
          const { recordId, sealSeq, reason } = downloads.firstBroken;
          const where = recordId !== null ? `record ${recordId}` : `the batch sealed in entry ${sealSeq}`;
          console.log(`The download records are BROKEN at ${where}: ${reason}. ${downloads.checked} records before it verified.`);
          return 2;
        }
        console.log(`The download records are intact: ${count(downloads.checked, 'record')} in ${count(downloads.batches, 'sealed batch', 'sealed batches')} verified.`);
        return 0;
      } finally {
        await db.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return 0;
  }
  console.error(usage);
  return 64;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function isDemo(ctx: { db: { maybeOne: (q: string) => Promise<unknown> } }): Promise<boolean> {
  return (await ctx.db.maybeOne("SELECT 1 FROM audit_log WHERE action = 'demo.loaded'")) !== null;
}

function demoSignIns(): string {
  const width = Math.max(...demoUsers.map((u) => u.username.length));
  return `Demo sign-ins (password for all: ${DEMO_PASSWORD}):\n` +
    demoUsers.map((u) => `  ${u.username.padEnd(width)}  ${u.role}`).join('\n') + '\n';
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    console.error(err instanceof Problem ? `${err.code}: ${err.detail}` : err);
    process.exit(1);
  },
);
