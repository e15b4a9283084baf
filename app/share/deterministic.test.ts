// Share links are deterministic (issue 14): the same workspace gives the same URL, whatever order its
// fields were set in and however often it is built; "open this hop" travels only with a trace.
import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, type AppState } from '../store';
import { decodeShareState } from '../../src-core/share/codec';
import { buildShareLink } from './state';

const STATE: AppState = {
  text: 'kind: Service\nmetadata: {name: web, namespace: a}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
  profile: 'openshift',
  scenarioId: null,
  traceQuery: { from: 'internet', to: 'svc:a/web', port: 80 },
  selection: 'Service/a/web',
  revealToken: 0,
  highlight: null,
  theme: 'light',
  tab: 'trace',
  view: { ...DEFAULT_VIEW, hiddenNamespaces: ['kube-system'] },
  notice: null,
};

describe('deterministic share links', () => {
  it('the same state gives the same URL, built twice or with its fields in another order', () => {
    const a = buildShareLink(STATE, 'https://podpath.example/').url;
    const b = buildShareLink({ ...STATE }, 'https://podpath.example/').url;
    const reordered = Object.fromEntries(Object.entries(STATE).reverse()) as unknown as AppState;
    const view = Object.fromEntries(Object.entries(STATE.view).reverse()) as unknown as AppState['view'];
    const c = buildShareLink({ ...reordered, view, traceQuery: { port: 80, to: 'svc:a/web', from: 'internet' } }, 'https://podpath.example/').url;
    expect(b).toBe(a);
    expect(c).toBe(a);
    // A different state gives a different link.
    expect(buildShareLink({ ...STATE, selection: null }, 'https://podpath.example/').url).not.toBe(a);
  });

  it('"open this hop" is part of the link with a trace, and left out without one', () => {
    const withHop = buildShareLink({ ...STATE, openHop: 3 }, 'https://podpath.example/');
    const r = decodeShareState(withHop.fragment);
    expect(r.ok && r.state.view?.hop).toBe(3);
    expect(buildShareLink({ ...STATE, openHop: 3 }, 'https://podpath.example/').url).toBe(withHop.url);
    const noTrace = decodeShareState(buildShareLink({ ...STATE, traceQuery: null, openHop: 3 }, 'https://podpath.example/').fragment);
    expect(noTrace.ok && noTrace.state.view?.hop).toBeUndefined();
  });
});
