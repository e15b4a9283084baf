// One renderer per format, one sanitiser (issue 11): the CLI used to print a bidi override taken from a
// label (its JSON and DOT went out raw) while the Markdown export escaped it. Every output of the same
// hostile input now shows the characters escaped, and the JSON stays the same data.
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import type { CliIO } from '../cli/io';
import { traceText } from '../cli/format';
import { loadCluster } from '../index';
import { traceQuery } from '../analyze/trace';
import { csvCell, jsonText, markdownText, neutralize, xmlText } from '../untrusted';
import { traceToMarkdown } from './markdown';
import { traceToText } from './text';

// A label value with a right-to-left override, a zero-width space and a BOM; a name with a zero-width joiner.
const RLO = '\u202e';
const LABEL = `in${RLO}txt.exe\u200b\ufeff`;
const APP = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: "${LABEL}", tier: web}
spec:
  containers: [{name: c, image: x, ports: [{containerPort: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: "only-${LABEL}", namespace: shop}
spec:
  podSelector: {matchLabels: {tier: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: "${LABEL}"}}}]}]
`;

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

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

describe('one sanitiser for every output', () => {
  it('podpath graph (JSON, the default) no longer prints a label’s bidi override raw; the data is unchanged', async () => {
    const r = await run(['graph', 'app.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(UNSAFE);
    expect(r.stdout).toContain('in\\u202etxt.exe\\u200b\\ufeff');
    const graph = JSON.parse(r.stdout) as { nodes: { id: string; labels?: Record<string, string> }[] };
    expect(JSON.stringify(graph)).toContain(LABEL); // JSON.parse gives back the label exactly as written
    expect(r.stderr).not.toMatch(UNSAFE); // the invalid-label diagnostic, too
  });

  it('DOT, trace text (terminal), trace JSON, Markdown and the text export all show it escaped', async () => {
    const dot = await run(['graph', 'app.yaml', '--format', 'dot']);
    expect(dot.stdout).not.toMatch(UNSAFE);
    const cluster = loadCluster([{ name: 'app.yaml', text: APP }]);
    const trace = traceQuery(cluster, { from: 'shop/web', to: 'shop/web', port: 80 });
    // The deciding policy's name carries the override: it shows in every rendering of the trace.
    const outputs = {
      terminal: traceText(trace, { color: true }),
      report: traceToText(trace, { sourceMap: cluster.sourceMap }),
      markdown: traceToMarkdown(trace, { sourceMap: cluster.sourceMap }),
      json: (await run(['trace', 'app.yaml', '--from', 'shop/web', '--to', 'shop/web', '--port', '80', '--json'])).stdout,
      cliText: (await run(['trace', 'app.yaml', '--from', 'shop/web', '--to', 'shop/web', '--port', '80'])).stdout,
    };
    for (const [name, out] of Object.entries(outputs)) {
      expect(out.replace(/\u001b\[\d+m/g, ''), name).not.toMatch(UNSAFE); // the only escapes are podpath's own colours
      expect(out, name).toMatch(/\\u\{?202e/);
    }
    expect(outputs.cliText).toBe(traceText(trace, { color: false }));
  });

  it('the per-format escapers start from the same neutralisation', () => {
    const evil = `a${RLO}b\u200d<c>|*d*&"e"`;
    for (const out of [markdownText(evil), xmlText(evil), csvCell(evil), jsonText(evil)]) expect(out).not.toMatch(UNSAFE);
    // Markdown escapes the escape's backslash too, so it renders as the text `\u{202e}`.
    expect(markdownText(evil)).toBe('a\\\\u{202e}b\\\\u{200d}\\<c\\>\\|\\*d\\*\\&"e"');
    expect(xmlText(evil)).toBe('a\\u{202e}b\\u{200d}&lt;c&gt;|*d*&amp;&quot;e&quot;');
    expect(csvCell(evil)).toBe('"a\\u{202e}b\\u{200d}<c>|*d*&""e"""');
    expect(JSON.parse(jsonText(evil))).toBe(evil);
    expect(neutralize('ok é 名前 👍')).toBe('ok é 名前 👍');
  });
});
