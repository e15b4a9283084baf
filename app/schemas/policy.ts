// Editor schemas for traffic policies: NetworkPolicy (networking.k8s.io/v1) and the cluster-wide
// AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1).
import { arr, INT_OR_STRING, int, kindSchema, obj, PORT_NUMBER, PROTOCOL, ref, str, type JSONSchema } from './common';

const NP_PEER: JSONSchema = obj(
  {
    podSelector: { ...ref('LabelSelector'), description: 'Pods with these labels. Alone: in the policy\'s own namespace. With namespaceSelector: in the selected namespaces (both must match, same peer).' },
    namespaceSelector: { ...ref('LabelSelector'), description: 'Namespaces with these labels (`{}` = every namespace). Alone: all pods in them. Select a namespace by name with kubernetes.io/metadata.name.' },
    ipBlock: obj(
      {
        cidr: str('A CIDR, e.g. 203.0.113.0/24. Meant for addresses outside the cluster: pod IPs are matched by selectors, not ipBlock.'),
        except: arr({ type: 'string' }, 'CIDRs inside `cidr` that are not allowed.'),
      },
      'Addresses outside the cluster.',
      { required: ['cidr'], additionalProperties: false },
    ),
  },
  'A peer. The fields of ONE peer are ANDed (podSelector + namespaceSelector); separate list items are ORed - a `-` too many turns "pods X in namespaces Y" into "pods X here, or anything in Y".',
  { additionalProperties: false },
);

const NP_PORT: JSONSchema = obj(
  {
    protocol: PROTOCOL,
    port: { ...INT_OR_STRING, description: 'The POD port (after the Service translated the address): the container port number, or its name. Omit for every port of the protocol.' },
    endPort: { ...PORT_NUMBER, description: 'With a numeric port: allow the range port..endPort.' },
  },
  'A port the rule allows.',
  { additionalProperties: false },
);

function npRule(peersKey: 'from' | 'to', what: string): JSONSchema {
  return obj(
    {
      [peersKey]: arr(NP_PEER, `${what}. Missing or empty: every source/destination.`),
      ports: arr(NP_PORT, 'Ports allowed. Missing or empty: every port.'),
    },
    `A rule: traffic is allowed when it matches one of ${peersKey} AND one of ports.`,
    { additionalProperties: false },
  );
}

const ADMIN_SELECTOR_PODS: JSONSchema = obj(
  { namespaceSelector: ref('LabelSelector'), podSelector: ref('LabelSelector') },
  'Pods matching podSelector in namespaces matching namespaceSelector.',
  { required: ['namespaceSelector', 'podSelector'], additionalProperties: false },
);

const ADMIN_PORTS: JSONSchema = arr(
  obj(
    {
      portNumber: obj({ protocol: PROTOCOL, port: { ...PORT_NUMBER, description: 'The pod port.' } }, 'A port number.', { required: ['protocol', 'port'] }),
      namedPort: str('A container port name.'),
      portRange: obj({ protocol: PROTOCOL, start: { ...PORT_NUMBER, description: 'First port.' }, end: { ...PORT_NUMBER, description: 'Last port (included).' } }, 'A port range.', { required: ['start', 'end'] }),
    },
    'Exactly one of portNumber, namedPort, portRange.',
    { additionalProperties: false, minProperties: 1, maxProperties: 1 },
  ),
  'Ports the rule applies to (pod ports). Missing: every port.',
);

function adminRule(direction: 'ingress' | 'egress', actions: string[]): JSONSchema {
  const peers = direction === 'ingress' ? 'from' : 'to';
  const peerProps: Record<string, JSONSchema> = {
    namespaces: { ...ref('LabelSelector'), description: 'All pods in the namespaces with these labels.' },
    pods: ADMIN_SELECTOR_PODS,
  };
  if (direction === 'egress') {
    peerProps.networks = arr({ type: 'string' }, 'CIDRs outside (or inside) the cluster.');
    peerProps.nodes = { ...ref('LabelSelector'), description: 'Nodes with these labels.' };
    peerProps.domainNames = arr({ type: 'string' }, 'DNS names (experimental; Allow rules only).');
  }
  return obj(
    {
      name: str('Rule name (shown in explanations).', { maxLength: 100 }),
      action: str(
        actions.includes('Pass')
          ? 'Allow: allowed, no NetworkPolicy can deny it. Deny: denied, no NetworkPolicy can allow it. Pass: skip the remaining admin rules, let NetworkPolicies (then the baseline) decide.'
          : 'Allow or Deny; applies only when no AdminNetworkPolicy and no NetworkPolicy decided.',
        { enum: actions },
      ),
      [peers]: arr(obj(peerProps, 'Exactly one kind of peer.', { additionalProperties: false, minProperties: 1, maxProperties: 1 }), 'Peers (ORed).', { minItems: 1 }),
      ports: ADMIN_PORTS,
    },
    'A rule; within a policy the first matching rule wins.',
    { required: ['action', peers], additionalProperties: false },
  );
}

const ADMIN_SUBJECT: JSONSchema = obj(
  {
    namespaces: { ...ref('LabelSelector'), description: 'All pods in these namespaces.' },
    pods: ADMIN_SELECTOR_PODS,
  },
  'The pods the policy applies to: exactly one of namespaces, pods.',
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);

export const POLICY_SCHEMAS: Record<string, JSONSchema> = {
  NetworkPolicy: kindSchema('NetworkPolicy', ['networking.k8s.io/v1'], 'A NetworkPolicy. Policies only ADD allowances: a pod selected by any policy for a direction accepts only what some policy allows.', {
    spec: obj(
      {
        podSelector: { ...ref('LabelSelector'), description: 'The pods (in this namespace) the policy applies to; `{}` = every pod of the namespace. Selected pods become isolated for the policy\'s directions.' },
        policyTypes: arr({ type: 'string', enum: ['Ingress', 'Egress'] }, 'Directions the policy isolates. Default: Ingress, plus Egress when spec.egress is present. `[Ingress]` with no ingress rules = deny all incoming.'),
        ingress: arr(npRule('from', 'Sources'), 'Incoming traffic allowed to the selected pods. Empty list = nothing allowed (deny by default).'),
        egress: arr(npRule('to', 'Destinations'), 'Outgoing traffic allowed from the selected pods. Remember DNS (UDP/TCP 53 to the DNS pods) when isolating egress.'),
      },
      'NetworkPolicy spec.',
      { required: ['podSelector'], additionalProperties: false },
    ),
  }),
  AdminNetworkPolicy: kindSchema('AdminNetworkPolicy', ['policy.networking.k8s.io/v1alpha1'], 'A cluster-wide admin policy, evaluated before NetworkPolicies (lower priority number first).', {
    spec: obj(
      {
        priority: int('0-1000; lower numbers are evaluated first. Two policies with the same priority are ambiguous.', { minimum: 0, maximum: 1000 }),
        subject: ADMIN_SUBJECT,
        ingress: arr(adminRule('ingress', ['Allow', 'Deny', 'Pass']), 'Ingress rules, in order (max 100).', { maxItems: 100 }),
        egress: arr(adminRule('egress', ['Allow', 'Deny', 'Pass']), 'Egress rules, in order (max 100).', { maxItems: 100 }),
      },
      'AdminNetworkPolicy spec.',
      { required: ['priority', 'subject'], additionalProperties: false },
    ),
    status: { type: 'object', description: 'Status.' },
  }),
  BaselineAdminNetworkPolicy: kindSchema('BaselineAdminNetworkPolicy', ['policy.networking.k8s.io/v1alpha1'], 'The cluster\'s baseline (a singleton named `default`): applies only where no AdminNetworkPolicy and no NetworkPolicy decided.', {
    spec: obj(
      {
        subject: ADMIN_SUBJECT,
        ingress: arr(adminRule('ingress', ['Allow', 'Deny']), 'Ingress rules, in order.', { maxItems: 100 }),
        egress: arr(adminRule('egress', ['Allow', 'Deny']), 'Egress rules, in order.', { maxItems: 100 }),
      },
      'BaselineAdminNetworkPolicy spec.',
      { required: ['subject'], additionalProperties: false },
    ),
    status: { type: 'object', description: 'Status.' },
  }),
};
