// The one endpoint module: the grammar round-trips, the endpoints a model offers, suggestions for a
// From/To that is not an endpoint (issue 14: "cart" → default/cartservice or svc:default/cartservice), and
// the CLI's usage error (exit 2) with those suggestions instead of a DENIED.
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { main } from '../cli/main';
import type { CliIO } from '../cli/io';
import { endpointHint, endpointListed, endpointsOf, hintSentence, parseEndpoint, printEndpoint, suggestEndpoints, withDefaultNamespace, type Endpoint } from './index';

// A cut of GoogleCloudPlatform/microservices-demo (release/kubernetes-manifests.yaml): the names as there.
const deployment = (name: string, port: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: server, image: x, ports: [{containerPort: ${port}}]}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: default}
spec:
  selector: {app: ${name}}
  ports: [{name: grpc, port: ${port}, targetPort: ${port}}]
`;
const DEMO = [deployment('cartservice', 7070), deployment('frontend', 8080), deployment('redis-cart', 6379), deployment('checkoutservice', 5050)].join('---\n');

function demo() {
  return loadCluster([{ name: 'demo.yaml', text: DEMO }]);
}

describe('the grammar', () => {
  it('prints what it parses, for every form', () => {
    const forms = ['shop/web', 'internet', 'ip:10.0.0.7', 'ip:fd00::1', 'router', 'svc:shop/web', 'dns:web.shop.svc.cluster.local', 'https://shop.example.com/cart', 'http://shop.example.com:8080/a%20b'];
    for (const f of forms) {
      const e = parseEndpoint(f) as Endpoint;
      expect('error' in e, f).toBe(false);
      expect(printEndpoint(e), f).toBe(f);
      expect(parseEndpoint(printEndpoint(e))).toEqual(e);
    }
  });

  it('says what is wrong with a text that is no endpoint', () => {
    expect(parseEndpoint('cart')).toEqual({ error: expect.stringContaining('"cart" is not an endpoint') });
    expect(parseEndpoint('svc:cart')).toEqual({ error: expect.stringContaining('expected svc:NAMESPACE/NAME') });
    expect(parseEndpoint('ip:10.0.0')).toEqual({ error: expect.stringContaining('is not an IP address') });
  });

  it('qualifies a bare name with the default namespace, and nothing else', () => {
    expect(withDefaultNamespace('web', 'shop')).toBe('shop/web');
    for (const e of ['internet', 'router', 'svc:a/b', 'a/b', 'ip:1.2.3.4', 'https://x/']) expect(withDefaultNamespace(e, 'shop')).toBe(e);
    expect(withDefaultNamespace('web', undefined)).toBe('web');
  });
});

describe('suggestions', () => {
  it('"cart" → default/cartservice or svc:default/cartservice, before redis-cart', () => {
    const list = endpointsOf(demo());
    const to = suggestEndpoints('cart', 'to', list);
    expect(to.slice(0, 2)).toEqual(['default/cartservice', 'svc:default/cartservice']);
    const h = endpointHint('cart', 'to', list);
    expect(h?.suggestions[0]).toBe('default/cartservice');
    expect(hintSentence(h!)).toMatch(/^"cart" is not an endpoint\. .*Did you mean default\/cartservice, svc:default\/cartservice or /);
    // As a sender a Service is no answer: only pods (and the outside) are suggested.
    expect(suggestEndpoints('cart', 'from', list)[0]).toBe('default/cartservice');
    expect(suggestEndpoints('cart', 'from', list).some((s) => s.startsWith('svc:'))).toBe(false);
  });

  it('typos, a missing namespace, a wrong prefix, and a Service as a sender', () => {
    const list = endpointsOf(demo());
    expect(suggestEndpoints('frontnd', 'to', list)[0]).toBe('default/frontend');
    expect(suggestEndpoints('internt', 'from', list)[0]).toBe('internet');
    expect(endpointHint('svc:cartservice', 'to', list)?.suggestions[0]).toBe('svc:default/cartservice');
    const h = endpointHint('svc:default/cartservice', 'from', list);
    expect(h?.problem).toMatch(/A Service cannot send traffic/);
    expect(h?.suggestions[0]).toBe('default/cartservice');
    expect(endpointHint('default/cartservice', 'to', list)).toBeUndefined();
    expect(endpointHint('internet', 'from', list)).toBeUndefined();
    expect(suggestEndpoints('zzzzzz', 'to', list)).toEqual([]);
  });

  it('lists the model’s endpoints, and knows which texts it still lists', () => {
    const list = endpointsOf(demo());
    expect(list.sources).toEqual(expect.arrayContaining(['internet', 'router', 'default/cartservice', 'ip:203.0.113.10']));
    expect(list.destinations).toEqual(expect.arrayContaining(['svc:default/cartservice', 'dns:cartservice.default.svc.cluster.local', 'default/frontend']));
    expect(endpointListed('svc:default/cartservice', 'to', list)).toBe(true);
    expect(endpointListed('svc:default/gone', 'to', list)).toBe(false);
    expect(endpointListed('dns:cartservice.default', 'to', list)).toBe(true);
    expect(endpointListed('https://nowhere.example/', 'to', list)).toBe(false);
    expect(endpointListed('ip:10.1.2.3', 'from', list)).toBe(true);
  });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: async (p) => {
      if (p === 'demo.yaml') return DEMO;
      throw new Error(`ENOENT: ${p}`);
    },
    readStdin: async () => '',
    color: false,
  };
  return { code: await main(args, io), stdout, stderr };
}

describe('podpath trace with a From/To that is not an endpoint', () => {
  it('is a usage error with suggestions (exit 2), not a DENIED', async () => {
    const r = await run(['trace', 'demo.yaml', '--from', 'default/frontend', '--to', 'cart']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--to: "cart" is not an endpoint\. .*Did you mean default\/cartservice, svc:default\/cartservice/);
    const svcFrom = await run(['trace', 'demo.yaml', '--from', 'svc:default/frontend', '--to', 'default/cartservice']);
    expect(svcFrom.code).toBe(2);
    expect(svcFrom.stderr).toMatch(/--from: A Service cannot send traffic.*Did you mean default\/frontend/);
  });

  it('an NS/NAME that names nothing keeps the tracer’s message and adds the suggestions', async () => {
    const r = await run(['trace', 'demo.yaml', '--from', 'default/frontend', '--to', 'default/cart', '--port', '7070']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No Pod or workload named "cart"');
    expect(r.stderr).toMatch(/Did you mean default\/cartservice/);
    const ok = await run(['trace', 'demo.yaml', '--from', 'default/frontend', '--to', 'svc:default/cartservice', '--port', '7070']);
    expect(ok.code).toBe(0);
  });
});
