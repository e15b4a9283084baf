// Editor schemas for OpenShift's network objects: the egress firewalls (EgressNetworkPolicy for
// OpenShift SDN, EgressFirewall for OVN-Kubernetes), NetNamespace / HostSubnet (SDN) and EgressIP (OVN).
import { arr, int, kindSchema, obj, PORT_NUMBER, PROTOCOL, ref, str, type JSONSchema } from './common';

const FIREWALL_TYPE = str('Allow or Deny. Rules are checked in order and the FIRST rule whose destination matches decides; no match: allowed.', { enum: ['Allow', 'Deny'] });

export const OPENSHIFT_NETWORK_SCHEMAS: Record<string, JSONSchema> = {
  EgressNetworkPolicy: kindSchema('EgressNetworkPolicy', ['network.openshift.io/v1', 'v1'], 'OpenShift SDN egress firewall for a project: which outside destinations its pods may reach. One per project; in joined projects (shared netid) the SDN drops ALL outside traffic instead; in a global project (netid 0) it is ignored.', {
    spec: obj(
      {
        egress: arr(
          obj(
            {
              type: FIREWALL_TYPE,
              to: obj(
                {
                  cidrSelector: str('Destination CIDR, e.g. 0.0.0.0/0 for everything.'),
                  dnsName: str('Destination host name; resolved by the node (only its current A records match).'),
                },
                'Exactly one of cidrSelector, dnsName.',
                { additionalProperties: false, minProperties: 1, maxProperties: 1 },
              ),
            },
            'A rule.',
            { required: ['type', 'to'], additionalProperties: false },
          ),
          'Rules in order (max 1000). Put the catch-all Deny 0.0.0.0/0 LAST.',
          { maxItems: 1000 },
        ),
      },
      'EgressNetworkPolicy spec.',
      { required: ['egress'], additionalProperties: false },
    ),
  }),
  EgressFirewall: kindSchema('EgressFirewall', ['k8s.ovn.org/v1'], 'OVN-Kubernetes egress firewall for a namespace. Must be named `default`; one per namespace.', {
    spec: obj(
      {
        egress: arr(
          obj(
            {
              type: FIREWALL_TYPE,
              to: obj(
                {
                  cidrSelector: str('Destination CIDR.'),
                  dnsName: str('Destination DNS name (wildcards like *.example.com allowed).'),
                  nodeSelector: { ...ref('LabelSelector'), description: 'Destination nodes.' },
                },
                'Exactly one of cidrSelector, dnsName, nodeSelector.',
                { additionalProperties: false, minProperties: 1, maxProperties: 1 },
              ),
              ports: arr(obj({ protocol: PROTOCOL, port: { ...PORT_NUMBER, description: 'Destination port.' } }, 'A port.', { required: ['protocol', 'port'], additionalProperties: false }), 'Only these ports (default: all).'),
            },
            'A rule.',
            { required: ['type', 'to'], additionalProperties: false },
          ),
          'Rules in order; the first match decides.',
          { maxItems: 8000 },
        ),
      },
      'EgressFirewall spec.',
      { required: ['egress'], additionalProperties: false },
    ),
    status: { type: 'object', description: 'Status.' },
  }, {
    allOf: [{ type: 'object', properties: { metadata: { type: 'object', properties: { name: { const: 'default', description: 'An EgressFirewall must be named `default`; others are not applied.' } } } } }],
  }),
  NetNamespace: kindSchema('NetNamespace', ['network.openshift.io/v1', 'v1'], 'OpenShift SDN: the virtual network of a project (netname = namespace). In multitenant mode pods reach only pods with the same netid, or global projects (netid 0).', {
    netname: str('The namespace name.'),
    netid: int('Virtual network ID (VNID). Same netid: joined projects. 0: global (reaches and is reached by every project).', { minimum: 0, maximum: 16777215 }),
    egressIPs: arr({ type: 'string' }, 'Egress IPs for the project\'s outside traffic; each must be hosted by a HostSubnet (egressIPs or egressCIDRs), else that traffic is dropped.'),
  }, { required: ['apiVersion', 'kind', 'metadata', 'netname', 'netid'] }),
  HostSubnet: kindSchema('HostSubnet', ['network.openshift.io/v1', 'v1'], 'OpenShift SDN: a node\'s pod subnet and the egress IPs it hosts.', {
    host: str('Node name.'),
    hostIP: str('Node IP: the source address outside servers see for pods without an egress IP.'),
    subnet: str('The node\'s pod CIDR.'),
    egressIPs: arr({ type: 'string' }, 'Egress IPs this node hosts.'),
    egressCIDRs: arr({ type: 'string' }, 'Ranges from which egress IPs may be assigned to this node automatically.'),
  }),
  EgressIP: kindSchema('EgressIP', ['k8s.ovn.org/v1'], 'OVN-Kubernetes: a source IP for the outside traffic of selected namespaces/pods; needs a node labelled k8s.ovn.org/egress-assignable to host it.', {
    spec: obj(
      {
        egressIPs: arr({ type: 'string' }, 'The egress IPs.'),
        namespaceSelector: { ...ref('LabelSelector'), description: 'Namespaces whose pods use these IPs.' },
        podSelector: { ...ref('LabelSelector'), description: 'Only these pods in the selected namespaces.' },
      },
      'EgressIP spec.',
      { required: ['egressIPs', 'namespaceSelector'], additionalProperties: false },
    ),
    status: obj({ items: arr(obj({ node: str('Hosting node.'), egressIP: str('IP.') }, 'An assignment.'), 'Which node hosts which egress IP.') }, 'Status.'),
  }),
};
