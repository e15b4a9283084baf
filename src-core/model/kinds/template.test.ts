// OpenShift Template processing, checked against openshift/library-go
// pkg/template/templateprocessing/template.go and its template_test.go behaviour.
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../../index';
import { endpointsOf } from '../../analyze/edge/service';
import { substitute } from './template';

const TEMPLATE = `apiVersion: template.openshift.io/v1
kind: Template
metadata:
  name: shop-app
  namespace: shop
labels:
  template: shop-app
parameters:
- name: APP_NAME
  value: web
- name: REPLICAS
  value: "2"
- name: PORT
  value: "8080"
- name: OTHER_NS
  value: tools
- name: DB_PASSWORD
  generate: expression
  from: "[a-zA-Z0-9]{12}"
objects:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: \${APP_NAME}
    namespace: somewhere-else
  spec:
    replicas: \${{REPLICAS}}
    template:
      metadata:
        labels: {app: "\${APP_NAME}"}
      spec:
        containers:
        - name: \${APP_NAME}
          env: [{name: DB_PASSWORD, value: "\${DB_PASSWORD}"}]
          ports: [{name: http, containerPort: "\${{PORT}}"}]
- apiVersion: v1
  kind: Service
  metadata:
    name: \${APP_NAME}
  spec:
    selector: {app: "\${APP_NAME}"}
    ports: [{port: 80, targetPort: "\${{PORT}}"}]
- apiVersion: route.openshift.io/v1
  kind: Route
  metadata:
    name: \${APP_NAME}
  spec:
    host: \${APP_NAME}-shop.apps.example.com
    to: {kind: Service, name: "\${APP_NAME}"}
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: \${APP_NAME}-config
    namespace: \${OTHER_NS}
  data:
    url: http://\${APP_NAME}:\${PORT}/\${NOT_A_PARAM}
`;
const load = (text: string) => loadCluster([{ name: 't.yaml', text }], { profile: 'openshift' });

describe('OpenShift Template', () => {
  it('instantiates its objects with the parameters\' values; ${{P}} gives a non-string value', () => {
    const c = load(TEMPLATE);
    const web = c.pods.find((p) => p.name === 'web');
    expect(web).toMatchObject({ kind: 'Deployment', namespace: 'shop', replicas: 2, podLabels: { app: 'web' } });
    expect(web?.ports.map((p) => p.containerPort)).toEqual([8080]);
    const svc = c.services.find((s) => s.meta.name === 'web');
    expect(svc?.ports[0].targetPort).toBe(8080);
    expect(endpointsOf(c, svc!).selected.map((p) => p.id)).toEqual(['shop/web']);
    expect(c.routes.map((r) => r.host)).toEqual(['web-shop.apps.example.com']);
  });

  it('strips hard-coded namespaces (the template\'s namespace is used) and keeps ${PARAM} namespaces', () => {
    const c = load(TEMPLATE);
    expect(c.pods.find((p) => p.name === 'web')?.namespace).toBe('shop');
    const cm = c.others.get('ConfigMap')?.[0];
    expect(cm?.meta.namespace).toBe('tools');
    expect((cm?.raw.data as Record<string, string>).url).toBe('http://web:8080/${NOT_A_PARAM}');
  });

  it('adds the template labels to every object (and to a DeploymentConfig\'s pod template)', () => {
    const c = load(TEMPLATE);
    expect(c.routes[0].meta.labels).toEqual({ template: 'shop-app' });
    const dc = load(TEMPLATE.replace('apiVersion: apps/v1\n  kind: Deployment', 'apiVersion: apps.openshift.io/v1\n  kind: DeploymentConfig'));
    expect(dc.pods.find((p) => p.kind === 'DeploymentConfig')?.podLabels).toEqual({ app: 'web', template: 'shop-app' });
    // A Deployment's pod template is left alone (addObjectLabels only nests into DeploymentConfigs).
    expect(c.pods.find((p) => p.name === 'web')?.podLabels).toEqual({ app: 'web' });
  });

  it('positions point into the template\'s text', () => {
    const c = load(TEMPLATE);
    const route = c.routes[0];
    const r = c.sourceMap.locate(route.meta.ref);
    expect(r.file).toBe('t.yaml');
    expect(TEMPLATE.split('\n')[r.startLine - 1]).toContain('route.openshift.io/v1');
    const host = c.sourceMap.locate({ ...route.meta.ref, path: [...route.meta.ref.path, 'spec', 'host'] });
    expect(TEMPLATE.split('\n')[host.startLine - 1]).toContain('host: ${APP_NAME}-shop');
  });

  it('a generated parameter gets a stand-in and says so', () => {
    const c = load(TEMPLATE);
    const d = c.diagnostics.find((x) => x.code === 'template-generated-value');
    expect(d).toMatchObject({ severity: 'info' });
    expect(d?.message).toContain('DB_PASSWORD');
    expect(c.pods.find((p) => p.name === 'web')?.containers[0].env[0].value).toBe('aaaaaaaaaaaa');
  });

  it('a required parameter without a value fails the processing: a diagnostic, and no objects', () => {
    const c = load(TEMPLATE.replace('- name: APP_NAME\n  value: web', '- name: APP_NAME\n  required: true'));
    const d = c.diagnostics.find((x) => x.code === 'template-parameter-required');
    expect(d).toMatchObject({ severity: 'error', range: { file: 't.yaml', startLine: 9 } });
    expect(d?.message).toContain('APP_NAME is required');
    expect(c.pods).toEqual([]);
    expect(c.routes).toEqual([]);
    // Not required: an empty value is substituted.
    const empty = load(TEMPLATE.replace('- name: OTHER_NS\n  value: tools', '- name: OTHER_NS'));
    expect(empty.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(empty.others.get('ConfigMap')?.[0].meta.namespace).toBe('shop');
  });

  it('an unknown generator fails the processing too', () => {
    const c = load(TEMPLATE.replace('generate: expression', 'generate: random'));
    expect(c.diagnostics.some((d) => d.code === 'invalid-value' && d.message.includes('Unknown generator'))).toBe(true);
    expect(c.routes).toEqual([]);
  });

  it('an object the input also has as such is the input\'s (a dump has both)', () => {
    const live = `---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: live}, ports: [{port: 80}]}\n`;
    const c = load(TEMPLATE + live);
    expect(c.services.map((s) => s.selector)).toEqual([{ app: 'live' }]);
    expect(c.diagnostics.some((d) => d.code === 'template-object-in-input')).toBe(true);
    expect(c.diagnostics.some((d) => d.code === 'duplicate-object')).toBe(false);
  });

  it('substitution: several ${P} per string, ${{P}} only when it is the whole string, unknown names kept', () => {
    const p = new Map([['A', { value: 'x' }], ['B', { value: '{"k": 1}' }]]);
    expect(substitute(p, 'pre-${A}-${A}-${B}')).toEqual({ out: 'pre-x-x-{"k": 1}', asString: true });
    expect(substitute(p, '${{B}}')).toEqual({ out: '{"k": 1}', asString: false });
    expect(substitute(p, 'a${{B}}')).toEqual({ out: 'a${{B}}', asString: true });
    expect(substitute(p, '${C}')).toEqual({ out: '${C}', asString: true });
  });
});
