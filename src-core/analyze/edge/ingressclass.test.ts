// Ingress class: an Ingress whose class names no IngressClass of the input (while the input has some) is
// not served; both the field and the legacy annotation → the API server refuses it (kubernetes
// pkg/apis/networking/validation/validation.go ValidateIngressCreate); the default class applies to
// Ingresses without one (IngressClass API: ingressclass.kubernetes.io/is-default-class).
import { describe, expect, it } from 'vitest';
import { lintCluster } from '../../lint';
import { clusterOf, trace } from './testutil';

const app = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
`;
const ingressClass = (name: string, controller: string, isDefault = false) => `---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ${name}${isDefault ? ', annotations: {ingressclass.kubernetes.io/is-default-class: "true"}' : ''}}
spec: {controller: ${controller}}
`;
const ingress = (cls: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop${cls.startsWith('annotation:') ? `, annotations: {kubernetes.io/ingress.class: ${cls.slice(11)}}` : ''}}
spec:
${cls && !cls.startsWith('annotation:') ? `  ingressClassName: ${cls}\n` : ''}  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
const to = { from: 'internet', to: 'http://shop.example.com/' };

describe('kubernetes profile', () => {
  it('a class the input has: served', () => {
    expect(trace(clusterOf(app + ingressClass('nginx', 'k8s.io/ingress-nginx') + ingress('nginx'), 'kubernetes'), to).reached).toBe('shop/web');
  });
  it('a class the input lacks, while it has IngressClasses: not served, naming the field and the classes', () => {
    const c = clusterOf(app + ingressClass('nginx', 'k8s.io/ingress-nginx') + ingress('traefik'), 'kubernetes');
    const t = trace(c, to);
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.kind === 'ingress')!;
    expect(h.verdict).toBe('denied');
    expect(h.summary).toContain('spec.ingressClassName "traefik" names no IngressClass (the input has "nginx")');
    expect(h.rule?.path).toBe('spec.ingressClassName');
    expect(h.fix?.summary).toContain('"nginx"');
    expect(lintCluster(c).filter((f) => f.code === 'ingress-class-missing').map((f) => f.severity)).toEqual(['error']);
  });
  it('the legacy annotation counts the same', () => {
    expect(trace(clusterOf(app + ingressClass('nginx', 'k8s.io/ingress-nginx') + ingress('annotation:traefik'), 'kubernetes'), to).allowed).toBe(false);
    expect(trace(clusterOf(app + ingressClass('nginx', 'k8s.io/ingress-nginx') + ingress('annotation:nginx'), 'kubernetes'), to).reached).toBe('shop/web');
  });
  it('no IngressClass in the input: the class is assumed to exist (a warning)', () => {
    const t = trace(clusterOf(app + ingress('traefik'), 'kubernetes'), to);
    expect(t.reached).toBe('shop/web');
  });
  it('field and annotation together: the API server refuses the Ingress', () => {
    const y = app + ingressClass('nginx', 'k8s.io/ingress-nginx') + ingress('nginx').replace('namespace: shop}', 'namespace: shop, annotations: {kubernetes.io/ingress.class: nginx}}');
    const h = trace(clusterOf(y, 'kubernetes'), to).hops.find((x) => x.kind === 'ingress')!;
    expect(h.verdict).toBe('denied');
    expect(h.summary).toContain('can not be set when the class field is also set');
  });
  it('no class: the single default IngressClass applies', () => {
    const t = trace(clusterOf(app + ingressClass('nginx', 'k8s.io/ingress-nginx', true) + ingress(''), 'kubernetes'), to);
    expect(t.reached).toBe('shop/web');
    expect(t.hops.find((x) => x.kind === 'ingress')!.steps.some((s) => s.text.includes('the default IngressClass "nginx" applies'))).toBe(true);
  });
});

describe('OpenShift profile (ingress-to-route)', () => {
  it('a missing class while the input has IngressClasses: no Route, said why', () => {
    const t = trace(clusterOf(app + ingressClass('openshift-default', 'openshift.io/ingress-to-route') + ingress('nginx')), to);
    expect(t.allowed).toBe(false);
    expect(t.hops.find((x) => x.kind === 'ingress')!.steps.some((s) => s.text.includes('names no IngressClass'))).toBe(true);
  });
  it('openshift-default is served even when the input lists other classes only', () => {
    expect(trace(clusterOf(app + ingressClass('nginx', 'k8s.io/ingress-nginx') + ingress('openshift-default')), to).reached).toBe('shop/web');
  });
});
