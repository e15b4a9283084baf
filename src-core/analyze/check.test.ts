// `podpath check` expectations, read and checked with the real engine on the must-gather fixture.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../input/index';
import { loadCluster } from '../index';
import { readExpectations, runChecks } from './check';

const archive = readArchive('mg.tgz', new Uint8Array(readFileSync(join(__dirname, '../input/fixtures/must-gather.tar.gz'))));
const cluster = loadCluster(archive.files, { profile: 'openshift' });

const EXPECT = `# what the shop must and must not do
expectations:
- name: web reaches the database
  from: shop/web
  to: shop/db-0
  port: 5432
  expect: allowed
- from: internet
  to: shop/db-0
  expect: denied
- from: internet
  to: namespace:shop
  expect: denied
- defaultDeny: ingress
  namespaces: all
`;

describe('readExpectations', () => {
  it('reads connections and default-deny expectations with their lines', () => {
    const r = readExpectations('e.yaml', EXPECT);
    expect(r.errors).toEqual([]);
    expect(r.expectations.map((e) => [e.kind, e.line, e.name])).toEqual([
      ['connection', 3, 'web reaches the database'],
      ['connection', 8, 'internet → shop/db-0 is denied'],
      ['connection', 11, 'internet → namespace:shop is denied'],
      ['defaultDeny', 14, 'every namespace has a default deny for ingress'],
    ]);
  });
  it('reports bad entries with file:line, and YAML errors', () => {
    const r = readExpectations('e.yaml', 'expectations:\n- from: a/b\n  to: c/d\n  expect: maybe\n- from: a/b\n  to: c/d\n  port: 70000\n  expect: denied\n- defaultDeny: sideways\n- 7\n');
    expect(r.errors).toEqual([
      'e.yaml:2: expect must be "allowed" or "denied", not "maybe"',
      'e.yaml:5: "port" must be a whole number from 1 to 65535, not 70000.',
      'e.yaml:9: defaultDeny must be ingress, egress or both, not "sideways"',
      'e.yaml:10: expectation 4 must be a mapping',
    ]);
    expect(readExpectations('e.yaml', 'expectations: [\n').errors[0]).toMatch(/^e\.yaml:\d+: /);
    expect(readExpectations('e.yaml', 'just: text\n').errors).toEqual(['e.yaml:1: expected a list under "expectations:"']);
  });
});

describe('runChecks', () => {
  it('passes what the engine allows and denies; fails with the trace otherwise', () => {
    const r = runChecks(cluster, 'e.yaml', readExpectations('e.yaml', EXPECT).expectations);
    expect(r.results.map((x) => [x.name, x.passed, x.checked])).toEqual([
      ['web reaches the database', true, 1],
      ['internet → shop/db-0 is denied', true, 1],
      // shop/web has no policy: the internet reaches it straight (policies alone), and through its Route.
      // (3, not 4: Deployment shop/web and its live Pod web-7d9f8c6b5-x2x9q are one app, one endpoint — issue 10.)
      ['internet → namespace:shop is denied', false, 3],
      ['every namespace has a default deny for ingress', false, 1],
    ]);
    const open = r.results[2].failures.map((f) => f.message);
    expect(open.some((m) => m.startsWith('internet → shop/web-7d9f8c6b5-x2x9q on TCP 8080 is allowed (expected denied)'))).toBe(true);
    expect(r.results[2].failures[0].trace?.allowed).toBe(true);
    expect(r.results[3].failures.map((f) => f.message)).toEqual(['namespace shop has no default-deny NetworkPolicy for Ingress (podSelector: {} with policyTypes [Ingress] and no ingress rules)']);
    expect([r.passed, r.failed]).toEqual([2, 2]);
  });
});
