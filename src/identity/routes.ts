import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { certificationRoutes } from './certification.routes.js';
import { oidcRoutes } from './oidc.routes.js';
import { passwordRoutes } from './password.routes.js';
import { termsRoutes } from './terms.routes.js';
import { twoFactorRoutes } from './twofactor.routes.js';
import { userRoutes } from './users.routes.js';
import { verificationRoutes } from './verification.routes.js';

/** Identity's HTTP routes beyond sign-in (auth.routes.ts) and tokens: terms, tiers, quiz, verification, 2FA, password, users. */
export function identityRoutes(app: Http, ctx: AppContext): void {
  termsRoutes(app, ctx);
  certificationRoutes(app, ctx);
  verificationRoutes(app, ctx);
  twoFactorRoutes(app, ctx);
  passwordRoutes(app, ctx);
  userRoutes(app, ctx);
  oidcRoutes(app, ctx);
}
