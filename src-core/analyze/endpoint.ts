// The endpoint forms of a query (FORMAT.md): who sends, who receives.
export type Endpoint =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'internet'; ip: string }
  | { kind: 'ip'; ip: string }
  | { kind: 'router' }
  | { kind: 'service'; namespace: string; name: string }
  | { kind: 'dns'; name: string }
  | { kind: 'url'; scheme: 'http' | 'https'; host: string; port?: number; path: string };

/** The address an `internet` client has (TEST-NET-3, documentation range). */
export const INTERNET_IP = '203.0.113.10';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** Reads an endpoint; returns a message instead when the text is not one of the forms. */
export function parseEndpoint(text: string): Endpoint | { error: string } {
  const s = text.trim();
  if (s === 'internet') return { kind: 'internet', ip: INTERNET_IP };
  if (s === 'router') return { kind: 'router' };
  if (s.startsWith('ip:')) {
    const ip = s.slice(3);
    return isIPv4(ip) || ip.includes(':') ? { kind: 'ip', ip } : { error: `"${s}" is not an IP address (expected ip:A.B.C.D).` };
  }
  if (s.startsWith('svc:')) {
    const [ns, name, ...rest] = s.slice(4).split('/');
    return ns && name && rest.length === 0 ? { kind: 'service', namespace: ns, name } : { error: `"${s}" is not a service (expected svc:NAMESPACE/NAME).` };
  }
  if (s.startsWith('dns:')) {
    const name = s.slice(4).replace(/\.$/, '');
    return name ? { kind: 'dns', name: name.toLowerCase() } : { error: 'dns: needs a name, e.g. dns:backend.my-project' };
  }
  if (/^https?:\/\//i.test(s)) {
    try {
      const u = new URL(s);
      return {
        kind: 'url',
        scheme: u.protocol === 'https:' ? 'https' : 'http',
        host: u.hostname.toLowerCase(),
        port: u.port ? Number(u.port) : undefined,
        path: decodeURIComponent(u.pathname || '/'),
      };
    } catch {
      return { error: `"${s}" is not a valid URL.` };
    }
  }
  const parts = s.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) return { kind: 'pod', namespace: parts[0], name: parts[1] };
  return { error: `"${s}" is not an endpoint. Use NAMESPACE/NAME, internet, ip:A.B.C.D, router, svc:NS/NAME, dns:NAME or http(s)://HOST/PATH.` };
}
