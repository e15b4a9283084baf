// The share-link codec: round trips (fast-check), tolerance of damaged links, and old-link compatibility.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { decodeShareState, encodeShareState, fromBase64Url, toBase64Url, type ShareState } from './codec';

const profileArb = fc.constantFrom('kubernetes', 'openshift', 'openshift-multitenant', 'lumi-k' as const);
const stateArb: fc.Arbitrary<ShareState> = fc.record(
  {
    text: fc.string({ unit: 'binary', maxLength: 2000 }),
    profile: profileArb,
    trace: fc.record(
      {
        from: fc.string(),
        to: fc.string(),
        port: fc.integer({ min: 0, max: 65535 }),
        protocol: fc.constantFrom('TCP', 'UDP', 'SCTP' as const),
        named_port: fc.string(),
      },
      { requiredKeys: ['from', 'to'] },
    ),
    view: fc.record(
      {
        selected: fc.string(),
        theme: fc.constantFrom('light', 'dark' as const),
        tab: fc.string(),
        zoom: fc.double({ min: 0.01, max: 100, noNaN: true }),
        pan: fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), y: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
        hiddenNamespaces: fc.array(fc.string(), { maxLength: 5 }),
        showDenied: fc.boolean(),
        showConnections: fc.boolean(),
        expandedNamespaces: fc.array(fc.string(), { maxLength: 3 }),
        expandedWorkloads: fc.array(fc.string(), { maxLength: 3 }),
        filter: fc.string(),
      },
      { requiredKeys: [] },
    ),
    scenarioId: fc.string(),
  },
  { requiredKeys: ['text', 'profile'] },
);

/** A link body as an older or foreign build would have written it. */
function rawLink(json: unknown, version = 'v1'): string {
  return `${version}:${toBase64Url(deflateSync(strToU8(JSON.stringify(json))))}`;
}

describe('base64url', () => {
  it('round-trips any bytes and uses only URL-safe characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const s = toBase64Url(bytes);
        expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(Array.from(fromBase64Url(s) ?? [])).toEqual(Array.from(bytes));
      }),
    );
  });
  it('rejects characters outside the alphabet', () => {
    expect(fromBase64Url('ab*d')).toBeNull();
    expect(fromBase64Url('abcdé')).toBeNull();
  });
});

describe('encodeShareState / decodeShareState', () => {
  it('round-trips any state exactly (JSON normalises -0 to 0)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const link = encodeShareState(state);
        expect(link.startsWith('v1:')).toBe(true);
        const back = decodeShareState('#' + link);
        expect(back.ok).toBe(true);
        if (back.ok) expect(back.state).toEqual(JSON.parse(JSON.stringify(state)));
      }),
      { numRuns: 200 },
    );
  });

  it('accepts the fragment with or without `#`, inside a whole URL, and percent-encoded', () => {
    const state: ShareState = { text: 'kind: Pod\n', profile: 'openshift', trace: { from: 'internet', to: 'https://shop.example/' } };
    const link = encodeShareState(state);
    for (const form of [link, '#' + link, `https://podpath.example/app/?x=1#${link}`, encodeURIComponent(link)]) {
      const r = decodeShareState(form);
      expect(r.ok && r.state).toEqual(state);
    }
  });

  it('a truncated link either fails with a message or (when only padding bits were cut) gives the same state — never throws', () => {
    fc.assert(
      fc.property(stateArb, fc.nat(), (state, cut) => {
        const link = encodeShareState(state);
        const at = 3 + (cut % Math.max(1, link.length - 3));
        const r = decodeShareState(link.slice(0, at));
        if (r.ok) expect(r.state).toEqual(JSON.parse(JSON.stringify(state)));
        // (The message no longer promises a clean workspace: the app keeps the user's work instead, issue 16.)
        else expect(r.error).toMatch(/^This link .+\.$/);
      }),
      { numRuns: 200 },
    );
  });

  it('a link with characters changed never throws', () => {
    fc.assert(
      fc.property(stateArb, fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 1 })), { minLength: 1, maxLength: 5 }), (state, changes) => {
        const chars = encodeShareState(state).split('');
        for (const [i, c] of changes) chars[i % chars.length] = c;
        const r = decodeShareState(chars.join(''));
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
      }),
      { numRuns: 300 },
    );
  });

  it('any string at all decodes to a result, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => {
        const r = decodeShareState(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(typeof decodeShareState('v1:' + toBase64Url(bytes)).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('says clearly what is wrong with damaged links', () => {
    expect(decodeShareState('')).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(decodeShareState('#hello')).toMatchObject({ ok: false, error: expect.stringMatching(/version prefix/) });
    expect(decodeShareState('v1:***')).toMatchObject({ ok: false, error: expect.stringMatching(/characters/) });
    expect(decodeShareState('v9:abcd')).toMatchObject({ ok: false, error: expect.stringMatching(/newer podpath.*v9/) });
    const link = encodeShareState({ text: 'a'.repeat(5000) + 'kind: Service\n'.repeat(300), profile: 'kubernetes' });
    expect(decodeShareState(link.slice(0, Math.floor(link.length / 2)))).toMatchObject({ ok: false, error: expect.stringMatching(/cut short/) });
    expect(decodeShareState(rawLink([1, 2]))).toMatchObject({ ok: false, error: expect.stringMatching(/no manifests/) });
    expect(decodeShareState('v1:' + toBase64Url(deflateSync(strToU8('{not json'))))).toMatchObject({ ok: false, error: expect.stringMatching(/not readable/) });
  });

  it('refuses a decompression bomb without expanding it fully', () => {
    // 40 MB of spaces compress to ~40 kB; the codec stops at its 16 MB limit.
    const bomb = new Uint8Array(40 * 1024 * 1024).fill(32);
    const link = 'v1:' + toBase64Url(deflateSync(bomb, { level: 9 }));
    const r = decodeShareState(link);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/more than 16 MB/) });
  });

  it('decodes a v1 link made by the first release exactly (a frozen link: old links must keep working)', () => {
    const frozen =
      'v1:TZCxbsMwDER_ReDsIOkWaM3ULUCLLnUHRaZjITYpUIxdwPC_l0oydOPpyMcTV1D8VfAQcvpCKYnJu_mtpVuizrsPlDlFbGlCDV3Q4N1KYULvFrw0rpYlh2i6DJy3lkrG6FtyruCIUVlsIOT86DfbucyixbvvtRbeHQ-N0yBX1PNLHw_bT0vQQBbu04iWjTNSGVKv9qpi68Cv0AtP5iVSFMKHxabLHH3NsreFFWJU8Lal4pQjj9bzeTrD1sCccKmkZ1TszHn9d_-PoANONUQX5FZluJh4pmjA-pYTE9m8Xa6AV7mjoUtECpL4vUKF74o77K64C-PIC2x_';
    expect(decodeShareState(frozen)).toEqual({
      ok: true,
      warnings: [],
      state: {
        text: 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n',
        profile: 'openshift',
        trace: { from: 'internet', to: 'svc:shop/web', port: 80, protocol: 'TCP' },
        view: { selected: 'Service/shop/web', theme: 'dark', tab: 'trace', showConnections: true },
        scenarioId: 'route-edge-allow',
      },
    });
  });

  it('opens old links (only text and profile) and ignores fields it does not know', () => {
    const old = rawLink({ text: 'kind: Namespace\nmetadata: {name: a}\n', profile: 'lumi-k' });
    expect(decodeShareState(old)).toEqual({ ok: true, state: { text: 'kind: Namespace\nmetadata: {name: a}\n', profile: 'lumi-k' }, warnings: [] });
    const newer = rawLink({ text: 'x', profile: 'openshift', future: { a: 1 }, view: { theme: 'dark', minimap: true } });
    expect(decodeShareState(newer)).toEqual({ ok: true, state: { text: 'x', profile: 'openshift', view: { theme: 'dark' } }, warnings: [] });
  });

  it('a picked profile is kept; a link without one (or made on Auto) opens on auto, and Auto writes no profile', () => {
    expect(decodeShareState(rawLink({ text: 'x' }))).toEqual({ ok: true, state: { text: 'x', profile: 'auto' }, warnings: [] });
    const auto = encodeShareState({ text: 'x', profile: 'auto' });
    expect(decodeShareState(auto)).toEqual({ ok: true, state: { text: 'x', profile: 'auto' }, warnings: [] });
    expect(encodeShareState({ text: 'x', profile: 'auto' })).toBe(encodeShareState({ text: 'x' } as never));
    const picked = decodeShareState(encodeShareState({ text: 'x', profile: 'lumi-k' }));
    expect(picked.ok && picked.state.profile).toBe('lumi-k');
  });

  it('keeps the manifests when an optional field is malformed, and says what was dropped', () => {
    const r = decodeShareState(rawLink({ text: 'y', profile: 'mesos', trace: 'a->b', view: [] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state).toEqual({ text: 'y', profile: 'kubernetes' });
    expect(r.warnings.join(' ')).toMatch(/profile "mesos" is not known/);
    expect(r.warnings.join(' ')).toMatch(/preset trace is malformed/);
    expect(r.warnings.join(' ')).toMatch(/view settings are malformed/);
  });

  it('drops out-of-range trace fields but keeps the trace', () => {
    const r = decodeShareState(rawLink({ text: '', profile: 'kubernetes', trace: { from: 'a/b', to: 'c/d', port: 70000, protocol: 'ICMP' } }));
    expect(r.ok && r.state.trace).toEqual({ from: 'a/b', to: 'c/d' });
  });
});

describe('compare mode baseline (optional field)', () => {
  it('round-trips, and a malformed baseline is dropped with a warning, never failing the link', () => {
    const r = decodeShareState(encodeShareState({ text: 'a', profile: 'openshift', before: { text: 'b', profile: 'kubernetes' } }));
    expect(r.ok && r.state.before).toEqual({ text: 'b', profile: 'kubernetes' });
    const bad = decodeShareState(encodeShareState({ text: 'a', profile: 'openshift', before: 42 as unknown as { text: string; profile: 'kubernetes' } }));
    expect(bad.ok).toBe(true);
    if (bad.ok) {
      expect(bad.state.before).toBeUndefined();
      expect(bad.warnings.join(' ')).toContain('"before"');
    }
    const old = decodeShareState(encodeShareState({ text: 'a', profile: 'openshift' }));
    expect(old.ok && old.state.before).toBeUndefined();
  });
});

describe('"open this hop" (issue 14)', () => {
  const base: ShareState = { text: 'kind: Service\n', profile: 'openshift', trace: { from: 'internet', to: 'svc:shop/web', port: 80 } };

  it('a link carries the hop to open, and the same state always gives the same link', () => {
    const state: ShareState = { ...base, view: { hop: 3, tab: 'trace' } };
    const a = encodeShareState(state);
    expect(encodeShareState(JSON.parse(JSON.stringify(state)) as ShareState)).toBe(a);
    const r = decodeShareState(a);
    expect(r.ok && r.state.view?.hop).toBe(3);
  });

  it('a hop that is not a hop number is dropped, the rest of the link opens', () => {
    for (const hop of [0, -1, 2.5, 1001, '2', null]) {
      const r = decodeShareState(rawLink({ ...base, view: { hop, theme: 'dark' } }));
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.state.view).toEqual({ theme: 'dark' });
    }
  });

  it('the first release\'s frozen link still opens, with no hop', () => {
    const frozen =
      'v1:TZCxbsMwDER_ReDsIOkWaM3ULUCLLnUHRaZjITYpUIxdwPC_l0oydOPpyMcTV1D8VfAQcvpCKYnJu_mtpVuizrsPlDlFbGlCDV3Q4N1KYULvFrw0rpYlh2i6DJy3lkrG6FtyruCIUVlsIOT86DfbucyixbvvtRbeHQ-N0yBX1PNLHw_bT0vQQBbu04iWjTNSGVKv9qpi68Cv0AtP5iVSFMKHxabLHH3NsreFFWJU8Lal4pQjj9bzeTrD1sCccKmkZ1TszHn9d_-PoANONUQX5FZluJh4pmjA-pYTE9m8Xa6AV7mjoUtECpL4vUKF74o77K64C-PIC2x_';
    const r = decodeShareState(frozen);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.state.view?.hop).toBeUndefined();
  });
});
