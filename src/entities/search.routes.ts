import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { parseEntityId } from '../infra/ids.js';
import { MAX_INT } from '../infra/boundary.js';
import { MAX_CANDIDATES, QUERY_MAX, SEARCH_LIMIT_MAX, search } from './search.js';

const SynId = Type.String({ description: 'Entity id, e.g. syn123' });
const EntityType = Type.Union([Type.Literal('project'), Type.Literal('folder'), Type.Literal('file')]);
const RestrictionLevel = Type.Union([Type.Literal('OPEN'), Type.Literal('RESTRICTED_BY_TERMS_OF_USE'), Type.Literal('CONTROLLED_BY_ACT')]);

const HitSchema = Type.Object({
  id: SynId,
  name: Type.String(),
  type: EntityType,
  description: Type.String(),
  snippet: Type.Union([Type.String(), Type.Null()], { description: 'The description around the first word that matched' }),
  projectId: SynId,
  path: Type.Array(Type.Object({
    id: SynId,
    name: Type.Union([Type.String(), Type.Null()], { description: 'Null when I may not READ this ancestor' }),
    type: EntityType,
  }), { description: 'The ancestors of the hit, the project first' }),
  restrictionLevel: RestrictionLevel,
  hasUnmetAccessRequirement: Type.Boolean(),
  canDownload: Type.Union([Type.Boolean(), Type.Null()], { description: 'Files: whether I can download it now; null for projects and folders' }),
  modifiedOn: Type.String({ format: 'date-time' }),
  file: Type.Optional(Type.Object({ size: Type.Integer(), md5: Type.String(), contentType: Type.String(), fileName: Type.String() })),
});

/** GET /api/v1/search: projects, folders and files I can READ (src/entities/search.ts). */
export function searchRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/search', {
    schema: {
      tags: ['entities'],
      summary: 'Search the projects, folders and files I can READ by name, description, file name, content type, MD5 or id; best matches first. '
        + `The total counts only what I can READ, among the ${MAX_CANDIDATES} best matches on the platform`,
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: QUERY_MAX, description: 'Words (each matched as the start of a word), an MD5, or an id' }),
        projectId: Type.Optional(Type.String({ pattern: '^(?:[sS][yY][nN])?\\d{1,15}$', description: 'Only inside this project' })),
        type: Type.Optional(EntityType),
        restriction: Type.Optional(RestrictionLevel),
        canDownload: Type.Optional(Type.Boolean({ description: 'true: files I can download now; false: files I cannot' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT_MAX, default: 20 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_INT, default: 0 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(HitSchema),
          total: Type.Integer({ description: 'How many entities I can READ match, on all pages' }),
          limit: Type.Integer(),
          offset: Type.Integer(),
          terms: Type.Array(Type.String(), { description: 'The words searched for, lower-case (for highlighting)' }),
        }),
      },
    },
  }, async (request) => {
    const { q, projectId, ...rest } = request.query;
    const user = request.caller.user;
    return search(ctx, user ? { id: user.id, acceptedTerms: user.acceptedTerms } : null, {
      q, ...rest, projectId: projectId === undefined ? undefined : parseEntityId(projectId),
    });
  });
}
