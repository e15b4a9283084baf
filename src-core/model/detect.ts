// model: which platform profile the input itself shows, when the user has not picked one. An OpenShift
// dump traced under plain Kubernetes misses the router and the OpenShift DNS; one traced under LUMI-K
// gets two default policies it may not have. So the input decides, and says why: every answer names the
// objects it rests on, with their source. Rules are tried in order and the first that finds evidence wins:
// the most specific platform first. The cluster's Network configuration, when present, decides before them
// (issue 19). A later rule (Cilium, Calico) slots in as one more entry of RULES.
import type { ManifestObject, ParseResult } from '../parse/parse';
import type { SourceRange } from '../parse/source';
import type { ProfileName } from './types';

export interface ProfileEvidence {
  kind: string;
  namespace?: string;
  name: string;
  /** What about this object points at the profile. */
  why: string;
  source: SourceRange;
}

export interface DetectedProfile {
  profile: ProfileName;
  /** One sentence for a person: which profile, and the objects that decided it. */
  reason: string;
  /** The objects the choice rests on (at most a few; empty for the `kubernetes` fallback). */
  evidence: ProfileEvidence[];
}

interface ProfileRule {
  profile: ProfileName;
  /** The objects that show this profile; empty when the input shows nothing of it. */
  find(objects: readonly ManifestObject[]): ProfileEvidence[];
}

/** Enough objects to convince a reader; the rest are counted in the reason. */
const MAX_EVIDENCE = 3;

const evidence = (o: ManifestObject, why: string): ProfileEvidence => ({ kind: o.kind, namespace: o.namespace, name: o.name, why, source: o.range });
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** openshift-sdn's ClusterNetwork names its plug-in (`redhat/openshift-ovs-multitenant`). */
function clusterNetworkPlugin(objects: readonly ManifestObject[], multitenant: boolean): ProfileEvidence[] {
  const out: ProfileEvidence[] = [];
  for (const o of objects) {
    if (o.kind !== 'ClusterNetwork') continue;
    const plugin = str(o.value.pluginName);
    if (!plugin) continue;
    if (plugin.endsWith('-multitenant') === multitenant) out.push(evidence(o, `pluginName: ${plugin}`));
  }
  return out;
}

/** The LUMI-K project defaults are real NetworkPolicies in every project: a dump of one carries both. */
const LUMIK_DEFAULT_NAMES = ['allow-from-router', 'deny-other-namespaces-access'];
/** LUMI-K application hosts carry the platform's name as a DNS label (`*.apps.lumi-k.<domain>`). */
const LUMIK_HOST = /(^|\.)lumi-k\./i;

function hostsOf(o: ManifestObject): string[] {
  const spec = rec(o.value.spec);
  if (!spec) return [];
  if (o.kind === 'Route') return [str(spec.host)].filter((h): h is string => !!h);
  if (o.kind === 'Ingress' && Array.isArray(spec.rules)) return spec.rules.map((r) => str(rec(r)?.host)).filter((h): h is string => !!h);
  if ((o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') && Array.isArray(spec.hostnames)) return spec.hostnames.filter((h): h is string => typeof h === 'string');
  return [];
}

const RULES: readonly ProfileRule[] = [
  {
    profile: 'openshift-multitenant',
    find: (objects) => {
      const plugin = clusterNetworkPlugin(objects, true);
      if (plugin.length) return plugin;
      // NetNamespaces carry the netid that ovs-multitenant isolates projects by.
      return objects.filter((o) => o.kind === 'NetNamespace' && typeof o.value.netid === 'number').map((o) => evidence(o, `netid: ${String(o.value.netid)}`));
    },
  },
  {
    profile: 'lumi-k',
    find: (objects) => {
      const byNs = new Map<string, ManifestObject[]>();
      for (const o of objects) {
        if (o.kind !== 'NetworkPolicy' || !LUMIK_DEFAULT_NAMES.includes(o.name)) continue;
        const ns = o.namespace ?? '';
        byNs.set(ns, [...(byNs.get(ns) ?? []), o]);
      }
      for (const list of byNs.values()) {
        if (LUMIK_DEFAULT_NAMES.every((n) => list.some((o) => o.name === n))) return list.map((o) => evidence(o, 'a LUMI-K project default policy'));
      }
      const out: ProfileEvidence[] = [];
      for (const o of objects) for (const h of hostsOf(o)) if (LUMIK_HOST.test(h)) out.push(evidence(o, `host ${h}`));
      return out;
    },
  },
  {
    profile: 'openshift',
    find: (objects) => {
      const out: ProfileEvidence[] = [];
      for (const o of objects) {
        const g = group(o.apiVersion);
        if (o.kind === 'Route' || o.kind === 'DeploymentConfig') out.push(evidence(o, `a ${o.kind} (${o.apiVersion || 'OpenShift'})`));
        else if (g === 'openshift.io' || g.endsWith('.openshift.io')) out.push(evidence(o, `an ${o.apiVersion} object`));
        else if (o.namespace?.startsWith('openshift-') || ((o.kind === 'Namespace' || o.kind === 'Project') && o.name.startsWith('openshift-'))) out.push(evidence(o, `in the OpenShift namespace ${o.kind === 'Namespace' || o.kind === 'Project' ? o.name : o.namespace}`));
        if (out.length > MAX_EVIDENCE) break;
      }
      if (out.length) return out;
      return clusterNetworkPlugin(objects, false);
    },
  },
  {
    // Calico's API groups: projectcalico.org/v3 (calicoctl, the Calico API server) and crd.projectcalico.org/v1
    // (the CRDs as `kubectl get -o yaml` dumps them). After OpenShift: an OpenShift cluster stays OpenShift.
    profile: 'calico',
    find: (objects) => {
      const out: ProfileEvidence[] = [];
      for (const o of objects) {
        const g = group(o.apiVersion);
        if (g === 'projectcalico.org' || g === 'crd.projectcalico.org') out.push(evidence(o, `a ${o.apiVersion} object`));
        if (out.length > MAX_EVIDENCE) break;
      }
      return out;
    },
  },
];

function describe(e: ProfileEvidence): string {
  const where = `${e.source.file}:${e.source.startLine}`;
  return `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name} (${e.why}, ${where})`;
}

/** The cluster's own network configuration (Network `cluster`, config.openshift.io/v1 or operator.openshift.io/v1;
 *  see kinds/network.ts): OpenShiftSDN mode Multitenant means project isolation; any other networkType or mode
 *  means it is not multitenant, whatever NetNamespaces a dump carries. */
function networkConfig(objects: readonly ManifestObject[]): { multitenant: boolean; evidence: ProfileEvidence[] } | undefined {
  const out: ProfileEvidence[] = [];
  let multitenant = false;
  for (const o of objects) {
    if (o.kind !== 'Network' || o.name !== 'cluster' || !/^(config|operator)\.openshift\.io\//.test(o.apiVersion)) continue;
    const spec = rec(o.value.spec);
    const dn = rec(spec?.defaultNetwork);
    const mode = str(rec(dn?.openshiftSDNConfig)?.mode);
    const type = str(rec(o.value.status)?.networkType) ?? str(spec?.networkType) ?? str(dn?.type);
    if (mode === 'Multitenant') multitenant = true;
    out.push(evidence(o, mode ? `openshiftSDNConfig.mode ${mode}` : type ? `networkType ${type}` : 'the cluster network configuration'));
  }
  return out.length ? { multitenant, evidence: out.slice(0, MAX_EVIDENCE) } : undefined;
}

/** The profile the input shows: the cluster's configuration objects first, then its other objects, tried
 *  against RULES in order; `kubernetes` when none matches. */
export function detectProfile(input: ParseResult | readonly ManifestObject[]): DetectedProfile {
  const objects = 'objects' in input ? input.objects : input;
  const cfg = networkConfig(objects);
  if (cfg) {
    const said = `the cluster's own configuration decides: ${cfg.evidence.map(describe).join('; ')}`;
    if (cfg.multitenant) return { profile: 'openshift-multitenant', reason: `openshift-multitenant: ${said}.`, evidence: cfg.evidence };
    // Not multitenant: LUMI-K (OpenShift plus project defaults) is still told by its policies.
    const lumik = RULES.find((r) => r.profile === 'lumi-k')!.find(objects);
    if (lumik.length) return { profile: 'lumi-k', reason: `lumi-k: ${said}; and the input has ${lumik.slice(0, MAX_EVIDENCE).map(describe).join('; ')}.`, evidence: [...cfg.evidence, ...lumik.slice(0, MAX_EVIDENCE)] };
    return { profile: 'openshift', reason: `openshift: ${said}.`, evidence: cfg.evidence };
  }
  for (const rule of RULES) {
    const found = rule.find(objects);
    if (found.length === 0) continue;
    const shown = found.slice(0, MAX_EVIDENCE);
    const more = found.length > shown.length ? ` and more` : '';
    return { profile: rule.profile, reason: `${rule.profile}: the input has ${shown.map(describe).join('; ')}${more}.`, evidence: shown };
  }
  return { profile: 'kubernetes', reason: 'kubernetes: the input has no Route, DeploymentConfig, *.openshift.io object, openshift-* namespace, NetNamespace, LUMI-K default or Calico object, so plain Kubernetes semantics apply.', evidence: [] };
}
