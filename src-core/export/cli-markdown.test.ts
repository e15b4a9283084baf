// `podpath trace --format markdown`: the same Markdown as the app's export, YAML excerpts included and
// secrets redacted, run in-process through the CLI's main() with an in-memory IO.
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import type { CliIO } from '../cli/io';
import { loadCluster } from '../index';
import { traceQuery } from '../analyze/trace';
import { traceToMarkdown } from './markdown';
import { SHOP_DEPLOYMENTS } from './testdata';

const APP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop, annotations: {audit: "Bearer abcdefghijklmnopqrstuvwx0123"}}
spec: {podSelector: {}, ingress: []}
---
${SHOP_DEPLOYMENTS}`;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: async (p) => {
      if (p === 'app.yaml') return APP;
      throw new Error(`ENOENT: ${p}`);
    },
    readStdin: async () => '',
    color: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('podpath trace --format markdown', () => {
  it('prints the Markdown export of the trace, with the YAML excerpt, and exits 1 for a denial', async () => {
    const r = await run(['trace', 'app.yaml', '--from', 'shop/frontend', '--to', 'shop/backend', '--port', '8080', '--format', 'markdown']);
    expect(r.code).toBe(1);
    const cluster = loadCluster([{ name: 'app.yaml', text: APP }]);
    const expected = traceToMarkdown(traceQuery(cluster, { from: 'shop/frontend', to: 'shop/backend', port: 8080 }), { sourceMap: cluster.sourceMap, profile: 'kubernetes' });
    expect(r.stdout).toBe(expected);
    expect(r.stdout).toContain('| # | Hop | Verdict | Reason | Decided by | YAML |');
    expect(r.stdout).toContain('`app.yaml:4`');
    // Only what a share link would carry (issue 16): the `audit` annotation podpath does not model is left out.
    expect(r.stdout).toContain('```yaml\nmetadata: {name: deny, namespace: shop, annotations: {…}}\nspec: {podSelector: {}, ingress: []}');
    expect(r.stdout).not.toContain('abcdefghijklmnopqrstuvwx0123');
  });

  it('lists markdown among the trace formats, and JSON stays plain data', async () => {
    const help = await run(['trace', '--help']);
    expect(help.stdout).toMatch(/formats: .*markdown/);
    const json = await run(['trace', 'app.yaml', '--from', 'shop/frontend', '--to', 'shop/backend', '--port', '8080', '--json']);
    // The trace's own fields, plus the profile it ran under (issue 10: the JSON says which and why).
    expect(Object.keys(JSON.parse(json.stdout)).sort()).toEqual([...Object.keys(traceQuery(loadCluster([{ name: 'app.yaml', text: APP }]), { from: 'shop/frontend', to: 'shop/backend', port: 8080 })), 'profile'].sort());
  });
});
