// The endpoint grammar of a query (FORMAT.md), the one place an endpoint string is read or written
// (issue 11): `NS/NAME` (a Pod, else a workload), `internet`, `ip:A.B.C.D`, `router`, `svc:NS/NAME`,
// `dns:NAME` and `http(s)://HOST/PATH`. The tracer, the CLI, the app's pickers and the graph highlighter
// all parse and print through here, so a new form is added in one file. Pure; never throws.
export type Endpoint =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'internet'; ip: string }
  | { kind: 'ip'; ip: string }
  | { kind: 'router' }
  | { kind: 'service'; namespace: string; name: string }
  | { kind: 'dns'; name: string }
  | { kind: 'url'; scheme: 'http' | 'https'; host: string; port?: number; path: string };

export type EndpointKind = Endpoint['kind'];

/** The address an `internet` client has (TEST-NET-3, RFC 5737 documentation range). */
export const INTERNET_IP = '203.0.113.10';

/** The forms, as the CLI's help and the error for a text that is none of them say it. */
export const ENDPOINT_FORMS = 'NAMESPACE/NAME, internet, ip:A.B.C.D, router, svc:NS/NAME, dns:NAME or http(s)://HOST/PATH';

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
  return { error: `"${s}" is not an endpoint. Use ${ENDPOINT_FORMS}.` };
}

/** The text of an endpoint; `parseEndpoint(printEndpoint(e))` gives `e` back (a URL's path percent-encoded). */
export function printEndpoint(e: Endpoint): string {
  switch (e.kind) {
    case 'pod':
      return `${e.namespace}/${e.name}`;
    case 'internet':
      return 'internet';
    case 'ip':
      return `ip:${e.ip}`;
    case 'router':
      return 'router';
    case 'service':
      return `svc:${e.namespace}/${e.name}`;
    case 'dns':
      return `dns:${e.name}`;
    case 'url': {
      const host = e.host.includes(':') ? `[${e.host}]` : e.host;
      return `${e.scheme}://${host}${e.port !== undefined ? `:${e.port}` : ''}${encodeURI(e.path)}`;
    }
  }
}

/** Endpoints that can send a request (a Service, a DNS name or a URL only receive one). */
export function canSend(e: Endpoint): boolean {
  return e.kind === 'pod' || e.kind === 'internet' || e.kind === 'ip' || e.kind === 'router';
}

/** False only for text that parses as a receive-only form (a Service, a DNS name, a URL): what the Trace
 *  panel's swap may move into From. */
export function textCanSend(text: string): boolean {
  const e = parseEndpoint(text);
  return 'error' in e || canSend(e);
}

/** The namespace an endpoint names (a pod/workload or a Service; a DNS name's second label), '' when none. */
export function endpointNamespace(text: string): string {
  const e = parseEndpoint(text);
  if ('error' in e) return '';
  if (e.kind === 'pod' || e.kind === 'service') return e.namespace;
  return e.kind === 'dns' ? (e.name.split('.')[1] ?? '') : '';
}

/** `web` with a default namespace `shop` → `shop/web` (the CLI's --namespace); every other form, and any
 *  text with a `/` or `:`, is left as written. */
export function withDefaultNamespace(text: string, ns: string | undefined): string {
  if (!ns || text.includes('/') || text.includes(':') || text === 'internet' || text === 'router') return text;
  return `${ns}/${text}`;
}
