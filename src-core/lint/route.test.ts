// Route rules (route.ts): route-ingress-collision.
import { describe, expect, it } from 'vitest';
import { of, pods } from './testkit';

describe('route-ingress-collision', () => {
  const svc = `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
`;
  const route = (ts: string, path = '/') => `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop, creationTimestamp: "${ts}"}
spec: {host: shop.example.com, path: ${path}, to: {kind: Service, name: web}}
`;
  const ingress = (ts: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop, creationTimestamp: "${ts}"}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
  it('says which one the router serves (the older claim)', () => {
    const routeOlder = of(pods + svc + route('2023-01-01T00:00:00Z') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision');
    expect(routeOlder).toHaveLength(1);
    expect(routeOlder[0].object).toBe('Ingress/shop/web');
    expect(routeOlder[0].message).toContain('Route shop/web is served');
    const ingressOlder = of(pods + svc + route('2025-01-01T00:00:00Z') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision');
    expect(ingressOlder[0].message).toContain('the Ingress is served');
  });
  it('different paths do not collide; the kubernetes profile has no Routes to collide with', () => {
    expect(of(pods + svc + route('2023-01-01T00:00:00Z', '/api') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision')).toHaveLength(0);
    expect(of(pods + svc + route('2023-01-01T00:00:00Z') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision', 'kubernetes')).toHaveLength(0);
  });
});
