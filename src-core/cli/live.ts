// `--live`: read the objects podpath models straight from a cluster through the user's own `kubectl`
// (or `oc`), and analyse them as a dump. Only `get <resource> -o json` is ever run — never a write, never
// `exec`, `proxy` or a plugin — with the user's --context and namespace choice passed through. Each
// resource is asked for separately, so a cluster without OpenShift's or Gateway API's resources simply
// has none of them ("the server doesn't have a resource type" is not an error). Secrets are never
// read; ConfigMaps neither (nothing podpath models is in them).
import type { InputFile } from '../parse/parse';
import type { CliIO } from './io';
import { InputError } from './inputs';

/** The resources podpath models, as `kubectl get` names them (group-qualified where a bare name is ambiguous). */
export const LIVE_RESOURCES = [
  'pods', 'services', 'endpoints', 'endpointslices.discovery.k8s.io',
  'deployments.apps', 'statefulsets.apps', 'daemonsets.apps', 'replicasets.apps', 'replicationcontrollers', 'jobs.batch', 'cronjobs.batch',
  'networkpolicies.networking.k8s.io', 'ingresses.networking.k8s.io', 'ingressclasses.networking.k8s.io',
  'adminnetworkpolicies.policy.networking.k8s.io', 'baselineadminnetworkpolicies.policy.networking.k8s.io',
  'gateways.gateway.networking.k8s.io', 'gatewayclasses.gateway.networking.k8s.io', 'httproutes.gateway.networking.k8s.io', 'referencegrants.gateway.networking.k8s.io',
  'routes.route.openshift.io', 'deploymentconfigs.apps.openshift.io',
  'egressnetworkpolicies.network.openshift.io', 'netnamespaces.network.openshift.io', 'hostsubnets.network.openshift.io',
  'egressfirewalls.k8s.ovn.org', 'egressips.k8s.ovn.org', 'egressrouters.network.operator.openshift.io',
  'nodes',
] as const;

/** Cluster-scoped resources: asked for without a namespace. */
const CLUSTER_SCOPED = new Set(['ingressclasses.networking.k8s.io', 'adminnetworkpolicies.policy.networking.k8s.io', 'baselineadminnetworkpolicies.policy.networking.k8s.io', 'gatewayclasses.gateway.networking.k8s.io', 'netnamespaces.network.openshift.io', 'hostsubnets.network.openshift.io', 'egressips.k8s.ovn.org', 'nodes']);

export interface LiveOptions {
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
}

/** The client to run: $PODPATH_KUBECTL, else kubectl, else oc (whichever is on PATH). */
export async function findClient(io: Required<Pick<CliIO, 'which'>>, env: Record<string, string | undefined>): Promise<string> {
  if (env.PODPATH_KUBECTL) return env.PODPATH_KUBECTL;
  for (const c of ['kubectl', 'oc']) if (await io.which(c)) return c;
  throw new InputError('--live needs kubectl or oc on PATH (or PODPATH_KUBECTL set to one)');
}

const MISSING_TYPE = /doesn't have a resource type|the server could not find the requested resource|no matches for kind/i;
const FORBIDDEN = /forbidden/i;

/** Reads every modelled resource; `notes` say what could not be read (forbidden, absent) for stderr. */
export async function readLive(io: CliIO, opts: LiveOptions, env: Record<string, string | undefined>): Promise<{ files: InputFile[]; notes: string[] }> {
  if (!io.exec || !io.which) throw new InputError('--live is not available here');
  const exec = io.exec.bind(io);
  const client = await findClient({ which: io.which.bind(io) }, env);
  const base = [...(opts.context ? ['--context', opts.context] : [])];
  const scope = (r: string) => (CLUSTER_SCOPED.has(r) ? [] : opts.allNamespaces ? ['--all-namespaces'] : opts.namespace ? ['--namespace', opts.namespace] : []);
  const calls: { label: string; args: string[] }[] = LIVE_RESOURCES.map((r) => ({ label: r, args: ['get', r, ...scope(r), '-o', 'json', ...base] }));
  // The namespaces themselves (labels decide namespaceSelectors): all of them, or the one asked for.
  calls.push(opts.allNamespaces || !opts.namespace ? { label: 'namespaces', args: ['get', 'namespaces', '-o', 'json', ...base] } : { label: `namespace ${opts.namespace}`, args: ['get', 'namespace', opts.namespace, '-o', 'json', ...base] });
  const files: InputFile[] = [];
  const notes: string[] = [];
  const results = await Promise.all(calls.map(async (c) => ({ c, r: await exec(client, c.args) })));
  for (const { c, r } of results) {
    const cmd = `${client} ${c.args.join(' ')}`;
    if (r.code !== 0) {
      const why = r.stderr.trim().split('\n')[0] ?? '';
      if (MISSING_TYPE.test(why)) continue;
      if (FORBIDDEN.test(why)) {
        notes.push(`not allowed to read ${c.label} (${why}); the analysis goes on without them`);
        continue;
      }
      if (r.code === 127) throw new InputError(`cannot run ${client}: ${why || 'not found'}`);
      notes.push(`${cmd} failed (exit ${r.code}): ${why}`);
      continue;
    }
    files.push({ name: cmd, text: r.stdout });
  }
  if (files.length === 0) throw new InputError(`${client} returned nothing podpath can read${notes.length ? ': ' + notes[0] : ''}`);
  notes.unshift(`read ${files.length} resource lists through ${client}${opts.context ? ` (context ${opts.context})` : ''}${opts.allNamespaces ? ' from all namespaces' : opts.namespace ? ` from namespace ${opts.namespace}` : ' from the current namespace'}`);
  return { files, notes };
}
