/**
 * Generates the web app's API types (web/src/api-types.gen.ts) from the server's OpenAPI document, so that the
 * route schemas stay the one definition of the API's shapes (docs/adr/0019-web-data-layer.md).
 *
 *   npm run gen:api-types
 *
 * The document is built in-process, as GET /api/openapi.json answers it: a Gatehouse on an in-memory database,
 * never listening. test/web-api-types.test.ts regenerates it the same way and fails when the file has drifted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { pino } from 'pino';
import { loadConfig } from '../src/infra/config.js';
import { createGatehouse } from '../src/server.js';

export const API_TYPES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'src', 'api-types.gen.ts');

const HEADER = `/**
 * GENERATED from the server's OpenAPI document by scripts/gen-api-types.ts — do not edit by hand.
 * Regenerate with \`npm run gen:api-types\` after changing a route's schema; \`npm test\` fails when this file drifts.
 */
`;

/** The OpenAPI document the server serves at /api/openapi.json, built without listening. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-openapi-'));
  const config = loadConfig({}, { dataDir, databaseUrl: null, demo: false, publicUrl: 'http://localhost:8080' });
  const gh = await createGatehouse({ config, log: pino({ level: 'silent' }), inMemory: true, workers: false });
  try {
    await gh.app.ready();
    return gh.app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await gh.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text of web/src/api-types.gen.ts for the current route schemas. */
export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(await openApiDocument() as never, { alphabetize: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await generateApiTypes();
  writeFileSync(API_TYPES_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)} (${text.split('\n').length} lines)`);
}
