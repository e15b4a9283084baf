// ipBlocks and ANP `networks` against pod addresses, in every profile but openshift-multitenant: a block
// matches pods whose IP is inside it (kubernetes test/e2e/network/netpol/network_policy.go, "should allow
// egress access to server in CIDR block" — an egress ipBlock of the server pod's podIP/32 admits it —
// and "should enforce except clause while egress access to server in CIDR block"; the ANP API: "if you
// Allow or Deny traffic to 0.0.0.0/0, that will allow or deny all IPv4 pod-to-pod traffic as well";
// OVN-Kubernetes' ACL is a plain address match). A pod without status.podIPs is "somewhere in the
// profile's pod space" (podspace.ts): all of it inside → match, none → no match, part → undetermined.
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { evaluateConnection } from './evaluate';
import { cidrRelation, ipBlockMatchesPod } from './match';
import { allowed, clusterOf, ns, pod, verdict } from './testkit';
import type { ProfileName } from '../../model/types';

const OVN: ProfileName[] = ['openshift', 'lumi-k'];

/** Per profile: the pod space, an except list that holds all of it, a block holding part of it, one holding none. */
const SPACE: Record<string, { space: string; exceptAll: string; partial: string; disjoint: string }> = {
  openshift: { space: 'the pod CIDR 10.128.0.0/14', exceptAll: '[10.128.0.0/14]', partial: '10.128.2.0/24', disjoint: '192.168.0.0/16' },
  'lumi-k': { space: 'the pod CIDR 10.128.0.0/14', exceptAll: '[10.128.0.0/14]', partial: '10.128.2.0/24', disjoint: '192.168.0.0/16' },
  kubernetes: { space: 'the private ranges the profile assumes for pods', exceptAll: '[10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10]', partial: '10.128.2.0/24', disjoint: '8.8.8.0/24' },
};
const ALL: ProfileName[] = ['kubernetes', 'openshift', 'lumi-k'];

const status = (...ips: string[]) => `status:\n  podIP: ${ips[0]}\n  podIPs:\n${ips.map((ip) => `  - ip: ${ip}`).join('\n')}\n`;

/**
 * Namespace `app` with pod `client` whose egress is only `to` (a YAML flow list of peers), and namespace `db`
 * whose pods admit every ingress (so lumi-k's implied project policies do not decide these tests).
 */
function egressOnly(to: string, ports = '', dbPodExtra = ''): string {
  return (
    ns('app') +
    ns('db') +
    pod('app', 'client', { app: 'client' }) +
    pod('db', 'pg', { app: 'pg' }, [{ containerPort: 5432 }], dbPodExtra) +
    `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-all-in, namespace: db}\nspec:\n  podSelector: {}\n  ingress: [{}]\n` +
    `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress-only, namespace: app}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: ${to}\n${ports ? `    ports: ${ports}\n` : ''}`
  );
}

function egressHop(profile: ProfileName, yaml: string, to = 'db/pg', port = 5432) {
  const c = clusterOf(yaml, profile);
  const v = verdict(c, 'app/client', to, port);
  return { c, v, hop: v.hops[0] };
}

describe('CIDR helpers', () => {
  it('relates nested, equal and disjoint CIDRs', () => {
    expect(cidrRelation('10.128.0.0/14', '0.0.0.0/0')).toBe('inside');
    expect(cidrRelation('10.128.0.0/14', '10.128.0.0/14')).toBe('inside');
    expect(cidrRelation('10.128.0.0/14', '10.128.2.0/24')).toBe('contains');
    expect(cidrRelation('10.128.0.0/14', '192.168.0.0/16')).toBe('disjoint');
    expect(cidrRelation('10.128.0.0/14', 'fd00::/8')).toBe('disjoint');
    expect(cidrRelation('10.128.0.0/14', 'nonsense')).toBe('invalid');
  });
});

describe.each(ALL)('ipBlocks match pods by address under the %s profile', (profile) => {
  const sp = SPACE[profile];
  it('the "allow all egress" block 0.0.0.0/0 admits pods with unknown IPs: the pod CIDR is inside it', () => {
    const { v, hop } = egressHop(profile, egressOnly('[{ipBlock: {cidr: 0.0.0.0/0}}]'));
    expect(v.egress.allowed).toBe(true);
    expect(v.egress.undecided).toBeUndefined();
    expect(hop.verdict).toBe('allowed');
    expect(hop.steps.map((s) => s.text).join('\n')).toContain(`ipBlocks match pods by address: db/pg has no status.podIPs in the input, but 0.0.0.0/0 holds all of ${sp.space}`);
    expect(v.egress.rule?.path).toBe('spec.egress.0.to.0');
  });

  it('an except holding the whole pod CIDR excludes every pod, for certain', () => {
    const { v, hop } = egressHop(profile, egressOnly(`[{ipBlock: {cidr: 0.0.0.0/0, except: ${sp.exceptAll}}}]`));
    expect(v.egress.allowed).toBe(false);
    expect(v.egress.undecided).toBeUndefined();
    expect(hop.verdict).toBe('denied');
    expect(v.egress.steps.map((s) => s.text).join('\n')).toContain(`db/pg has an address in ${sp.space}`);
  });

  it('a block disjoint from the pod CIDR matches no pod, for certain', () => {
    const { v, hop } = egressHop(profile, egressOnly(`[{ipBlock: {cidr: ${sp.disjoint}}}]`));
    expect(v.egress.allowed).toBe(false);
    expect(hop.verdict).toBe('denied');
    expect(v.egress.undecided).toBeUndefined();
  });

  it('a block covering part of the pod space is undetermined for a pod without status.podIPs (not denied)', () => {
    const { v, hop } = egressHop(profile, egressOnly(`[{ipBlock: {cidr: ${sp.partial}}}]`));
    expect(v.allowed).toBe(false);
    expect(v.verdict).toBe('undetermined');
    expect(v.egress.undecided?.[0]).toContain(`${sp.partial} holds only part of ${sp.space}`);
    expect(hop.verdict).toBe('undetermined');
    expect(hop.summary).toContain('Undetermined: it depends on a pod IP the input does not give');
  });

  it('a partial except is undecided as well', () => {
    const { v, hop } = egressHop(profile, egressOnly('[{ipBlock: {cidr: 10.0.0.0/8, except: [10.128.4.0/22]}}]'));
    expect(v.allowed).toBe(false);
    expect(hop.verdict).toBe('undetermined');
    expect(v.egress.undecided?.[0]).toContain(`10.0.0.0/8 except 10.128.4.0/22 holds only part of ${sp.space}`);
  });

  it('undecided only matters when the rule ports would admit the connection', () => {
    const { v, hop } = egressHop(profile, egressOnly(`[{ipBlock: {cidr: ${sp.partial}}}]`, '[{port: 9999}]'));
    expect(v.allowed).toBe(false);
    expect(v.egress.undecided).toBeUndefined();
    expect(hop.verdict).toBe('denied');
  });

  it('another rule admitting the peer makes the verdict certain', () => {
    const y = egressOnly('[{ipBlock: {cidr: 10.128.2.0/24}}, {namespaceSelector: {}}]');
    const { v, hop } = egressHop(profile, y);
    expect(v.allowed).toBe(true);
    expect(v.egress.undecided).toBeUndefined();
    expect(hop.verdict).toBe('allowed');
  });

  it('a pod with status.podIPs is decided by its address; except narrows as usual (e2e netpol: server podIP/32 admitted, except podIP/32 not)', () => {
    const inside = egressHop(profile, egressOnly('[{ipBlock: {cidr: 10.128.2.0/24}}]', '', status('10.128.2.7')));
    expect(inside.v.allowed).toBe(true);
    expect(inside.hop.steps.map((s) => s.text).join('\n')).toContain('pod IP 10.128.2.7 (status.podIPs) ⊂ 10.128.2.0/24');
    const outside = egressHop(profile, egressOnly('[{ipBlock: {cidr: 10.128.2.0/24}}]', '', status('10.129.0.5')));
    expect(outside.v.allowed).toBe(false);
    expect(outside.hop.verdict).toBe('denied');
    const excepted = egressHop(profile, egressOnly('[{ipBlock: {cidr: 10.128.0.0/14, except: [10.128.2.0/24]}}]', '', status('10.128.2.7')));
    expect(excepted.v.allowed).toBe(false);
    expect(excepted.v.egress.steps.map((s) => s.text).join('\n')).toContain('pod IP 10.128.2.7 is in 10.128.0.0/14 but excluded by except 10.128.2.0/24');
  });

  it('dual-stack: any of the pod IPs in the block matches', () => {
    const { v } = egressHop(profile, egressOnly('[{ipBlock: {cidr: "fd01::/48"}}]', '', status('10.128.2.7', 'fd01::7')));
    expect(v.allowed).toBe(true);
  });

  it('ingress: a block admits source pods by their address (pod-to-pod traffic is not SNATed)', () => {
    if (profile === 'kubernetes') return; // 10.128.0.0/14 is only part of the kubernetes pod space: see the next test
    const y =
      ns('app') +
      ns('db') +
      pod('app', 'client', { app: 'client' }) +
      pod('db', 'pg', { app: 'pg' }, [{ containerPort: 5432 }]) +
      `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-cluster, namespace: db}\nspec:\n  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.128.0.0/14}}]\n`;
    const c = clusterOf(y, profile);
    expect(allowed(c, 'app/client', 'db/pg', 5432)).toBe(true);
    expect(allowed(c, 'router', 'db/pg', 5432)).toBe(true);
    expect(allowed(c, '203.0.113.9', 'db/pg', 5432)).toBe(false);
  });

  it('the classic "allow all egress" with 0.0.0.0/0 lets the pod resolve names (DNS pods on 5353) and reach the Service', () => {
    const y = egressOnly('[{ipBlock: {cidr: 0.0.0.0/0}}]') + `---\napiVersion: v1\nkind: Service\nmetadata: {name: pg, namespace: db}\nspec: {selector: {app: pg}, ports: [{port: 5432}]}\n`;
    const c = clusterOf(y, profile);
    expect(verdict(c, 'app/client', 'db/pg', 5432).allowed).toBe(true);
    const dns = evaluateConnection(c, { kind: 'pod', pod: c.podsById.get('app/client')! }, { kind: 'pod', pod: c.dnsPod }, 5353, 'UDP');
    expect(dns.egress.allowed).toBe(true);
    const t = traceQuery(c, { from: 'app/client', to: 'dns:pg.db', port: 5432 });
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('db/pg');
    expect(t.hops.find((h) => h.kind === 'dns')?.verdict).toBe('allowed');
  });

  it('a Service in front of the pod: egress is checked on the endpoint pod after DNAT', () => {
    const y = egressOnly('[{ipBlock: {cidr: 0.0.0.0/0}}]') + `---\napiVersion: v1\nkind: Service\nmetadata: {name: pg, namespace: db}\nspec: {selector: {app: pg}, ports: [{port: 5432}]}\n`;
    const t = traceQuery(clusterOf(y, profile), { from: 'app/client', to: 'svc:db/pg', port: 5432 });
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('db/pg');
  });

  it('the trace of an undecided block is undetermined (allowed: false) and its summary names the dependency', () => {
    const t = traceQuery(clusterOf(egressOnly('[{ipBlock: {cidr: 10.128.2.0/24}}]'), profile), { from: 'app/client', to: 'db/pg', port: 5432 });
    expect(t.allowed).toBe(false);
    expect(t.verdict).toBe('undetermined');
    expect(t.summary).toContain('undetermined — Undetermined: it depends on a pod IP the input does not give');
    const y = egressOnly('[{ipBlock: {cidr: 10.128.2.0/24}}]') + `---\napiVersion: v1\nkind: Service\nmetadata: {name: pg, namespace: db}\nspec: {selector: {app: pg}, ports: [{port: 5432}]}\n`;
    const s = traceQuery(clusterOf(y, profile), { from: 'app/client', to: 'svc:db/pg', port: 5432 });
    expect(s.allowed).toBe(false);
    expect(s.verdict).toBe('undetermined');
    expect(s.summary).toContain('it depends on a pod IP the input does not give');
  });

  it('ANP networks match pods too: a Deny of 0.0.0.0/0 stops pod-to-pod traffic', () => {
    const y =
      egressOnly('[{namespaceSelector: {}}]') +
      `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: no-egress}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}\n  egress:\n  - {name: deny-all, action: Deny, to: [{networks: [0.0.0.0/0]}]}\n`;
    const v = verdict(clusterOf(y, profile), 'app/client', 'db/pg', 5432);
    expect(v.allowed).toBe(false);
    expect(v.egress.decidedBy).toBe('admin-network-policy');
    expect(v.egress.steps.map((s) => s.text).join('\n')).toContain('networks peers match pods by address');
  });

  it('ANP networks covering part of the pod space: an undecided Deny before an allowing NetworkPolicy is undetermined', () => {
    const y =
      egressOnly('[{namespaceSelector: {}}]') +
      `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: no-db-subnet}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}\n  egress:\n  - {name: deny-subnet, action: Deny, to: [{networks: [10.130.0.0/16]}]}\n`;
    const v = verdict(clusterOf(y, profile), 'app/client', 'db/pg', 5432);
    expect(v.allowed).toBe(false);
    expect(v.verdict).toBe('undetermined');
    expect(v.egress.allowed).toBe(true);
    expect(v.egress.decidedBy).toBe('network-policy');
    expect(v.egress.undecided?.[0]).toContain('deny-subnet');
    expect(v.hops[0].verdict).toBe('undetermined');
    expect(v.hops[0].summary).toContain('With the block not matching it would be allowed');
  });
});

describe('undecided admin rules count only when they could change the verdict', () => {
  const anp = (rules: string) =>
    egressOnly('[{namespaceSelector: {}}]') +
    `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}\n  egress:\n${rules}`;
  it('an undecided Deny before a Deny that matches: denied either way, no warning', () => {
    const v = verdict(clusterOf(anp('  - {name: part, action: Deny, to: [{networks: [10.130.0.0/16]}]}\n  - {name: all, action: Deny, to: [{networks: [0.0.0.0/0]}]}\n'), 'openshift'), 'app/client', 'db/pg', 5432);
    expect(v.allowed).toBe(false);
    expect(v.egress.undecided).toBeUndefined();
    expect(v.hops[0].verdict).toBe('denied');
  });
  it('an undecided Allow before a Deny: the verdict may flip, so the hop is undetermined, naming the Allow rule', () => {
    const v = verdict(clusterOf(anp('  - {name: part, action: Allow, to: [{networks: [10.130.0.0/16]}]}\n  - {name: all, action: Deny, to: [{networks: [0.0.0.0/0]}]}\n'), 'openshift'), 'app/client', 'db/pg', 5432);
    expect(v.allowed).toBe(false);
    expect(v.egress.undecided?.[0]).toContain('"part" (Allow)');
    expect(v.hops[0].verdict).toBe('undetermined');
    expect(v.hops[0].steps.at(-1)?.text).toContain('Undetermined:');
  });
  it('an undecided Pass before a Deny may hand the decision to NetworkPolicy: a warning', () => {
    const v = verdict(clusterOf(anp('  - {name: part, action: Pass, to: [{networks: [10.130.0.0/16]}]}\n  - {name: all, action: Deny, to: [{networks: [0.0.0.0/0]}]}\n'), 'openshift'), 'app/client', 'db/pg', 5432);
    expect(v.allowed).toBe(false);
    expect(v.egress.undecided).toHaveLength(1);
  });
});

describe('the kubernetes profile: no pod CIDR is known, private ranges are assumed', () => {
  it('a pod with a known IP is matched by its address (e2e netpol "should allow egress access to server in CIDR block")', () => {
    const { v } = egressHop('kubernetes', egressOnly('[{ipBlock: {cidr: 10.128.2.7/32}}]', '', status('10.128.2.7')));
    expect(v.allowed).toBe(true);
    const { v: e } = egressHop('kubernetes', egressOnly('[{ipBlock: {cidr: 10.128.2.0/24, except: [10.128.2.7/32]}}]', '', status('10.128.2.7')));
    expect(e.allowed).toBe(false);
    expect(e.verdict).toBe('denied');
  });

  it('a public block cannot hold an assumed pod address: a plain miss, while a private one is undetermined', () => {
    const pub = egressHop('kubernetes', egressOnly('[{ipBlock: {cidr: 203.0.113.0/24}}]'));
    expect(pub.v.verdict).toBe('denied');
    const priv = egressHop('kubernetes', egressOnly('[{ipBlock: {cidr: 192.168.0.0/16}}]'));
    expect(priv.v.verdict).toBe('undetermined');
  });

  it('ANP networks Deny of a public address leaves pod-to-pod traffic alone (the corpus case anp-and-banp-using-networks-test)', () => {
    const y =
      egressOnly('[{namespaceSelector: {}}]') +
      `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: no-dns}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}\n  egress:\n  - {name: deny-dns, action: Deny, to: [{networks: [8.8.8.8/32]}]}\n`;
    expect(verdict(clusterOf(y, 'kubernetes'), 'app/client', 'db/pg', 5432).verdict).toBe('allowed');
  });
});

describe('openshift-multitenant: NetworkPolicy is not enforced, so ipBlocks change nothing', () => {
  it('the verdict is project isolation whatever the block says', () => {
    for (const to of ['[{ipBlock: {cidr: 0.0.0.0/0}}]', '[{ipBlock: {cidr: 192.168.0.0/16}}]']) {
      const c = clusterOf(egressOnly(to), 'openshift-multitenant');
      const v = verdict(c, 'app/client', 'db/pg', 5432);
      expect(v.allowed).toBe(false);
      expect(v.ingress.decidedBy).toBe('project-isolation');
      expect(v.egress.undecided).toBeUndefined();
    }
  });
});

describe('ipBlockMatchesPod', () => {
  const c = clusterOf(pod('a', 'p') + pod('a', 'h', {}, [], '  hostNetwork: true\n'), 'openshift');
  it('host-network pods use the node address: only a /0 block is certain', () => {
    const h = c.podsById.get('a/h')!;
    expect(h.hostNetwork).toBe(true);
    expect(ipBlockMatchesPod('0.0.0.0/0', [], h, '10.128.0.0/14').matches).toBe(true);
    const m = ipBlockMatchesPod('10.128.0.0/14', [], h, '10.128.0.0/14');
    expect(m).toMatchObject({ matches: false, undecided: true });
  });
  it('an invalid cidr matches nothing, for certain', () => {
    expect(ipBlockMatchesPod('10.0.0.0/33', [], c.podsById.get('a/p')!, '10.128.0.0/14')).toMatchObject({ matches: false });
    expect(ipBlockMatchesPod('10.0.0.0/33', [], c.podsById.get('a/p')!, '10.128.0.0/14')).not.toHaveProperty('undecided');
  });
});

describe('DNS lookups under openshift with a block covering part of the pod CIDR', () => {
  it('the DNS lookup is undetermined (not dropped) and says it depends on the DNS pods\' IP', () => {
    const y =
      ns('app') +
      pod('app', 'client', { app: 'client' }) +
      `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress-only, namespace: app}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 10.128.0.0/16}}]\n`;
    const t = traceQuery(clusterOf(y, 'openshift'), { from: 'app/client', to: 'dns:kubernetes.default', port: 443 });
    expect(t.allowed).toBe(false);
    expect(t.verdict).toBe('undetermined');
    const dns = t.hops.find((h) => h.kind === 'dns')!;
    expect(dns.verdict).toBe('undetermined');
    expect(dns.summary).toContain('may query the cluster DNS');
    expect(dns.steps.some((s) => s.text.includes("10.128.0.0/16 holds only part of the pod CIDR 10.128.0.0/14, and openshift-dns/dns-default has no status.podIPs in the input: it depends on the pod's IP"))).toBe(true);
  });
});
