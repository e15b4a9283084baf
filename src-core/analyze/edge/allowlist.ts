// The router's source-address allow-list: the `haproxy.router.openshift.io/ip_allowlist` and older
// `ip_whitelist` route annotations, exactly as openshift/router's HAProxy template reads them:
//   parseIPList(firstMatch ".+" (ip_allowlist) (ip_whitelist))          (haproxy-config.template)
// - firstMatch takes the first annotation whose WHOLE value matches `.+` (Go regexp: `.` is any character
//   but a newline), so ip_allowlist wins when non-empty; a value holding a newline never matches.
// - parseIPList (template_helper.go, since router commit f0926cb2f, 2024): leading/trailing whitespace →
//   the whole list is discarded; otherwise split on whitespace, keep tokens that are an IP (net.ParseIP)
//   or a CIDR (net.ParseCIDR), drop the others; no valid token → "".
// - An empty result emits no ACL at all: the route then accepts EVERY client. That is the trap: a list
//   written with commas, a /33, or a host name allows everyone.
// - With valid entries: `acl allowlist src ...; tcp-request content reject if !allowlist`.
import ipaddr from 'ipaddr.js';
import { isIPv4 } from '../endpoint';

export const ALLOWLIST_ANNOTATION = 'haproxy.router.openshift.io/ip_allowlist';
export const WHITELIST_ANNOTATION = 'haproxy.router.openshift.io/ip_whitelist';

export interface AllowList {
  /** The annotation the router reads. */
  annotation: string;
  /** Its value as written. */
  raw: string;
  /** Tokens the router keeps (IPs and CIDRs), in order. */
  entries: string[];
  /** Tokens the router drops (not an IP nor a CIDR). */
  invalid: string[];
  /** True when the router emits the ACL; false when the value is discarded and every client is allowed. */
  enforced: boolean;
  /** Why the value was discarded (when not enforced). */
  discarded?: string;
  /** The other annotation, when both are set, and whether it was ignored. */
  other?: { annotation: string; raw: string };
}

/** Go's net.ParseIP: dotted-quad IPv4 without leading zeros, or IPv6 (no zone). */
export function goParseIP(s: string): boolean {
  if (isIPv4(s)) return true;
  if (!s.includes(':') || s.includes('%')) return false;
  return ipaddr.IPv6.isValid(s);
}

/** Go's net.ParseCIDR: an IP, '/', a decimal prefix within the family's bits. */
export function goParseCIDR(s: string): boolean {
  const i = s.indexOf('/');
  if (i < 0) return false;
  const ip = s.slice(0, i);
  const bits = s.slice(i + 1);
  if (!/^\d{1,3}$/.test(bits) || !goParseIP(ip)) return false;
  return Number(bits) <= (isIPv4(ip) ? 32 : 128);
}

const GO_DOT_PLUS = /^[^\n]+$/;

/** What the router makes of a route's allow-list annotations; undefined when neither is set (non-empty). */
export function readAllowList(annotations: Readonly<Record<string, string>>): AllowList | undefined {
  const a = annotations[ALLOWLIST_ANNOTATION];
  const w = annotations[WHITELIST_ANNOTATION];
  if (a === undefined && w === undefined) return undefined;
  const pick = a !== undefined && GO_DOT_PLUS.test(a) ? ALLOWLIST_ANNOTATION : w !== undefined && GO_DOT_PLUS.test(w) ? WHITELIST_ANNOTATION : undefined;
  if (!pick) {
    const annotation = a !== undefined ? ALLOWLIST_ANNOTATION : WHITELIST_ANNOTATION;
    const raw = (a ?? w)!;
    return {
      annotation,
      raw,
      entries: [],
      invalid: raw.trim() ? raw.trim().split(/\s+/) : [],
      enforced: false,
      discarded: raw === '' ? 'the value is empty' : 'the value contains a line break (the router only takes a single-line value)',
    };
  }
  const raw = annotations[pick];
  const otherName = pick === ALLOWLIST_ANNOTATION ? WHITELIST_ANNOTATION : ALLOWLIST_ANNOTATION;
  const other = annotations[otherName] !== undefined ? { annotation: otherName, raw: annotations[otherName] } : undefined;
  if (raw.trim() !== raw) {
    return { annotation: pick, raw, entries: [], invalid: raw.trim().split(/\s+/).filter(Boolean), enforced: false, discarded: 'the value has leading or trailing whitespace, and the router then discards the whole list', other };
  }
  const entries: string[] = [];
  const invalid: string[] = [];
  for (const tok of raw.split(/\s+/).filter(Boolean)) (goParseIP(tok) || goParseCIDR(tok) ? entries : invalid).push(tok);
  if (entries.length === 0) return { annotation: pick, raw, entries, invalid, enforced: false, discarded: 'no entry is a valid IP address or CIDR', other };
  return { annotation: pick, raw, entries, invalid, enforced: true, other };
}

/** Does the entry (IP or CIDR, as the router kept it) contain the address? */
export function entryContains(entry: string, ip: string): boolean {
  try {
    const addr = ipaddr.parse(ip);
    if (entry.includes('/')) {
      const [net, bits] = ipaddr.parseCIDR(entry);
      const a = addr.kind() === net.kind() ? addr : addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : undefined;
      return !!a && a.kind() === net.kind() && a.match(net, bits);
    }
    const e = ipaddr.parse(entry);
    return e.kind() === addr.kind() && e.toNormalizedString() === addr.toNormalizedString();
  } catch {
    return false;
  }
}

/** The first kept entry that admits the client, or undefined. */
export function allowListMatch(list: AllowList, clientIP: string): string | undefined {
  return list.entries.find((e) => entryContains(e, clientIP));
}

/** A corrected value for a malformed list: the tokens split on commas/whitespace, valid ones kept. */
export function suggestAllowList(raw: string): string {
  const toks = raw.split(/[\s,;]+/).filter(Boolean);
  const ok = toks.filter((t) => goParseIP(t) || goParseCIDR(t));
  return ok.length ? ok.join(' ') : '203.0.113.0/24';
}
