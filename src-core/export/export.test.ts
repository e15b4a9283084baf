// Trace exports: the Markdown table and excerpts from a real trace, redaction in excerpts, and that
// untrusted names cannot inject markup (Markdown) or terminal escapes (text).
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { traceQuery } from '../analyze/trace';
import type { Trace } from '../analyze/types';
import { mdCode, mdEscape, mdFence, traceToMarkdown } from './markdown';
import { SHOP_DEPLOYMENTS } from './testdata';
import { traceToText } from './text';

const DENY = `# deny everything in shop
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-by-default
  namespace: shop
spec:
  podSelector: {}
  ingress: []
---
${SHOP_DEPLOYMENTS}`;

function denyTrace() {
  const cluster = loadCluster([{ name: 'shop.yaml', text: DENY }]);
  const trace = traceQuery(cluster, { from: 'shop/frontend', to: 'shop/backend', port: 8080 });
  return { cluster, trace };
}

/** Rows of the first Markdown table (header and separator excluded). */
function tableRows(md: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| # |'));
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  return rows;
}

/** Cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}

describe('traceToMarkdown on a real trace', () => {
  it('has one table row per hop with its verdict, and names the deciding rule and its line', () => {
    const { cluster, trace } = denyTrace();
    expect(trace.allowed).toBe(false);
    const md = traceToMarkdown(trace, { sourceMap: cluster.sourceMap, profile: 'kubernetes' });
    expect(md).toMatch(/^### podpath trace: shop\/frontend → shop\/backend port 8080/);
    expect(md).toContain('**⛔ denied**');
    const rows = tableRows(md);
    expect(rows).toHaveLength(trace.hops.length);
    rows.forEach((row, i) => {
      const c = cells(row);
      expect(c).toHaveLength(6);
      expect(c[0]).toBe(String(i + 1));
      expect(c[2]).toContain(trace.hops[i].verdict);
    });
    const denied = rows.find((r) => r.includes('denied'))!;
    expect(denied).toContain('NetworkPolicy shop/deny-by-default');
    expect(denied).toContain('`shop.yaml:8`'); // spec.podSelector is on line 8
  });

  it('quotes the YAML the deciding rule is written in (with a line of context) and the fix', () => {
    const { cluster, trace } = denyTrace();
    const md = traceToMarkdown(trace, { sourceMap: cluster.sourceMap });
    expect(md).toContain('#### YAML');
    expect(md).toContain('`shop.yaml:7-9`');
    expect(md).toContain('```yaml\nspec:\n  podSelector: {}\n  ingress: []\n```');
    expect(md).toContain('**To allow it:**');
    expect(md).toMatch(/kind: NetworkPolicy[\s\S]*app: "frontend"/);
  });

  it('without a source map there are no excerpts, and details can be left out', () => {
    const { trace } = denyTrace();
    const md = traceToMarkdown(trace, { details: false });
    expect(md).not.toContain('#### YAML');
    expect(md).not.toContain('#### Why');
    expect(tableRows(md)).toHaveLength(trace.hops.length);
  });
});

describe('traceToText on a real trace', () => {
  it('numbers the hops with verdict tags and quotes the YAML with line numbers', () => {
    const { cluster, trace } = denyTrace();
    const text = traceToText(trace, { sourceMap: cluster.sourceMap });
    expect(text.split('\n')[0]).toBe('podpath trace: shop/frontend → shop/backend port 8080');
    const hopLines = text.split('\n').filter((l) => /^\d+\. \[/.test(l));
    expect(hopLines.map((l) => l.slice(0, 10).trim())).toEqual(trace.hops.map((h, i) => `${i + 1}. ${({ allowed: '[ALLOW]', denied: '[DENY]', info: '[INFO]' } as Record<string, string>)[h.verdict] ?? ''}`));
    expect(text).toContain('Decided by: NetworkPolicy shop/deny-by-default');
    expect(text).toContain('8 |   podSelector: {}');
  });
});

// A hand-made trace whose names, summaries and YAML carry hostile content.
const HOSTILE_YAML = `kind: Route
metadata:
  name: x
  annotations:
    note: "<img src=x onerror=alert(1)> \`\`\`\`"
spec:
  tls:
    key: |
      -----BEGIN PRIVATE KEY-----
      MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7
      -----END PRIVATE KEY-----
`;

function hostileTrace(): Trace {
  const src = { file: 'evil.yaml', startLine: 1, startCol: 1, endLine: 11, endCol: 1 };
  const evil = '<script>alert(1)</script> | *x* [a](javascript:alert(1)) `code` &lt; \u001b[31mred\u001b[0m\nnext';
  return {
    query: { from: 'internet', to: `https://${evil}` },
    allowed: false,
    verdict: 'denied',
    summary: evil,
    reached: null,
    path: [],
    hops: [
      {
        kind: 'route',
        title: `Route ${evil}`,
        verdict: 'denied',
        summary: evil,
        steps: [{ text: evil, verdict: 'denied', rule: { object: 'Route/x', path: '', source: src, label: evil } }],
        rule: { object: 'Route/x', path: '', source: src, label: evil },
        fix: { summary: evil, snippet: 'a: ```\n```` b' },
        facts: { [evil]: evil },
      },
    ],
  };
}

describe('untrusted text in exports', () => {
  const sourceMap = { textOf: (f: string) => (f === 'evil.yaml' ? HOSTILE_YAML : undefined) };

  it('Markdown: no raw HTML, links, emphasis or extra table cells come from names; secrets in excerpts are redacted', () => {
    const md = traceToMarkdown(hostileTrace(), { sourceMap });
    // Outside code fences, every `<` `[` `*` `|` from the payload is escaped.
    // (code blocks and code spans show their content literally, so they are left out of the check)
    const outsideFences = md.replace(/^ *(`{3,})[^\n]*\n[\s\S]*?\n *\1$/gm, '').replace(/(?<![`\\])(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
    expect(outsideFences).not.toMatch(/(?<![\\`])<script/);
    expect(outsideFences).not.toMatch(/(?<!\\)\[a(?<!\\)\]\(javascript/);
    expect(outsideFences).toContain('\\<script\\>');
    expect(outsideFences).toContain('\\[a\\](javascript');
    expect(outsideFences).toContain('\\&lt;');
    expect(outsideFences).not.toContain('\u001b');
    const rows = tableRows(md);
    expect(rows).toHaveLength(1);
    expect(cells(rows[0])).toHaveLength(6);
    // The excerpt carries only what a share link does (issue 16): the private key and the annotation
    // podpath does not model are gone (shown as `…`), lines stay where they were.
    expect(md).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
    expect(md).not.toContain('onerror');
    expect(md).toMatch(/^```yaml\nkind: Route\nmetadata:\n  name: x\n  annotations:\n    …\nspec:\n  tls:\n    key: …\n/m);
  });

  it('text: terminal escapes and line breaks from names are shown escaped', () => {
    const text = traceToText(hostileTrace(), { sourceMap });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\u{1b}[31mred');
    expect(text).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
    // Every hop line of the hostile title stays on one line.
    expect(text.split('\n').filter((l) => l.includes('Route <script>'))).toHaveLength(1);
  });

  it('redaction of excerpts can be turned off for local use', () => {
    expect(traceToText(hostileTrace(), { sourceMap, redact: false })).toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
  });

  it('escaping helpers', () => {
    expect(mdEscape('a|b')).toBe('a\\|b');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdFence('```\nx', 'yaml')).toBe('````yaml\n```\nx\n````');
  });
});

describe('sources remembered beside a trace (for printers that only get the trace)', () => {
  it('quotes the YAML once the sources are remembered, and leaves the JSON of the trace unchanged', async () => {
    const { rememberExportSources, traceMarkdownPrinter } = await import('./sources');
    const { cluster, trace } = denyTrace();
    const json = JSON.stringify(trace);
    expect(traceMarkdownPrinter(trace)).not.toContain('#### YAML');
    rememberExportSources(trace, { sourceMap: cluster.sourceMap, profile: 'kubernetes' });
    expect(traceMarkdownPrinter(trace)).toContain('```yaml\nspec:\n  podSelector: {}');
    expect(traceMarkdownPrinter(trace)).toContain('Profile: kubernetes');
    expect(JSON.stringify(trace)).toBe(json);
  });
});
