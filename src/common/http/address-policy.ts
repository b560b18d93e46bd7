import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * Which IP addresses outbound requests may connect to: public unicast only. Everything ipaddr.js
 * classifies otherwise (loopback, private, link-local incl. 169.254.169.254, CGNAT incl. 100.100.100.200,
 * unique-local incl. fd00:ec2::254, multicast, broadcast, unspecified, reserved, documentation,
 * benchmarking, 6to4/Teredo/NAT64 tunnels that embed an IPv4 address) is refused. IPv4-mapped IPv6
 * addresses are judged as the IPv4 address they carry.
 */
export function addressRefusal(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return 'is not an IP address';
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  if (range === 'unicast' && !METADATA.has(parsed.toNormalizedString())) return null;
  return `${RANGE_LABEL[range] ?? range} address ${parsed.toString()}`;
}

export const isRefusedAddress = (address: string) => addressRefusal(address) !== null;

/** True for an IPv4/IPv6 literal (with or without brackets). */
export const isIpLiteral = (host: string) => isIP(host.replace(/^\[|\]$/g, '')) !== 0;

// Well-known cloud metadata endpoints; all fall in refused ranges already, listed so a future
// change of ipaddr.js's classification cannot open them.
const METADATA = new Set(
  ['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', 'fd00:ec2:0:0:0:0:0:254'].map((a) =>
    ipaddr.parse(a).toNormalizedString(),
  ),
);

const RANGE_LABEL: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local (private)',
  multicast: 'multicast',
  broadcast: 'broadcast',
  unspecified: 'unspecified',
  reserved: 'reserved',
  unicast: 'cloud metadata',
};

/** One `OUTBOUND_ALLOW_HOSTS` entry: `host` (any port) or `host:port`, IPv6 in brackets. */
export interface AllowedHost {
  host: string;
  port: number | null;
}

export function parseAllowHosts(entries: string[]): AllowedHost[] {
  return entries
    .map((raw) => {
      const entry = raw.trim().toLowerCase();
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
      if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : null };
      if ((entry.match(/:/g) ?? []).length > 1) return { host: entry, port: null }; // bare IPv6
      const [host, port] = entry.split(':');
      return { host, port: port ? Number(port) : null };
    })
    .filter((h) => h.host);
}

/** Hostname (lower case, no brackets) and effective port of a URL. */
export function hostAndPort(url: URL): { host: string; port: number } {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host, port };
}

export function isAllowListed(allow: AllowedHost[], host: string, port: number): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allow.some((a) => a.host === h && (a.port === null || a.port === port));
}
