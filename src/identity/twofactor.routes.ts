import QRCode from 'qrcode';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { perUserGuessLimit } from './signinlimits.js';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { requireUser } from './caller.js';
import { totpUri } from './totp.js';
import { completeEnrolment, disableTwoFactor, regenerateRecoveryCodes, startEnrolment } from './twofactor.js';

const CodeBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64, description: 'A current 6-digit code, or (to disable or renew codes) an unused recovery code' }),
}, { additionalProperties: false });

const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works once at sign-in instead of a code' }) });

export function twoFactorRoutes(app: Http, ctx: AppContext): void {
  // Account security stays reachable before the terms of use are accepted.
  const me = (request: FastifyRequest) => requireUser(request, { allowWithoutTerms: true });

  app.post('/api/v1/me/2fa/enroll', {
    schema: {
      tags: ['identity'],
      summary: 'Start two-factor enrolment: a secret and QR code for an authenticator app (not active until verified)',
      response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrDataUrl: Type.String({ description: 'PNG data: URL of the QR code of otpauthUri' }) }) },
    },
  }, async (request) => {
    const user = me(request);
    const secret = await ctx.db.tx((sql) => startEnrolment(sql, user.id));
    const otpauthUri = totpUri(secret, user.username);
    return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri) };
  });

  app.post('/api/v1/me/2fa/verify', {
    preHandler: perUserGuessLimit(ctx),
    schema: {
      tags: ['identity'],
      summary: 'Finish enrolment with a code from the app: two-factor authentication is on from now; returns 10 recovery codes',
      body: CodeBody,
      response: { 200: RecoveryCodes },
    },
  }, async (request) => {
    const user = me(request);
    const recoveryCodes = await ctx.db.tx((sql) => completeEnrolment(sql, ctx.clock, ctx.config.publicUrl, user.id, request.body.code));
    return { recoveryCodes };
  });

  app.post('/api/v1/me/2fa/disable', {
    preHandler: perUserGuessLimit(ctx),
    schema: {
      tags: ['identity'],
      summary: 'Turn two-factor authentication off, with a current code or a recovery code',
      body: CodeBody,
      response: { 204: Type.Null() },
    },
  }, async (request, reply) => {
    const user = me(request);
    await ctx.db.tx((sql) => disableTwoFactor(sql, ctx.clock, ctx.config.publicUrl, user.id, request.body.code));
    reply.status(204).send(null);
  });

  app.post('/api/v1/me/2fa/recovery-codes', {
    preHandler: perUserGuessLimit(ctx),
    schema: {
      tags: ['identity'],
      summary: 'Replace my recovery codes (the old ones stop working), with a current code or a recovery code',
      body: CodeBody,
      response: { 200: RecoveryCodes },
    },
  }, async (request) => {
    const user = me(request);
    const recoveryCodes = await ctx.db.tx((sql) => regenerateRecoveryCodes(sql, ctx.clock, user.id, request.body.code));
    return { recoveryCodes };
  });
}
