import { formatEntityId } from '../infra/ids.js';

/**
 * DRS object ids (README, "GA4GH DRS"). A file's object is one version of it, so that the
 * bytes behind an id never change: `syn123.2` is version 2 of file syn123. A folder or project is a bundle and has
 * no version: `syn456`. A bare file id (`syn123`, or `123`) is accepted and resolves to the current version; the
 * object answered then carries the versioned id, which is the one to keep. The `syn` prefix is optional on input,
 * in any case, as everywhere in the API.
 */

export interface ObjectRef {
  entityId: number;
  /** Undefined: the current version (files), or no version at all (bundles). */
  version?: number;
}

const OBJECT_ID = /^(?:syn)?(\d{1,15})(?:\.(\d{1,9}))?$/i;

/** The entity and version an object id names; null when it is not a Gatehouse object id at all. */
export function parseObjectId(raw: string): ObjectRef | null {
  const match = OBJECT_ID.exec(raw.trim());
  if (!match) return null;
  const entityId = Number(match[1]);
  if (entityId < 1) return null;
  if (match[2] === undefined) return { entityId };
  const version = Number(match[2]);
  return version >= 1 ? { entityId, version } : null;
}

export const fileObjectId = (entityId: number, version: number) => `${formatEntityId(entityId)}.${version}`;
export const bundleObjectId = (entityId: number) => formatEntityId(entityId);

/** The hostname-based DRS URI of an object: drs://<host of PUBLIC_URL>/<id>. */
export const drsUri = (publicUrl: string, objectId: string) => `drs://${new URL(publicUrl).host}/${objectId}`;
