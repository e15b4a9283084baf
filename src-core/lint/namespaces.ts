// Lint: namespace selectors that select no namespace of the input. `oc get all` dumps carry no Namespace
// objects, so a namespace the input only uses has just `kubernetes.io/metadata.name`; a policy peer such as
// `namespaceSelector: {matchLabels: {name: shop}}` then matches nothing podpath knows of. On the cluster the
// namespace may carry that label (the verdict is a guess, and the trace says so: analyze/nsguess.ts) or may
// not (the rule admits nothing). `kubernetes.io/metadata.name`, which the API server sets on every
// namespace, says the same without the doubt.
import type { BuiltCluster } from '../model/build';
import { NAME_LABEL } from '../model/kinds/namespace';
import { formatSelector, isEmptySelector, selectorMatches, type LabelSelector } from '../model/selector';
import { objectKey, type Namespace, type ObjectMeta } from '../model/types';
import type { NodeRef } from '../parse/source';
import { nameOf } from '../analyze/edge/common';
import { labelsAssumed } from '../analyze/nsguess';
import { LINT_CODES, type Finding } from './codes';

interface Use {
  meta: ObjectMeta;
  ref: NodeRef;
  where: string;
  selector: LabelSelector;
}

function uses(cluster: BuiltCluster): Use[] {
  const out: Use[] = [];
  for (const np of cluster.networkPolicies) {
    if (np.meta.impliedBy) continue;
    for (const [dir, rules] of [['ingress', np.ingress], ['egress', np.egress]] as const) {
      for (const rule of rules) {
        rule.peers?.forEach((peer, i) => {
          if (peer.namespaceSelector) out.push({ meta: np.meta, ref: peer.ref, where: `${dir} rule ${rule.index + 1}, peer ${i + 1}`, selector: peer.namespaceSelector });
        });
      }
    }
  }
  for (const anp of [...cluster.adminNetworkPolicies, ...(cluster.baselineAdminNetworkPolicy ? [cluster.baselineAdminNetworkPolicy] : [])]) {
    const subject = anp.subject.namespaces ?? anp.subject.pods?.namespaceSelector;
    if (subject) out.push({ meta: anp.meta, ref: anp.subjectRef, where: 'subject', selector: subject });
    for (const [dir, rules] of [['ingress', anp.ingress], ['egress', anp.egress]] as const) {
      for (const rule of rules) {
        rule.peers.forEach((peer, i) => {
          const sel = peer.namespaces ?? peer.pods?.namespaceSelector;
          if (sel) out.push({ meta: anp.meta, ref: peer.ref, where: `${dir} rule ${rule.index + 1}, peer ${i + 1}`, selector: sel });
        });
      }
    }
  }
  return out;
}

/** `name: X` where X is a namespace of the input: the label people mean, said the certain way. */
function fixFor(s: LabelSelector, namespaces: ReadonlyMap<string, Namespace>): Finding['fix'] {
  const entries = Object.entries(s.matchLabels);
  const named = entries.length === 1 && s.matchExpressions.length === 0 && namespaces.has(entries[0][1]) ? entries[0][1] : undefined;
  if (named) {
    return {
      summary: `Select the namespace by the label every namespace has, or add the Namespace object with its real labels to the input.`,
      snippet: `namespaceSelector:\n  matchLabels:\n    ${NAME_LABEL}: ${named}\n`,
    };
  }
  return { summary: `Add the Namespace objects to the input (\`oc get namespace -o yaml\`) so their real labels are known, or select namespaces by ${NAME_LABEL}.` };
}

export function namespaceSelectorFindings(cluster: BuiltCluster): Finding[] {
  const namespaces = [...cluster.namespaces.values()];
  const assumed = namespaces.filter(labelsAssumed).map((n) => n.name);
  // Namespaces by label pair: a selector with matchLabels is tried only on those carrying its first pair
  // (at 10k workloads: 1,000 namespaces and a distinct selector per namespace).
  const byPair = new Map<string, Namespace[]>();
  for (const n of namespaces) {
    for (const [k, v] of Object.entries(n.labels)) {
      const key = `${k}\u0000${v}`;
      const list = byPair.get(key);
      if (list) list.push(n);
      else byPair.set(key, [n]);
    }
  }
  const candidates = (sel: LabelSelector): readonly Namespace[] => {
    const first = Object.entries(sel.matchLabels)[0];
    return first ? (byPair.get(`${first[0]}\u0000${first[1]}`) ?? []) : namespaces;
  };
  // Selectors repeat across policies (every project's copy of the same policy): decide each once.
  const matchesSome = new Map<string, boolean>();
  const out: Finding[] = [];
  for (const u of uses(cluster)) {
    if (isEmptySelector(u.selector)) continue;
    const key = JSON.stringify(u.selector);
    let some = matchesSome.get(key);
    if (some === undefined) matchesSome.set(key, (some = candidates(u.selector).some((n) => selectorMatches(u.selector, n.labels))));
    if (some) continue;
    const guessed = assumed.length > 0;
    out.push({
      code: 'namespace-selector-matches-nothing',
      severity: LINT_CODES['namespace-selector-matches-nothing'],
      message: `${nameOf(u.meta)}, ${u.where}: namespaceSelector ${formatSelector(u.selector)} matches no namespace of the input${
        guessed
          ? `. The input has no Namespace object for ${assumed.slice(0, 4).map((n) => JSON.stringify(n)).join(', ')}${assumed.length > 4 ? ` and ${assumed.length - 4} more` : ''}, so podpath assumed ${assumed.length === 1 ? 'it carries' : 'they carry'} only ${NAME_LABEL} (or the profile's labels): if the cluster's namespaces carry the label, the rule admits them; if not, it admits nothing. Verdicts that depend on it are marked as assumed.`
          : ': the rule admits nothing.'
      }`,
      object: objectKey(u.meta),
      source: cluster.sourceMap.locate(u.ref),
      fix: fixFor(u.selector, cluster.namespaces),
    });
  }
  return out;
}
