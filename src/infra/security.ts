import helmet from '@fastify/helmet';
import type { FastifyRequest } from 'fastify';
import type { Http } from './http.js';
import { Problem } from './problem.js';

export interface WebSecurityOptions {
  /** PUBLIC_URL: its origin is the only one whose pages may write with the session cookie. */
  publicUrl: string;
  /** The session cookie's name. A request carrying it, and no Authorization header, is cookie-authenticated. */
  sessionCookie: string;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The browser-facing defences of the HTTP layer (docs/adr/0015). Knows nothing of capabilities:
 *
 * - security headers on every answer (@fastify/helmet): a Content-Security-Policy that allows only Gatehouse's
 *   own scripts, styles and connections (the web app has no inline script), `frame-ancestors 'none'` so that no
 *   page can frame Gatehouse (clickjacking of the sharing dialog), nosniff, no referrer to other sites, and HSTS
 *   when PUBLIC_URL is https;
 * - cross-site request refusal: a write (POST/PUT/PATCH/DELETE) authenticated by the session cookie must come
 *   from Gatehouse's own pages (Sec-Fetch-Site, else Origin); otherwise 403 CSRF_REJECTED;
 * - body media types: a write's body must be of a type its route consumes (application/json unless the
 *   route's schema lists `consumes`, as the multipart uploads do), and a route that declares a body needs
 *   one; otherwise 415 UNSUPPORTED_MEDIA_TYPE. Fastify parses text/plain on every route, and a route without
 *   a body schema (most actions: reset-2fa, accept, revoke…) validates no body at all, so a cross-site
 *   `<form enctype="text/plain">`, which needs no CORS preflight, reached them.
 *
 * Register it right after the HTTP server is created and before authentication, so that a refused request
 * costs no database lookup.
 */
export async function registerWebSecurity(app: Http, opts: WebSecurityOptions): Promise<void> {
  const publicOrigin = new URL(opts.publicUrl).origin;
  const https = opts.publicUrl.startsWith('https://');

  await app.register(helmet, {
    // The API documentation page (/api/docs) sends its own, hash-based policy (swagger-ui's staticCSP).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'], // the favicon and the 2FA QR code are data: URLs
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only when users reach Gatehouse over https: HSTS on plain http would be ignored, and on localhost harmful.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  });

  app.addHook('onRequest', async (request) => {
    if (!WRITE_METHODS.has(request.method)) return;
    if (usesSessionCookie(request, opts.sessionCookie)) {
      const from = crossSiteSource(request, publicOrigin);
      if (from !== null) {
        throw new Problem(403, 'CSRF_REJECTED',
          `This request came from another site (${from}), so Gatehouse did not act on it: a page elsewhere must not use your session. ` +
          `If you meant to do this, do it on ${publicOrigin} itself; scripts should use a personal access token.`);
      }
    }
    checkMediaType(request);
  });
}

function usesSessionCookie(request: FastifyRequest, name: string): boolean {
  // As src/identity/authenticate.ts decides: an Authorization header wins and the cookie is then ignored.
  if (request.headers.authorization !== undefined) return false;
  return request.cookies?.[name] !== undefined;
}

/**
 * Where a write came from when that is not Gatehouse's own origin (for the message), or null when it is
 * same-origin. Sec-Fetch-Site is the browser's own verdict and wins; without it, Origin must be PUBLIC_URL's
 * origin ("null", sent from sandboxed frames and after cross-site redirects, is cross-site). With neither
 * header, the request is not from a browser that could be tricked (every browser since 2020 sends at least
 * one of them on a cross-site write), and it is let through: docs/adr/0015.
 */
function crossSiteSource(request: FastifyRequest, publicOrigin: string): string | null {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site: ${String(site)}`;
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  return origin === publicOrigin ? null : `Origin: ${origin}`;
}

function checkMediaType(request: FastifyRequest): void {
  if (request.is404) return; // the not-found answer says more
  const schema = request.routeOptions.schema as { body?: { required?: string[] }; consumes?: string[] } | undefined;
  const accepted = schema?.consumes ?? ['application/json'];
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody = type !== undefined || (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  const expects = accepted.join(' or ');
  if (!hasBody) {
    // A body whose fields are all optional may be left out (e.g. a membership request without a message).
    if (schema?.body !== undefined && schema.consumes === undefined && (schema.body.required?.length ?? 0) > 0) {
      throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', `This request needs a body: send it as ${expects}.`);
    }
    return;
  }
  const essence = (type ?? '').split(';')[0].trim().toLowerCase();
  if (!accepted.includes(essence)) {
    throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE',
      `Content type ${type ?? '(none)'} is not accepted here; send ${expects}.`);
  }
}
