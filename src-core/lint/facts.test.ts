// Lint reads typed facts, never prose: with every hop's title, summary and steps rewritten (rot13, so no
// word survives), every rule still finds the same things — the same code, severity, object and line. A
// rule that matched a hop's wording (as egress-policy-drops-all / -ignored once did) fails here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { HopInit } from '../analyze/trace/builder';
import { loadCluster } from '../index';
import type { ProfileName } from '../model/types';
import { lintCluster } from './index';

const state = vi.hoisted(() => ({ mangle: false }));

vi.mock('../analyze/trace/builder', async (importOriginal) => {
  const real = await importOriginal<typeof import('../analyze/trace/builder')>();
  const rot = (s: string) => s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c === c.toLowerCase() ? 97 : 65)));
  return {
    ...real,
    hop: (h: HopInit) => real.hop(state.mangle ? { ...h, title: rot(h.title), summary: rot(h.summary), steps: h.steps?.map((s) => ({ ...s, text: rot(s.text) })) } : h),
    step: (text: string, ...rest: Parameters<typeof real.step> extends [string, ...infer R] ? R : never) => real.step(state.mangle ? rot(text) : text, ...rest),
  };
});

const ROOT = join(__dirname, '../..');
const PROFILES: ProfileName[] = ['kubernetes', 'openshift', 'openshift-multitenant', 'lumi-k'];

/** Inputs for the rules that read hops: a global netid (ignored), an EgressNetworkPolicy under OVN-K
 *  (not enforced), a joined netid (drops all), an egress IP no node hosts. */
const egress = `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: etl, labels: {app: a}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: warehouse, labels: {app: a}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: global, labels: {app: a}}
spec: {containers: [{name: c}]}
---
apiVersion: network.openshift.io/v1
kind: NetNamespace
metadata: {name: etl}
netname: etl
netid: 880
egressIPs: [192.0.2.77]
---
apiVersion: network.openshift.io/v1
kind: NetNamespace
metadata: {name: warehouse}
netname: warehouse
netid: 880
---
apiVersion: network.openshift.io/v1
kind: NetNamespace
metadata: {name: global}
netname: global
netid: 0
---
apiVersion: network.openshift.io/v1
kind: EgressNetworkPolicy
metadata: {name: default, namespace: etl}
spec: {egress: [{type: Deny, to: {cidrSelector: 0.0.0.0/0}}]}
---
apiVersion: network.openshift.io/v1
kind: EgressNetworkPolicy
metadata: {name: default, namespace: global}
spec: {egress: [{type: Deny, to: {cidrSelector: 0.0.0.0/0}}]}
`;

function inputs(): { name: string; text: string }[] {
  const out = [{ name: 'egress.yaml', text: egress }];
  for (const d of ['public/examples', 'src-core/analyze/edge/fixtures']) {
    for (const f of readdirSync(join(ROOT, d))) if (/\.ya?ml$/.test(f)) out.push({ name: `${d}/${f}`, text: readFileSync(join(ROOT, d, f), 'utf8') });
  }
  return out;
}

/** What a finding decides: not its message (which may quote a hop), but code, severity, object and place. */
function decided(mangle: boolean): string[] {
  state.mangle = mangle;
  try {
    const out: string[] = [];
    for (const input of inputs()) {
      for (const profile of PROFILES) {
        // A fresh cluster each time: the edge stage caches per cluster.
        const c = loadCluster([input], { profile });
        for (const f of lintCluster(c, { now: new Date('2026-01-01T00:00:00Z') })) out.push(`${input.name} ${profile}: ${f.code} ${f.severity} ${f.object ?? '-'} ${f.source.file}:${f.source.startLine}`);
      }
    }
    return out;
  } finally {
    state.mangle = false;
  }
}

describe('lint reads typed facts, never the wording of hops', () => {
  it('the mangling reaches the hops lint reads (the test can fail)', async () => {
    const { firewallHopFor } = await import('../analyze/edge/egress');
    const c = loadCluster([{ name: 'egress.yaml', text: egress }], { profile: 'openshift-multitenant' });
    const pod = c.podsById.get('etl/app')!;
    state.mangle = true;
    try {
      const h = firewallHopFor(c, pod, '192.0.2.1', 443, 'TCP')!;
      expect(h.code).toBe('egress-firewall-drops-all');
      expect(h.summary).not.toContain('ALL egress');
    } finally {
      state.mangle = false;
    }
  });

  it('rewording every hop changes no finding', () => {
    const plain = decided(false);
    const codes = new Set(plain.map((l) => l.split(': ')[1].split(' ')[0]));
    // The corpus exercises the rules that read hops.
    for (const code of ['egress-policy-drops-all', 'egress-policy-ignored', 'egress-ip-unhosted', 'egress-no-dns', 'router-isolated', 'route-targetport-no-endpoint']) expect(codes).toContain(code);
    expect(decided(true)).toEqual(plain);
  });
});
