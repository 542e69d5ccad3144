import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { badRequest, conflict } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';
import { requireUser } from './caller.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { perUserGuessLimit } from './signinlimits.js';

export function passwordRoutes(app: Http, ctx: AppContext): void {
  app.post('/api/v1/me/password', {
    preHandler: perUserGuessLimit(ctx),
    schema: {
      tags: ['identity'],
      summary: 'Change my password; my other sessions end',
      body: Type.Object({
        currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
        newPassword: Type.String({ minLength: 1, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
  }, async (request, reply) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const { currentPassword, newPassword } = request.body;
    const row = await ctx.db.one<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    if (!row.password_hash) throw conflict('NO_PASSWORD', 'Your account signs in through single sign-on and has no password here.');
    if (!(await verifyPassword(currentPassword, row.password_hash))) throw badRequest('WRONG_PASSWORD', 'The current password is not right.');
    const problem = passwordProblem(newPassword, user.username);
    if (problem) throw badRequest('WEAK_PASSWORD', problem);
    if (newPassword === currentPassword) throw badRequest('SAME_PASSWORD', 'The new password must differ from the current one.');
    const hash = await hashPassword(newPassword, ctx.config.passwordHashLog2N);
    await ctx.db.tx(async (sql) => {
      await sql.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, hash]);
      // Whoever knew the old password is signed out everywhere except here.
      await sql.query('DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2', [user.id, request.caller.sessionId ?? null]);
      await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'user.password-changed', targetType: 'user', targetId: user.id });
      await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
        kind: 'account.password-changed', userId: user.id, link: '/profile',
        subject: 'Your password was changed',
        body: 'The password of your Gatehouse account was changed, and your other sessions were ended. If this was not you, contact the platform administrators at once.',
      });
    });
    reply.status(204).send(null);
  });
}
