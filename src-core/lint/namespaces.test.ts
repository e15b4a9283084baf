import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { lintCluster } from './index';

const DUMP = readFileSync(join(__dirname, '../testing/fixtures/oc-get-all-shop.yaml'), 'utf8');
const findings = (text: string) => lintCluster(loadCluster([{ name: 'in.yaml', text }], { profile: 'openshift' })).filter((f) => f.code === 'namespace-selector-matches-nothing');

describe('lint: namespace selectors that match no namespace of the input', () => {
  it('flags `name: shop` in a dump without Namespace objects, says the labels were assumed, and offers kubernetes.io/metadata.name', () => {
    const [f, ...rest] = findings(DUMP);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', object: 'NetworkPolicy/shop/backend-from-shop' });
    expect(f.message).toContain('namespaceSelector name=shop matches no namespace of the input');
    expect(f.message).toContain('no Namespace object for "shop"');
    expect(f.fix?.snippet).toBe('namespaceSelector:\n  matchLabels:\n    kubernetes.io/metadata.name: shop\n');
    expect(DUMP.split('\n')[f.source.startLine - 1]).toContain('namespaceSelector');
    // The router namespace's selector (policy-group ingress) matches the profile's router namespace: not flagged.
    expect(findings(DUMP).some((x) => x.object === 'NetworkPolicy/shop/allow-from-openshift-ingress')).toBe(false);
  });

  it('a declared Namespace with the label satisfies it; one without it makes the rule admit nothing', () => {
    expect(findings(DUMP + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {name: shop}}\n')).toEqual([]);
    const declared = `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: openshift-ingress, labels: {policy-group.network.openshift.io/ingress: ""}}\n`;
    const [f] = findings(DUMP + declared);
    expect(f.message).toContain('the rule admits nothing');
  });

  it('selectors on kubernetes.io/metadata.name of a namespace in the input, and empty selectors, are fine', () => {
    expect(findings(DUMP.replace('            name: shop', '            kubernetes.io/metadata.name: shop'))).toEqual([]);
    expect(findings(DUMP.replace('        matchLabels:\n            name: shop', '        {}'))).toEqual([]);
  });
});
