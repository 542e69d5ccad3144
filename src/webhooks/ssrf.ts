import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where Gatehouse may send webhooks (docs/adr/0023), so that a subscription cannot make it call into its own
 * network (server-side request forgery). A URL is checked when a subscription is saved and again before every
 * attempt, against every address its host resolves to; the connection then goes to an address so checked, never
 * to a second lookup's answer (no DNS rebinding between check and connect).
 *
 * WEBHOOK_ALLOWED_HOSTS (comma-separated) holds host names (`hooks.example.org`, `*.example.org`), addresses and
 * CIDR ranges (`10.1.2.3`, `10.0.0.0/8`, `::1`). Empty: any host whose addresses are all public. Not empty: only
 * the hosts it names or whose addresses all fall in its ranges. A private, loopback, link-local (or otherwise
 * special) address is refused unless its range is listed or its host name is listed by name.
 */
export interface Allowlist {
  names: string[];
  ranges: BlockList;
  empty: boolean;
}

export function parseAllowlist(entries: readonly string[]): Allowlist {
  const ranges = new BlockList();
  const names: string[] = [];
  for (const raw of entries) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    const [address, bits] = item.replace(/^\[|\]$/g, '').split('/');
    const family = isIP(address);
    if (family !== 0) {
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) ranges.addAddress(address, type);
      else ranges.addSubnet(address, Number(bits), type);
    } else {
      names.push(item);
    }
  }
  return { names, ranges, empty: entries.every((e) => !e.trim()) };
}

const SPECIAL: [string, [string, number, 'ipv4' | 'ipv6'][]][] = [
  ['a loopback address', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['a private address', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'], ['fc00::', 7, 'ipv6']]],
  ['a link-local address', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  ['an unspecified or reserved address', [['0.0.0.0', 8, 'ipv4'], ['240.0.0.0', 4, 'ipv4'], ['192.0.0.0', 24, 'ipv4'], ['198.18.0.0', 15, 'ipv4'], ['::', 128, 'ipv6'], ['64:ff9b::', 96, 'ipv6'], ['2001:db8::', 32, 'ipv6']]],
  ['a multicast address', [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']]],
];
const specialLists = SPECIAL.map(([what, subnets]) => {
  const list = new BlockList();
  for (const [net, bits, type] of subnets) list.addSubnet(net, bits, type);
  return [what, list] as const;
});

/** `::ffff:10.0.0.1` is 10.0.0.1. */
function normalise(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], type: 'ipv4' };
  return { address, type: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

/** Why an address is not public, or null when it is. */
export function specialAddress(address: string): string | null {
  const a = normalise(address);
  for (const [what, list] of specialLists) if (list.check(a.address, a.type)) return what;
  return null;
}

const nameListed = (host: string, allow: Allowlist) =>
  allow.names.some((n) => (n.startsWith('*.') ? host.endsWith(n.slice(1)) && host.length > n.length - 1 : host === n));

export type Resolver = (host: string) => Promise<string[]>;
export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The system's resolver, giving up after `ms` (a subscription is saved in a request: it must not wait on DNS for long). */
export const resolverWithin = (ms: number): Resolver => (host) => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([systemResolver(host), late]).finally(() => clearTimeout(timer));
};

export type UrlCheck = { ok: true; url: URL; host: string; addresses: string[] } | { ok: false; reason: string };

/** Checks a webhook URL and resolves its host; every address must pass. */
export async function checkUrl(raw: string, allow: Allowlist, resolve: Resolver = systemResolver): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'it is not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `its scheme is ${url.protocol.replace(':', '')}; only http and https are sent to` };
  if (url.username || url.password) return { ok: false, reason: 'it holds a user name or password; the signature authenticates Gatehouse' };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const listedByName = nameListed(host, allow);
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await resolve(host);
    } catch (err) {
      return { ok: false, reason: `its host ${host} does not resolve (${(err as { code?: string }).code ?? (err as Error).message})` };
    }
    if (addresses.length === 0) return { ok: false, reason: `its host ${host} does not resolve` };
  }
  for (const address of addresses) {
    const a = normalise(address);
    if (listedByName || allow.ranges.check(a.address, a.type)) continue;
    if (!allow.empty) return { ok: false, reason: `its host ${host}${host === address ? '' : ` (${address})`} is not in WEBHOOK_ALLOWED_HOSTS` };
    const special = specialAddress(address);
    if (special) return { ok: false, reason: `its host ${host}${host === address ? '' : ` resolves to ${address}, which`} is ${special}; list it in WEBHOOK_ALLOWED_HOSTS to allow it` };
  }
  return { ok: true, url, host, addresses };
}
