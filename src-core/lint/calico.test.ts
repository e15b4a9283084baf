// lint/calico.ts: the common mistakes of Calico policies, under the calico profile. Semantics as in the
// Calico docs (docs.tigera.io/calico/latest/reference/resources/networkpolicy: "order", rule evaluation).
import { describe, expect, it } from 'vitest';
import { of, pods } from './testkit';

const cnp = (name: string, spec: string) => `---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;

describe('calico lint', () => {
  it('a policy selector that selects no pod, at the selector line', () => {
    const f = of(pods + cnp('typo', `  selector: app == 'wbe'\n  ingress:\n  - action: Allow\n`), 'calico-selector-matches-nothing', 'calico');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('app == "wbe"');
    expect(f[0].source.startLine).toBe(20); // the selector line: pods (14 lines), ---, apiVersion, kind, metadata, spec
    expect(of(pods + cnp('ok', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n`), 'calico-selector-matches-nothing', 'calico')).toHaveLength(0);
  });

  it('a rule selector that matches nothing in the namespace says the rule stays in the policy namespace', () => {
    const f = of(pods + cnp('r', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      selector: app == 'ui'\n`), 'calico-selector-matches-nothing', 'calico');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('namespaceSelector');
  });

  it('a rule after a catch-all rule is shadowed; a later policy after a catch-all Deny of the same pods too', () => {
    const f = of(pods + cnp('p', `  selector: app == 'web'\n  ingress:\n  - action: Deny\n  - action: Allow\n    source:\n      selector: app == 'other'\n`), 'calico-rule-shadowed', 'calico');
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('ingress rule 2 (Allow) is never reached')]);
    const two = cnp('deny-all', `  order: 10\n  selector: all()\n  ingress:\n  - action: Deny\n`) + cnp('allow-web', `  order: 20\n  selector: app == 'web'\n  ingress:\n  - action: Allow\n`);
    const g = of(pods + two, 'calico-rule-shadowed', 'calico');
    expect(g).toHaveLength(1);
    expect(g[0].object).toBe('NetworkPolicy/shop/allow-web');
    // Read in the other order, nothing is shadowed.
    expect(of(pods + two.replace('order: 20', 'order: 5'), 'calico-rule-shadowed', 'calico')).toHaveLength(0);
  });

  it('a policy in a tier the input does not have', () => {
    const f = of(pods + cnp('security.x', `  tier: security\n  selector: all()\n`), 'calico-tier-missing', 'calico');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('tier security');
  });

  it('nothing under another profile (the unmodelled finding speaks there)', () => {
    expect(of(pods + cnp('typo', `  selector: app == 'wbe'\n`), 'calico-selector-matches-nothing', 'kubernetes')).toHaveLength(0);
    expect(of(pods + cnp('typo', `  selector: app == 'wbe'\n`), 'unmodelled-policy', 'kubernetes')).toHaveLength(1);
  });
});

describe('calico-egress-no-dns', () => {
  it('an egress policy without a DNS rule: one finding at the deciding rule, with a Calico allow rule as the fix', () => {
    const y = cnp('web-egress', `  selector: app == 'web'\n  types: [Egress]\n  egress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      selector: app == 'other'\n`);
    const f = of(pods + y, 'calico-egress-no-dns', 'calico');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('shop/a, shop/b');
    expect(f[0].fix?.snippet).toContain("projectcalico.org/name == 'kube-system'");
    const withDns = y + `  - action: Allow\n    protocol: UDP\n    destination:\n      namespaceSelector: projectcalico.org/name == 'kube-system'\n      ports: [53]\n`;
    expect(of(pods + withDns, 'calico-egress-no-dns', 'calico')).toHaveLength(0);
  });
});
