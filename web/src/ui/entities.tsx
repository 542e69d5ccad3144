import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api.js';
import { useApi } from '../hooks.js';
import { apiKey, queryClient } from '../queries.js';
import { useSession } from '../session.js';
import type { AccessRequirement, ArType, EntityType, RestrictionInformation, RestrictionLevel, UserSummary } from '../types.js';
import { Badge, type Tone } from './bits.js';
import { Icon } from './icons.js';

/** Where the web app shows an entity. */
export const entityUrl = (id: string) => `/entities/${id}`;

export function EntityIcon({ type, size = 18 }: { type: EntityType; size?: number }) {
  return <span className={`entity-icon entity-icon-${type}`} title={type}><Icon name={type} size={size} /></span>;
}

export function EntityLink({ id, name, type }: { id: string; name: string; type?: EntityType }) {
  return (
    <Link to={entityUrl(id)} className="entity-link">
      {type && <EntityIcon type={type} size={16} />}
      <span>{name}</span>
    </Link>
  );
}

const levels: Record<RestrictionLevel, { label: string; tone: Tone; explain: string }> = {
  OPEN: { label: 'Open', tone: 'success', explain: 'No access requirements: the sharing settings alone decide who may download.' },
  RESTRICTED_BY_TERMS_OF_USE: { label: 'Terms of use', tone: 'info', explain: 'Users must accept terms of use before downloading.' },
  CONTROLLED_BY_ACT: { label: 'Controlled', tone: 'warning', explain: 'Downloading needs an approval by the Access and Compliance Team.' },
};

export const restrictionLabel = (level: RestrictionLevel) => levels[level].label;
export const restrictionExplanation = (level: RestrictionLevel) => levels[level].explain;

/**
 * The restriction level of an entity as a badge (OPEN, RESTRICTED_BY_TERMS_OF_USE, CONTROLLED_BY_ACT), with a
 * lock when the caller still has conditions to meet and a check when they met them all.
 */
export function RestrictionBadge({ info, plain }: {
  info: Pick<RestrictionInformation, 'restrictionLevel' | 'hasUnmetAccessRequirement'> & { restrictionDetails?: RestrictionInformation['restrictionDetails'] };
  /** The level alone, without the caller's state (ACT pages). */
  plain?: boolean;
}) {
  const level = levels[info.restrictionLevel];
  const restricted = info.restrictionLevel !== 'OPEN' && !plain;
  const unmet = restricted && info.hasUnmetAccessRequirement;
  const title = `${info.restrictionLevel}: ${level.explain}${restricted ? unmet ? ' You have conditions to meet.' : ' You meet every condition.' : ''}`;
  return (
    <span className="restriction" data-testid="restriction-badge" data-level={info.restrictionLevel}>
      <Badge tone={level.tone} title={title}>
        {restricted && <span className="badge-icon" aria-hidden="true"><Icon name={unmet ? 'lock' : 'check'} size={12} /></span>}
        {level.label}
      </Badge>
      {restricted && <span className="sr-only">{unmet ? ' (conditions not met)' : ' (conditions met)'}</span>}
    </span>
  );
}

export const arTypeLabel: Record<ArType, string> = {
  TermsOfUse: 'Terms of use',
  SelfSign: 'Self-signed',
  ManagedACT: 'Managed by ACT',
  Lock: 'Lock',
};

export function ArTypeBadge({ type }: { type: ArType }) {
  const tone: Record<ArType, Tone> = { TermsOfUse: 'info', SelfSign: 'info', ManagedACT: 'warning', Lock: 'danger' };
  return <Badge tone={tone[type]}>{arTypeLabel[type]}</Badge>;
}

const RESTRICTION_BATCH = 50;

/**
 * Restriction information for many entities, asked in batches of 50 (POST /entities/restriction-information).
 * Entities the caller cannot see make a whole batch fail; the batch is then asked one by one, so one
 * unreadable entity does not hide the badges of the others.
 */
export function useRestrictions(ids: string[]): Map<string, RestrictionInformation> {
  // A read that is a POST: cached and invalidated like every GET (web/src/queries.ts), so that the padlocks of a
  // listing follow an acceptance made anywhere else on the page.
  const answer = useQuery({
    queryKey: ['/entities/restriction-information', ids],
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const found = new Map<string, RestrictionInformation>();
      for (let i = 0; i < ids.length; i += RESTRICTION_BATCH) {
        const batch = ids.slice(i, i + RESTRICTION_BATCH);
        try {
          const answer = await api.post<{ items: RestrictionInformation[] }>('/entities/restriction-information', { entityIds: batch });
          for (const item of answer.items) found.set(item.entityId, item);
        } catch {
          const one = await Promise.allSettled(batch.map((id) => api.get<RestrictionInformation>(`/entities/${id}/restriction-information`)));
          for (const r of one) if (r.status === 'fulfilled') found.set(r.value.entityId, r.value);
        }
      }
      return found;
    },
  });
  return (ids.length > 0 && answer.data) || NO_RESTRICTIONS;
}

const NO_RESTRICTIONS = new Map<string, RestrictionInformation>();

// ---- Names of users and access requirements, asked once per page load ----

const userCache = new Map<number, Promise<UserSummary | null>>();

function cached<T>(cache: Map<number, Promise<T | null>>, id: number, load: () => Promise<T>): Promise<T | null> {
  let p = cache.get(id);
  if (!p) {
    p = load().catch(() => {
      cache.delete(id);
      return null;
    });
    cache.set(id, p);
  }
  return p;
}

/** Forget a cached access requirement (after it was changed): every view of it loads it again. */
export const forgetAccessRequirement = (id: number) => void queryClient.invalidateQueries({ queryKey: apiKey(`/access-requirements/${id}`) });

/** An access requirement by id, from the same cache as the pages' GET /access-requirements/{id}; null when unreadable. */
export function useAccessRequirement(id: number | null): AccessRequirement | null | undefined {
  const ar = useApi<AccessRequirement>(id === null ? null : `/access-requirements/${id}`);
  return ar.error ? null : ar.data;
}

/** A user's display name (GET /users/{id}, cached); "user 123" while loading, signed out or unknown. */
export function UserName({ id, link }: { id: number | null | undefined; link?: boolean }) {
  const { me } = useSession();
  const [user, setUser] = useState<UserSummary | null>();
  useEffect(() => {
    if (!me || id === null || id === undefined) return;
    let live = true;
    void cached(userCache, id, () => api.get<UserSummary>(`/users/${id}`)).then((u) => live && setUser(u));
    return () => {
      live = false;
    };
  }, [id, me]);
  if (id === null || id === undefined) return <span className="muted">—</span>;
  if (me && id === me.id) return <span>you</span>;
  if (!me) return <span className="muted">someone</span>;
  const text = user ? user.displayName || user.username : `user ${id}`;
  if (link && me?.isAdmin) return <Link to={`/admin/users/${id}`}>{text}</Link>;
  return <span title={user ? `@${user.username}` : undefined}>{text}</span>;
}

/** An ACL entry's principal, as people read it. */
export function principalLabel(p: { principalId: number; principalName: string; principalType: string }): string {
  if (p.principalType === 'special') {
    if (p.principalId === 1) return 'Everyone, signed in or not (public)';
    if (p.principalId === 2) return 'All signed-in users';
    if (p.principalId === 3) return 'Anonymous visitors';
  }
  return p.principalName;
}
