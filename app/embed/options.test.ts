// Embed options from the address: when it is an embed, and what each parameter does.
import { describe, expect, it } from 'vitest';
import { isEmbedPath, readEmbedOptions } from './options';

const at = (search: string, pathname = '/') => readEmbedOptions({ search, pathname });

describe('readEmbedOptions', () => {
  it('is null for the full app, and an embed for ?embed and the /embed/ path', () => {
    expect(at('')).toBeNull();
    expect(at('?foo=1')).toBeNull();
    expect(at('?embed=0')).toBeNull();
    expect(at('?embed=false')).toBeNull();
    expect(at('?embed')).not.toBeNull();
    expect(at('?embed=1')).not.toBeNull();
    expect(at('', '/podpath/embed/')).not.toBeNull();
    expect(isEmbedPath('/embed')).toBe(true);
    expect(isEmbedPath('/a/embed/index.html')).toBe(true);
    expect(isEmbedPath('/embedded/')).toBe(false);
  });

  it('shows graph and trace, read-only, by default', () => {
    expect(at('?embed')).toEqual({ panes: { graph: true, trace: true, editor: false }, editable: false });
  });

  it('reads panes, editing, theme, profile, scenario and a preset trace', () => {
    expect(at('?embed&panes=editor,trace&theme=dark&profile=lumi-k&scenario=abc&from=internet&to=https://a.example/&port=443&protocol=tcp')).toEqual({
      panes: { graph: false, trace: true, editor: true },
      editable: false,
      theme: 'dark',
      profile: 'lumi-k',
      scenario: 'abc',
      trace: { from: 'internet', to: 'https://a.example/', port: 443, protocol: 'TCP' },
    });
    expect(at('?embed&panes=graph&edit=1')?.panes).toEqual({ graph: true, trace: false, editor: true });
    expect(at('?embed&panes=graph&edit=1')?.editable).toBe(true);
    expect(at('?embed&editor=1')?.panes.editor).toBe(true);
  });

  it('ignores what it does not understand', () => {
    const o = at('?embed&panes=sidebar,,GRAPH&theme=pink&profile=nomad&port=99999&protocol=ICMP&from=a/b');
    expect(o).toEqual({ panes: { graph: true, trace: false, editor: false }, editable: false });
    expect(at('?embed&from=a/b&to=c/d&port=x')?.trace).toEqual({ from: 'a/b', to: 'c/d' });
  });
});

describe('compact mode and "open this hop" (issue 14)', () => {
  it('reads compact=1 and hop=N; leaves them out otherwise', () => {
    const o = at('?embed&compact=1&hop=4&from=internet&to=svc:shop/web');
    expect(o?.compact).toBe(true);
    expect(o?.hop).toBe(4);
    expect(o?.trace).toEqual({ from: 'internet', to: 'svc:shop/web' });
    expect(at('?embed&compact=0')?.compact).toBeUndefined();
    for (const bad of ['0', '-2', '1.5', 'x', '1001']) expect(at(`?embed&hop=${bad}`)?.hop).toBeUndefined();
  });
});
