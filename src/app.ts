import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type { AppContext } from './context.js';
import { createHttpServer, type Http } from './infra/http.js';
import { Problem } from './infra/problem.js';
import { projectRoot } from './infra/root.js';
import { registerWebSecurity } from './infra/security.js';
import { registerAuthentication, SESSION_COOKIE } from './identity/authenticate.js';
import { authRoutes } from './identity/auth.routes.js';
import { capabilityRoutes } from './routes.js';

const version = (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;

/** The whole HTTP surface: API, OpenAPI document, probes, metrics and the web app. */
export async function buildApp(ctx: AppContext): Promise<Http> {
  const app = await createHttpServer({
    log: ctx.log,
    bodyLimitBytes: ctx.config.bodyLimitBytes,
    publicUrl: ctx.config.publicUrl,
    version,
    trustedProxies: ctx.config.trustedProxies,
  });
  await registerWebSecurity(app, { publicUrl: ctx.config.publicUrl, sessionCookie: SESSION_COOKIE });
  registerAuthentication(app, ctx);

  app.get('/health', { schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: Type.Object({ status: Type.String() }) } } },
    async () => ({ status: 'ok' }));
  app.get('/ready', {
    schema: { tags: ['operations'], summary: 'Readiness: the database answers and is migrated', security: [],
      response: { 200: Type.Object({ status: Type.String(), database: Type.String() }) } },
  }, async () => {
    try {
      await ctx.db.query('SELECT 1 FROM schema_migrations LIMIT 1');
    } catch {
      throw new Problem(503, 'NOT_READY', 'The database is not reachable or not migrated yet.');
    }
    return { status: 'ready', database: ctx.db.kind };
  });

  authRoutes(app, ctx);
  for (const register of capabilityRoutes) register(app, ctx);

  const webDir = path.join(projectRoot(), 'dist', 'web');
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, serve: true });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    const isApi = url.startsWith('/api/') || url === '/api' || url.startsWith('/ga4gh/') || url.startsWith('/.well-known/');
    if (!isApi && (request.method === 'GET' || request.method === 'HEAD') && hasWeb) {
      // Client-side routes of the web app all load index.html.
      return reply.type('text/html').sendFile('index.html', { maxAge: 0 });
    }
    reply.status(404).type('application/problem+json').send(
      new Problem(404, 'NOT_FOUND', `There is no ${request.method} ${url}. See /api/docs for the API.`).toJSON(url),
    );
  });
  return app;
}
