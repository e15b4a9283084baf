// Allow-listed excerpts (issue 16): export excerpts keep the user's line numbers but show only what a
// share link carries; no planted secret survives, and what the analysis reads stays readable.
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../cli/bench/generate';
import { allowListedLines } from './excerpt';
import { PLANTED_DUMP } from './testdump';

const PLANTED = /s3cr3t-[^\s"'\\]*-zq|czNjcjN0/;

describe('allowListedLines', () => {
  it('a realistic List dump: every line in place, no planted secret, the read fields kept', () => {
    const n = PLANTED_DUMP.split('\n').length;
    const lines = allowListedLines(PLANTED_DUMP, 1, n);
    expect(lines).toHaveLength(n);
    const text = lines.join('\n');
    expect(text).not.toMatch(PLANTED);
    for (const gone of ['managedFields', 'last-applied', 'stringData', 'parameters', 'volumeMounts', 'deployment.kubernetes.io']) expect(text).not.toContain(gone);
    // Same line numbers: each kept line is the original line.
    const orig = PLANTED_DUMP.split('\n');
    for (const want of ['kind: List', 'name: web', 'containerPort: 8080', 'podIP: 10.128.2.15', 'haproxy.router.openshift.io/timeout: 30s', '- name: DB_PASS', 'controller: true']) {
      const i = orig.findIndex((l) => l.trim() === want);
      expect(i, want).toBeGreaterThanOrEqual(0);
      expect(lines[i]).toBe(orig[i]);
    }
    // A dropped field shows as its indentation and `…`.
    const envValue = orig.findIndex((l) => l.includes("s3cr3t-DB_PASS"));
    expect(lines[envValue]).toBe('            …');
  });

  it('flow mappings and comments: dropped entries and comments become `…`, structure stays', () => {
    const text = 'kind: Pod # owner: s3cr3t-c-zq\nmetadata: {name: p, namespace: a, annotations: {x: s3cr3t-a-zq}, labels: {app: x}}\n# s3cr3t-line-zq\nspec: {containers: [{name: c, env: [{name: A, value: s3cr3t-e-zq}]}]}\n';
    const lines = allowListedLines(text, 1, 4);
    expect(lines.join('\n')).not.toMatch(PLANTED);
    expect(lines[0]).toBe('kind: Pod …');
    expect(lines[1]).toBe('metadata: {name: p, namespace: a, annotations: {…}, labels: {app: x}}');
    expect(lines[2]).toBe('…');
    expect(lines[3]).toBe('spec: {containers: [{name: c, env: [{name: A, …}]}]}');
  });

  it('a large dump: only the documents that hold the lines are parsed (fast)', () => {
    const c = generateCluster(1_000);
    const total = c.yaml.split('\n').length;
    const t = performance.now();
    const lines = allowListedLines(c.yaml, total - 20, total);
    expect(performance.now() - t).toBeLessThan(500);
    expect(lines).toHaveLength(21);
    expect(lines.join('\n')).toContain('podSelector');
  });

  it('a List dump over 256 kB: only the items that hold the lines are parsed, with the same answer', () => {
    const items = PLANTED_DUMP.slice(PLANTED_DUMP.indexOf('items:\n') + 7);
    const big = `apiVersion: v1\nkind: List\nitems:\n${items.repeat(Math.ceil(300_000 / items.length))}`;
    expect(big.length).toBeGreaterThan(256 * 1024);
    const n = big.split('\n').length;
    const tail = allowListedLines(big, n - 60, n);
    const small = `apiVersion: v1\nkind: List\nitems:\n${items}`;
    const m = small.split('\n').length;
    expect(tail).toEqual(allowListedLines(small, m - 60, m));
    expect(allowListedLines(big, 1, 3)).toEqual(['apiVersion: v1', 'kind: List', 'items:']);
  });
});
