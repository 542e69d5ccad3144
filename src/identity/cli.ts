import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { createUser, findUserId } from './users.js';
import { disableUser, enableUser, resetTwoFactor, setRole, type Role } from './admin.js';

const help = `Usage: gatehouse users <subcommand>

  create --username U --email E --password P [--name "Display Name"] [--admin] [--act] [--security] [--governance]
  disable <user> --reason "why"
  enable <user> --reason "why"
  reset-2fa <user>
  grant-admin <user>   |  revoke-admin <user>
  grant-act <user>     |  revoke-act <user>
  grant-security <user>   |  revoke-security <user>     (Security Engineer)
  grant-governance <user> |  revoke-governance <user>   (Director of Governance)

<user> is a username or a user id. Changes are recorded in the audit log with no actor (the command line).`;

export async function runUsersCommand(ctx: AppContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' },
      reason: { type: 'string' }, admin: { type: 'boolean' }, act: { type: 'boolean' },
      security: { type: 'boolean' }, governance: { type: 'boolean' },
    },
  });
  const target = async () => {
    if (!positionals[0]) throw new Error('Name the user (username or id).');
    const id = await findUserId(ctx.db, positionals[0]);
    if (!id) throw new Error(`There is no user "${positionals[0]}".`);
    return id;
  };
  const { db, clock } = ctx;
  switch (sub) {
    case 'create': {
      if (!values.username || !values.email || !values.password) {
        console.error('create needs --username, --email and --password.');
        return 64;
      }
      const id = await db.tx(async (sql) => {
        const id = await createUser(sql, clock, { username: values.username!, email: values.email!, password: values.password, displayName: values.name },
          { actorId: null, passwordHashLog2N: ctx.config.passwordHashLog2N });
        if (values.admin) await setRole(sql, clock, id, 'admin', true, null);
        if (values.act) await setRole(sql, clock, id, 'act', true, null);
        if (values.security) await setRole(sql, clock, id, 'security', true, null);
        if (values.governance) await setRole(sql, clock, id, 'governance', true, null);
        return id;
      });
      console.log(`Created user ${values.username} (id ${id}).`);
      return 0;
    }
    case 'disable': {
      const id = await target();
      await db.tx((sql) => disableUser(sql, clock, id, null, values.reason ?? ''));
      console.log(`Disabled ${positionals[0]}.`);
      return 0;
    }
    case 'enable': {
      const id = await target();
      const { sessionsEnded, tokensRevoked } = await db.tx((sql) => enableUser(sql, clock, id, null, values.reason ?? ''));
      console.log(`Enabled ${positionals[0]}. ${sessionsEnded} earlier session(s) ended; ${tokensRevoked} access token(s) revoked when the account was disabled stay revoked: the user signs in again and creates new tokens.`);
      return 0;
    }
    case 'reset-2fa': {
      const id = await target();
      await db.tx((sql) => resetTwoFactor(sql, clock, id, null));
      console.log(`Two-factor authentication removed for ${positionals[0]}.`);
      return 0;
    }
    case 'grant-admin':
    case 'revoke-admin':
    case 'grant-act':
    case 'revoke-act':
    case 'grant-security':
    case 'revoke-security':
    case 'grant-governance':
    case 'revoke-governance': {
      const id = await target();
      const [verb, role] = sub.split('-') as ['grant' | 'revoke', Role];
      await db.tx((sql) => setRole(sql, clock, id, role, verb === 'grant', null));
      console.log(`${verb === 'grant' ? 'Granted' : 'Revoked'} ${role} for ${positionals[0]}.`);
      return 0;
    }
    default:
      console.log(help);
      return sub === undefined || sub === 'help' ? 0 : 64;
  }
}
