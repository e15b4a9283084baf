// Label selectors (metav1.LabelSelector): normalising what the user wrote and deciding matches.
// Semantics follow k8s.io/apimachinery labels.Selector: all requirements ANDed; an empty selector
// matches everything; `NotIn` and `DoesNotExist` match objects that lack the key.
import type { Labels } from './types';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

export interface LabelSelector {
  matchLabels: Labels;
  matchExpressions: readonly SelectorRequirement[];
}

export const EVERYTHING: LabelSelector = Object.freeze({ matchLabels: Object.freeze({}), matchExpressions: Object.freeze([]) });

export function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

export function requirementMatches(r: SelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** Does the selector select an object with these labels? */
export function selectorMatches(s: LabelSelector, labels: Labels): boolean {
  for (const k in s.matchLabels) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== s.matchLabels[k]) return false;
  }
  for (const r of s.matchExpressions) if (!requirementMatches(r, labels)) return false;
  return true;
}

/** `app=web,tier in (a,b),!legacy` — kubectl's way of writing a selector, for explanations. */
export function formatSelector(s: LabelSelector): string {
  const parts = Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of s.matchExpressions) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(',')})`);
  }
  return parts.length === 0 ? '{} (everything)' : parts.join(',');
}
