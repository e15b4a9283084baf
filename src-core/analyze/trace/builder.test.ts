// The one trace builder: every leg starts with the same source hop, the hop that blocked a request is the
// first that denies, and the summary uses the client's symptom words (issue 14) from typed data only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../../index';
import type { ProfileName } from '../../model/types';
import { ns, pod } from '../policy/testkit';
import type { Hop, Query } from '../types';
import { blockingHop } from './builder';
import { traceQuery } from './index';

const load = (yaml: string, profile: ProfileName = 'openshift') => loadCluster([{ name: 't.yaml', text: yaml }], { profile });
const np = (yaml: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${yaml}`;
const svc = (name: string, selector: Record<string, string>, port = 80, targetPort = 8080) =>
  `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: ${JSON.stringify(selector)}\n  ports: [{port: ${port}, targetPort: ${targetPort}}]\n`;
const route = (name: string, host: string, service: string) =>
  `---\napiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  host: ${host}\n  to: {kind: Service, name: ${service}}\n`;
const ingress = (host: string, service: string) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: ${host}\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: ${service}, port: {number: 80}}}}\n` +
  `---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n`;

const base =
  ns('shop') +
  pod('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }], '  hostname: web-0\n  subdomain: webs\n') +
  pod('shop', 'client', { app: 'client' }) +
  svc('web', { app: 'web' }) +
  svc('empty', { app: 'nobody' }) +
  `---\napiVersion: v1\nkind: Service\nmetadata: {name: webs, namespace: shop}\nspec: {clusterIP: None, selector: {app: web}, ports: [{port: 8080}]}\n`;
/** Only app=client may reach web (so the router and the internet may not). */
const onlyClient = np(`metadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: client}}}]\n`);
/** client may send nothing. */
const clientOut = np(`metadata: {name: client-out, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n`);

describe('one source hop for every leg', () => {
  it('pod → pod, pod → svc:, pod → dns: and pod → URL start with the same hop', () => {
    const c = load(base + route('web', 'web.apps.example.com', 'web'));
    const firsts = ['shop/web', 'svc:shop/web', 'dns:web.shop', 'http://web.apps.example.com/'].map((to) => traceQuery(c, { from: 'shop/client', to, port: to.includes('/web') && !to.startsWith('http') && !to.startsWith('svc') ? 8080 : 80 }).hops[0]);
    for (const h of firsts) {
      expect(h.kind).toBe('source');
      expect(h.title).toBe('From shop/client');
      expect(h.summary).toBe(firsts[0].summary);
      expect(h.object).toBe('Pod/shop/client');
    }
  });
  it('the router and an outside client are named the same way whatever the destination', () => {
    const c = load(base + route('web', 'web.apps.example.com', 'web'));
    expect(traceQuery(c, { from: 'router', to: 'shop/web', port: 8080 }).hops[0].title).toBe(traceQuery(c, { from: 'router', to: 'svc:shop/web', port: 80 }).hops[0].title);
    const viaUrl = traceQuery(c, { from: 'internet', to: 'http://web.apps.example.com/' }).hops[0];
    const viaPod = traceQuery(c, { from: 'internet', to: 'shop/web', port: 8080 }).hops[0];
    expect(viaUrl.title).toBe(viaPod.title);
    expect(viaUrl.summary).toBe(viaPod.summary);
  });
});

describe('the blocking hop', () => {
  it('is the first hop that denies (the packet meets the egress policy before the ingress one)', () => {
    const hops = [{ verdict: 'info' }, { verdict: 'denied', title: 'egress' }, { verdict: 'denied', title: 'ingress' }].map((h) => ({ kind: 'egress-policy', summary: '', steps: [], title: '', ...h }) as Hop);
    expect(blockingHop(hops)?.title).toBe('egress');
    // The same rule in the Service leg (which used to name the last denying hop) and the pod leg.
    const c = load(base + onlyClient.replace('app: client', 'app: other') + clientOut);
    const bySvc = traceQuery(c, { from: 'shop/client', to: 'svc:shop/web', port: 80 });
    const byPod = traceQuery(c, { from: 'shop/client', to: 'shop/web', port: 8080 });
    expect(bySvc.hops.filter((h) => h.verdict === 'denied').map((h) => h.kind)).toEqual(['egress-policy', 'ingress-policy']);
    expect(bySvc.summary).toContain(bySvc.hops.find((h) => h.kind === 'egress-policy')!.title);
    expect(byPod.summary).toContain(byPod.hops.find((h) => h.kind === 'egress-policy')!.title);
  });
  it('a finished source pod stops a request the edge would pass, and the summary says so', () => {
    const c = load(base + pod('shop', 'done', { app: 'client' }, [], 'status:\n  phase: Succeeded\n'));
    const t = traceQuery(c, { from: 'shop/done', to: 'svc:shop/web', port: 80 });
    expect(t.allowed).toBe(false);
    expect(t.verdict).toBe('denied');
    expect(t.summary).toContain('shop/done has finished');
  });
});

describe('symptom words in the summary (issue 14)', () => {
  it('a policy drop between pods: a timeout', () => {
    const t = traceQuery(load(base + onlyClient), { from: 'internet', to: 'shop/web', port: 8080 });
    expect(t.allowed).toBe(false);
    expect(t.summary).toContain('denied (packets are dropped: the client sees a timeout)');
  });
  it('a Service with no endpoints: connection refused (kube-proxy REJECT)', () => {
    const t = traceQuery(load(base), { from: 'shop/client', to: 'svc:shop/empty', port: 80 });
    expect(t.allowed).toBe(false);
    expect(t.summary).toContain('(connection refused)');
  });
  it('a Route whose Service has no endpoints: the router answers 503', () => {
    const t = traceQuery(load(base + route('empty', 'empty.apps.example.com', 'empty')), { from: 'internet', to: 'http://empty.apps.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.summary).toContain('(the router answers 503)');
  });
  it('a policy that drops the router\'s connection to the pod: the router answers 503, not a client timeout', () => {
    const t = traceQuery(load(base + route('web', 'web.apps.example.com', 'web') + onlyClient), { from: 'internet', to: 'http://web.apps.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.verdict === 'denied')!.kind).toBe('ingress-policy');
    expect(t.summary).toContain('(the router answers 503)');
    expect(t.summary).not.toContain('timeout');
  });
  it('the same drop behind ingress-nginx: 504 (its upstream connect times out)', () => {
    const t = traceQuery(load(base + ingress('web.example.com', 'web') + onlyClient, 'kubernetes'), { from: 'internet', to: 'http://web.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.summary).toContain('answers 504');
  });
  it('a pod whose own egress to the router is dropped sees the timeout itself', () => {
    const t = traceQuery(load(base + route('web', 'web.apps.example.com', 'web') + clientOut), { from: 'shop/client', to: 'http://web.apps.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.summary).toMatch(/\((packets are dropped: the client sees a timeout|the DNS query is dropped: the name does not resolve)\)/);
  });
  it('a port no container declares: the warning says the client sees connection refused if nothing listens', () => {
    const c = load(base + svc('odd', { app: 'web' }, 80, 9999));
    const t = traceQuery(c, { from: 'shop/client', to: 'svc:shop/odd', port: 80 });
    expect(t.allowed).toBe(true);
    expect(t.hops.find((h) => h.kind === 'port')!.code).toBe('port-not-declared');
    expect(t.summary).toBe('svc:shop/odd reaches shop/web (with warnings; if nothing listens on that port: connection refused).');
    // A declared port: no such words.
    expect(traceQuery(c, { from: 'shop/client', to: 'svc:shop/web', port: 80 }).summary).toBe('svc:shop/web reaches shop/web.');
  });
  it('a Gateway answers as the HTTPRoute spec says: 500 for a backend no ReferenceGrant permits', () => {
    const dir = join(__dirname, '../../../public/examples');
    const s = (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { id: string; file: string; profile: ProfileName; trace: Query }[]).find((x) => x.id === 'gateway-referencegrant-wrong-namespace')!;
    const t = traceQuery(loadCluster([{ name: s.file, text: readFileSync(join(dir, s.file), 'utf8') }], { profile: s.profile }), s.trace);
    expect(t.allowed).toBe(false);
    expect(t.summary).toContain('(the gateway answers 500)');
  });
  it('no words where the symptom is not known (a Service port that does not exist)', () => {
    const t = traceQuery(load(base), { from: 'shop/client', to: 'svc:shop/web', port: 81 });
    expect(t.allowed).toBe(false);
    expect(t.summary).toMatch(/^svc:shop\/web: denied — /);
  });
});

describe('named ports: by name AND protocol in every leg (kubernetes pod/util.go FindPort)', () => {
  it('a pod record (hostname.subdomain) does not take a UDP port for a TCP connection', () => {
    const c = load(base);
    const udpOnly = traceQuery(c, { from: 'shop/client', to: 'dns:web-0.webs.shop.svc.cluster.local', named_port: 'dns' });
    expect(udpOnly.allowed).toBe(false);
    expect(udpOnly.hops.find((h) => h.verdict === 'denied')!.kind).toBe('port');
    const udp = traceQuery(c, { from: 'shop/client', to: 'dns:web-0.webs.shop.svc.cluster.local', named_port: 'dns', protocol: 'UDP' });
    expect(udp.reached).toBe('shop/web');
    // The headless name and the pod leg agree.
    expect(traceQuery(c, { from: 'shop/client', to: 'dns:webs.shop', named_port: 'dns' }).allowed).toBe(false);
    expect(traceQuery(c, { from: 'shop/client', to: 'shop/web', named_port: 'dns' }).allowed).toBe(false);
  });
});
