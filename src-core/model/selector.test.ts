import { describe, expect, it } from 'vitest';
import { formatSelector, selectorMatches, type LabelSelector } from './selector';

const sel = (matchLabels: Record<string, string>, matchExpressions: LabelSelector['matchExpressions'] = []): LabelSelector => ({ matchLabels, matchExpressions });

describe('selectorMatches', () => {
  it('an empty selector matches everything, even no labels', () => {
    expect(selectorMatches(sel({}), {})).toBe(true);
  });
  it('matchLabels and matchExpressions are ANDed', () => {
    const s = sel({ app: 'web' }, [{ key: 'tier', operator: 'In', values: ['a', 'b'] }]);
    expect(selectorMatches(s, { app: 'web', tier: 'a' })).toBe(true);
    expect(selectorMatches(s, { app: 'web', tier: 'c' })).toBe(false);
    expect(selectorMatches(s, { tier: 'a' })).toBe(false);
  });
  it('NotIn and DoesNotExist match objects without the key; In and Exists do not', () => {
    expect(selectorMatches(sel({}, [{ key: 'env', operator: 'NotIn', values: ['prod'] }]), {})).toBe(true);
    expect(selectorMatches(sel({}, [{ key: 'env', operator: 'DoesNotExist', values: [] }]), {})).toBe(true);
    expect(selectorMatches(sel({}, [{ key: 'env', operator: 'In', values: ['prod'] }]), {})).toBe(false);
    expect(selectorMatches(sel({}, [{ key: 'env', operator: 'Exists', values: [] }]), {})).toBe(false);
    expect(selectorMatches(sel({}, [{ key: 'env', operator: 'NotIn', values: ['prod'] }]), { env: 'prod' })).toBe(false);
  });
  it('an empty label value is a value', () => {
    expect(selectorMatches(sel({ 'policy-group.network.openshift.io/ingress': '' }), { 'policy-group.network.openshift.io/ingress': '' })).toBe(true);
    expect(selectorMatches(sel({ a: '' }), {})).toBe(false);
  });
  it('is not fooled by inherited object properties', () => {
    expect(selectorMatches(sel({}, [{ key: 'toString', operator: 'Exists', values: [] }]), {})).toBe(false);
  });
  it('formats like kubectl', () => {
    expect(formatSelector(sel({ app: 'web' }, [{ key: 'x', operator: 'NotIn', values: ['1', '2'] }, { key: 'y', operator: 'DoesNotExist', values: [] }]))).toBe('app=web,x notin (1,2),!y');
  });
});
