import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { loadCallerUser, requireAdmin, requireUser } from './caller.js';
import { MeSchema } from './schemas.js';
import { acceptTerms, mustHaveTerms, publishTerms, type Terms } from './terms.js';

const TermsSchema = Type.Object({
  version: Type.String(),
  body: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  acceptedVersion: Type.Union([Type.String(), Type.Null()], { description: 'The version the caller accepted last; null when signed out or never' }),
});

export function termsRoutes(app: Http, ctx: AppContext): void {
  const view = (terms: Terms, acceptedVersion: string | null) => ({
    version: terms.version, body: terms.body, publishedAt: terms.publishedAt.toISOString(), acceptedVersion,
  });

  app.get('/api/v1/terms', {
    schema: {
      tags: ['identity'],
      summary: 'The platform terms of use in force, and the version the caller accepted',
      security: [],
      response: { 200: TermsSchema },
    },
  }, async (request) => {
    const terms = await mustHaveTerms(ctx.db);
    const userId = request.caller.user?.id;
    const accepted = userId
      ? (await ctx.db.one<{ terms_version: string | null }>('SELECT terms_version FROM users WHERE id = $1', [userId])).terms_version
      : null;
    return view(terms, accepted);
  });

  app.post('/api/v1/terms/accept', {
    schema: {
      tags: ['identity'],
      summary: 'Accept the terms of use in force (makes the caller registered)',
      body: Type.Object({ version: Type.String({ minLength: 1, maxLength: 50, description: 'The version read' }) }, { additionalProperties: false }),
      response: { 200: MeSchema },
    },
  }, async (request) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    await ctx.db.tx((sql) => acceptTerms(sql, ctx.clock, user.id, request.body.version.trim()));
    return (await loadCallerUser(ctx.db, user.id))!.user;
  });

  app.post('/api/v1/terms', {
    schema: {
      tags: ['identity'],
      summary: 'Publish new terms of use (admins); every user must accept them again',
      body: Type.Object({
        version: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
        body: Type.String({ minLength: 1, maxLength: 100_000, pattern: '\\S' }),
      }, { additionalProperties: false }),
      response: { 201: TermsSchema },
    },
  }, async (request, reply) => {
    const admin = requireAdmin(request);
    const terms = await ctx.db.tx((sql) => publishTerms(sql, ctx.clock, request.body, admin.id));
    reply.status(201);
    return view(terms, null);
  });
}
