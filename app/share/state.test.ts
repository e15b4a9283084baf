// The store ↔ share-link mapping: a workspace survives the round trip carrying only what podpath reads;
// a damaged fragment gives only the codec's message, never an empty workspace (issue 16).
import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, type AppState } from '../store';
import { minimizeForSharing } from '../../src-core/share/minimize';
import { appBaseUrl, buildShareLink, loadableFromFragment, type Loadable } from './state';

const STATE: AppState = {
  text: 'kind: Secret\nmetadata: {name: s, namespace: a}\ndata:\n  k: c2VjcmV0\n---\nkind: Service\nmetadata: {name: web, namespace: a}\n',
  profile: 'openshift',
  scenarioId: 'route-edge-allow',
  traceQuery: { from: 'internet', to: 'svc:a/web', port: 80 },
  selection: 'Service/a/web',
  revealToken: 3,
  highlight: null,
  theme: 'dark',
  tab: 'details',
  view: { ...DEFAULT_VIEW, showConnections: true, hiddenNamespaces: ['kube-system'], filter: 'web' },
  notice: null,
};

describe('share state mapping', () => {
  it('a link restores text (only what podpath reads), profile, trace, selection, tab, theme and view', () => {
    const link = buildShareLink(STATE, 'https://podpath.example/app/');
    expect(link.url.startsWith('https://podpath.example/app/#v1:')).toBe(true);
    expect(link.mode).toBe('minimal');
    // The Secret's data is not read by the analysis, so it is not in the link at all (issue 16).
    expect(link.text).toBe(minimizeForSharing(STATE.text).text);
    expect(link.text).not.toContain('c2VjcmV0');
    expect(link.dropped).toEqual([{ what: 'Secret and ConfigMap data', count: 1 }]);
    const back = loadableFromFragment('#' + link.fragment) as Loadable;
    expect(back).toEqual({
      text: link.text,
      profile: 'openshift',
      traceQuery: STATE.traceQuery,
      // The text no longer equals the scenario's once something was redacted.
      scenarioId: null,
      selection: 'Service/a/web',
      theme: 'dark',
      tab: 'details',
      view: { hiddenNamespaces: ['kube-system'], showConnections: true, showDenied: false, expandedNamespaces: [], expandedWorkloads: [], filter: 'web' },
      notice: null,
    });
  });

  it('the exact-text choice: the text as written, the secrets it recognises replaced and listed by line', () => {
    const link = buildShareLink(STATE, 'https://podpath.example/app/', 'exact');
    expect(link.redactions).toEqual([{ what: 'Secret a/s data.k', line: 4 }]);
    expect((loadableFromFragment(link.fragment) as Loadable).text).toBe(STATE.text.replace('c2VjcmV0', 'REDACTED-by-podpath'));
  });

  it('keeps the scenario id when nothing was redacted', () => {
    const link = buildShareLink({ ...STATE, text: 'kind: Service\nmetadata: {name: web, namespace: a}\n' }, 'https://x/');
    expect((loadableFromFragment(link.fragment) as Loadable).scenarioId).toBe('route-edge-allow');
  });

  it('no fragment: nothing to load; a damaged one: only the reason, no workspace to load', () => {
    expect(loadableFromFragment('')).toBeNull();
    expect(loadableFromFragment('#')).toBeNull();
    const bad = loadableFromFragment('#v1:AAAA');
    // Before issue 16 this was an empty workspace, which autosave then wrote over the user's text.
    expect(bad).toEqual({ error: expect.stringMatching(/^This link .*(damaged|cut short)/) });
    expect(bad && 'text' in bad).toBe(false);
  });
});

describe('appBaseUrl', () => {
  it('drops query, fragment and the /embed/ path, and works for file:// sites', () => {
    expect(appBaseUrl({ href: 'https://h.example/podpath/?embed&panes=graph#v1:abc' })).toBe('https://h.example/podpath/');
    expect(appBaseUrl({ href: 'https://h.example/podpath/embed/?panes=graph#v1:abc' })).toBe('https://h.example/podpath/');
    expect(appBaseUrl({ href: 'file:///home/me/dist/index.html?embed#v1:x' })).toBe('file:///home/me/dist/index.html');
  });
  it('compare mode: the baseline travels (through the same allow-list / redaction as the text) and the link opens in compare mode', () => {
    const link = buildShareLink({ ...STATE, tab: 'changes', before: { text: STATE.text, profile: 'kubernetes' } }, 'https://podpath.example/app/', 'exact');
    const back = loadableFromFragment('#' + link.fragment) as Loadable;
    expect(back.before).toEqual({ text: STATE.text.replace('c2VjcmV0', 'REDACTED-by-podpath'), profile: 'kubernetes' });
    expect(back.tab).toBe('changes');
    const minimal = loadableFromFragment('#' + buildShareLink({ ...STATE, before: { text: STATE.text, profile: 'kubernetes' } }, 'https://podpath.example/app/').fragment) as Loadable;
    expect(minimal.before?.text).toBe(minimizeForSharing(STATE.text).text);
    const plain = loadableFromFragment('#' + buildShareLink({ ...STATE, tab: 'changes' }, 'https://podpath.example/app/').fragment) as Loadable;
    expect(plain.before).toBeUndefined();
    expect(plain.tab).toBeUndefined(); // no Changes tab without a baseline
  });
});

describe('issue 16: no planted secret in the link, the download or an export', () => {
  it('a realistic dump with secrets everywhere issue 16 lists', async () => {
    const { PLANTED_DUMP } = await import('../../src-core/share/testdump');
    const { loadCluster } = await import('../../src-core/index');
    const { traceQuery } = await import('../../src-core/analyze/trace');
    const { traceToMarkdown } = await import('../../src-core/export/markdown');
    const { traceToText } = await import('../../src-core/export/text');
    const { decodeShareState } = await import('../../src-core/share/codec');
    const PLANTED = /s3cr3t-[^\s"'\\]*-zq|czNjcjN0/;
    expect(PLANTED_DUMP).toMatch(PLANTED);
    const link = buildShareLink({ ...STATE, text: PLANTED_DUMP, scenarioId: null }, 'https://x/');
    const decoded = decodeShareState(link.fragment);
    expect(decoded.ok && decoded.state.text).toBe(link.text);
    // The link and "Download YAML" (which saves link.text).
    expect(link.text).not.toMatch(PLANTED);
    expect(decodeURIComponent(link.url)).not.toMatch(PLANTED);
    // Trace exports quote the original's lines, allow-listed.
    const cluster = loadCluster([{ name: 'editor', text: PLANTED_DUMP }], { profile: 'openshift' });
    const sourceMap = { textOf: (f: string) => (f === 'editor' ? PLANTED_DUMP : undefined) };
    for (const q of [{ from: 'internet', to: 'https://web-shop.apps.example.com/' }, { from: 'shop/web-5d8f7-abcde', to: 'svc:shop/web', port: 80 }, { from: 'shop/web', to: 'shop/web', port: 8080 }]) {
      const t = traceQuery(cluster, q);
      const md = traceToMarkdown(t, { sourceMap, excerpts: true, contextLines: 40, maxExcerptLines: 400 });
      expect(md).toContain('#### YAML');
      expect(md).not.toMatch(PLANTED);
      expect(traceToText(t, { sourceMap, contextLines: 40, maxExcerptLines: 400 })).not.toMatch(PLANTED);
    }
  });
});
