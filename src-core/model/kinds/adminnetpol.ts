// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), normalised.
// Subjects and peers select namespaces (`namespaces`) or pods in namespaces (`pods`); egress peers may
// also be `networks` (CIDRs) or `nodes`. Ports: portNumber, namedPort, portRange.
import type { Reader } from '../context';
import { EVERYTHING } from '../selector';
import type { AdminAction, AdminNetworkPolicy, AdminPeer, AdminPort, AdminRule, AdminSubject, ObjectMeta } from '../types';
import { validCIDR } from './networkpolicy';

function readPodsSelector(r: Reader): { namespaceSelector: typeof EVERYTHING; podSelector: typeof EVERYTHING } {
  return { namespaceSelector: r.selectorAt('namespaceSelector') ?? EVERYTHING, podSelector: r.selectorAt('podSelector') ?? EVERYTHING };
}

function readPeer(p: Reader): AdminPeer {
  const peer: AdminPeer = { ref: p.ref };
  if (p.presentAt('namespaces')) peer.namespaces = p.selectorAt('namespaces') ?? EVERYTHING;
  if (p.presentAt('pods')) peer.pods = readPodsSelector(p.at('pods'));
  if (p.presentAt('networks')) {
    peer.networks = p.strListAt('networks');
    peer.networks.forEach((n, i) => {
      if (!validCIDR(n)) p.at('networks', i).invalid(`networks entries must be CIDRs, found ${JSON.stringify(n)}.`, 'invalid-cidr');
    });
    peer.networks = peer.networks.filter(validCIDR);
  }
  if (p.presentAt('nodes')) peer.nodes = p.selectorAt('nodes') ?? EVERYTHING;
  return peer;
}

function readPorts(list: Reader): AdminPort[] | undefined {
  if (!list.present) return undefined;
  return list.list().flatMap((p): AdminPort[] => {
    const pn = p.at('portNumber');
    if (pn.present) {
      const port = pn.portAt('port');
      return port === undefined ? [] : [{ kind: 'portNumber', protocol: pn.protocolAt('protocol'), port, ref: p.ref }];
    }
    const named = p.strAt('namedPort');
    if (named !== undefined) return [{ kind: 'namedPort', name: named, ref: p.ref }];
    const pr = p.at('portRange');
    if (pr.present) {
      const start = pr.portAt('start');
      const end = pr.portAt('end');
      if (start === undefined || end === undefined) return [];
      return [{ kind: 'portRange', protocol: pr.protocolAt('protocol'), start, end, ref: p.ref }];
    }
    p.invalid('a port needs portNumber, namedPort or portRange.', 'invalid-port');
    return [];
  });
}

function readRules(list: Reader, peerField: 'from' | 'to', baseline: boolean): AdminRule[] {
  return list.list().map((rule, index) => {
    let action = rule.strAt('action') as AdminAction | undefined;
    const allowed = baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'];
    if (!action || !allowed.includes(action)) {
      rule.at('action').invalid(`action must be ${allowed.join(', ')}; found ${JSON.stringify(action ?? null)}. The rule is ignored.`);
      action = undefined;
    }
    return {
      index,
      name: rule.strAt('name'),
      action: action ?? ('Ignored' as AdminAction),
      peers: rule.at(peerField).list().map(readPeer),
      ports: readPorts(rule.at('ports')),
      ref: rule.ref,
    };
  }).filter((r) => (r.action as string) !== 'Ignored');
}

export function adminNetworkPolicyFrom(meta: ObjectMeta, r: Reader, baseline: boolean): AdminNetworkPolicy {
  const spec = r.at('spec');
  const subj = spec.at('subject');
  let subject: AdminSubject;
  if (subj.presentAt('pods')) subject = { pods: readPodsSelector(subj.at('pods')) };
  else if (subj.presentAt('namespaces')) subject = { namespaces: subj.selectorAt('namespaces') ?? EVERYTHING };
  else {
    subj.invalid('subject needs namespaces or pods; this policy applies to nothing.');
    subject = { namespaces: { matchLabels: { 'podpath.invalid/subject': '\u0000' }, matchExpressions: [] } };
  }
  const priority = baseline ? undefined : spec.numAt('priority');
  if (!baseline && priority === undefined) spec.at('priority').invalid('an AdminNetworkPolicy needs a priority (0-1000).');
  if (baseline && meta.name !== 'default') {
    r.at('metadata', 'name').invalid('the BaselineAdminNetworkPolicy must be named `default`; the API server rejects any other name.');
  }
  return {
    meta,
    priority: baseline ? undefined : (priority ?? 1000),
    baseline,
    subject,
    subjectRef: subj.ref,
    ingress: readRules(spec.at('ingress'), 'from', baseline),
    egress: readRules(spec.at('egress'), 'to', baseline),
  };
}
