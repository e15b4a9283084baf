// The reachability summary's policy algebra: for one destination class and port, which source classes
// may be allowed and which may be denied, replaying the engine's order (policy/evaluate.ts) on bit sets
// with three-valued peer matches (policy/predicate.ts, per class via summary-atoms.ts; rule ports and
// subjects from the same module). A class in both sets is
// undetermined (its verdict depends on a pod IP the input does not give), exactly as the engine's
// DirectionVerdict.undecided: an unknown rule adds its action to what may happen and the walk goes on,
// a certain one adds it and stops; a Pass (certain or not) adds what NetworkPolicies then the Baseline give.
import type { BuiltCluster } from '../model/build';
import type { AdminRule, NetworkPolicy, PodLike, Protocol } from '../model/types';
import { and, andNotInto, copy, emptyBits, fullBits, isEmpty, orInto, type Bits } from './bitset';
import { effectivePolicyTypes, type PolicyIndex } from './policy/cache';
import type { ConnPort } from './policy/match';
import { adminRulePortOk, adminRuleTri, npRulePortOk, npRuleTri, subjectSelects, type Tri } from './policy/predicate';
import type { PolicyPeer } from './policy/types';
import type { Atoms, TriBits } from './summary-atoms';

/** Source classes that may be allowed (`a`) and that may be denied (`d`); buffers owned by the caller of `policySets`. */
export interface Possible {
  a: Bits;
  d: Bits;
}

export interface PolicySets {
  ingress(dst: PodLike, conn: ConnPort, protocol: Protocol): Possible;
  egress(dst: PodLike, conn: ConnPort, protocol: Protocol): Possible;
  /** Ingress from an address outside the cluster (no unknown peers: the address is given). */
  external(ip: string, dst: PodLike, conn: ConnPort, protocol: Protocol): boolean;
  /** The empty set `egress` returns when no egress policy applies to anyone (compare by identity). */
  none: Bits;
}

export function policySets(cluster: BuiltCluster, idx: PolicyIndex, atoms: Atoms, n: number): PolicySets {
  const ALL = fullBits(n);
  const NONE = emptyBits(n);
  const buf = (): Bits => emptyBits(n);
  const [open, pA, pD, pP, y, u, m, need, sA, sD, bOpen] = Array.from({ length: 11 }, buf);
  const [eOpen, eA, eD, eP, eY, eU, eM, eNeed, eSA, eSD] = Array.from({ length: 10 }, buf);

  const egressPolicies = cluster.networkPolicies.filter((np) => effectivePolicyTypes(np).types.includes('Egress'));
  const isolatedE = emptyBits(n);
  for (const np of egressPolicies) orInto(isolatedE, atoms.npSubject(np));
  const notIsolatedE = copy(emptyBits(n), ALL);
  andNotInto(notIsolatedE, isolatedE);
  // A policy whose every rule names pods of its own namespace only can admit no other namespace's pods.
  const localEgress = new Map<string, NetworkPolicy[]>();
  const globalEgress: NetworkPolicy[] = [];
  for (const np of egressPolicies) {
    const global = np.egress.some((r) => !r.peers || r.peers.length === 0 || r.peers.some((p) => p.namespaceSelector || p.ipBlock));
    if (global) globalEgress.push(np);
    else {
      const l = localEgress.get(np.meta.namespace);
      if (l) l.push(np);
      else localEgress.set(np.meta.namespace, [np]);
    }
  }
  const anpEgress = cluster.adminNetworkPolicies.filter((a) => a.egress.length > 0);
  const banp = cluster.baselineAdminNetworkPolicy;

  const target = (action: AdminRule['action'], a: Bits, d: Bits, p: Bits): Bits => (action === 'Allow' ? a : action === 'Deny' ? d : p);
  /** yes/unk of a rule's peers (ORed) into `y`/`u`. */
  const peersInto = (list: TriBits[]): void => {
    y.fill(0);
    u.fill(0);
    for (const t of list) {
      orInto(y, t.yes);
      if (t.unk !== NONE) orInto(u, t.unk);
    }
  };
  /** A rule over the still-open classes: matched ones (certain or not) may take `to`; certain ones stop. */
  const step = (openSet: Bits, to: Bits): void => {
    and(y, openSet, m);
    orInto(to, m);
    andNotInto(u, y);
    and(u, openSet, u);
    orInto(to, u);
    andNotInto(openSet, m);
  };

  function ingress(dst: PodLike, conn: ConnPort, protocol: Protocol): Possible {
    const admins = idx.adminPoliciesSelecting(dst);
    // Common case, no admin policy: the NetworkPolicy / Baseline stage decides for every source.
    if (admins.length === 0) return stage(dst, conn, protocol);
    copy(open, ALL);
    pA.fill(0);
    pD.fill(0);
    pP.fill(0);
    for (const a of admins) {
      for (const r of a.ingress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        peersInto(r.peers.map((peer) => atoms.adminPeer(peer)));
        step(open, target(r.action, pA, pD, pP));
      }
    }
    copy(need, open);
    orInto(need, pP);
    const st = stage(dst, conn, protocol);
    orInto(pA, and(need, st.a, m));
    orInto(pD, and(need, st.d, m));
    return { a: pA, d: pD };
  }

  /** What NetworkPolicies, else the Baseline, else the default give (what a Pass hands over): may allow, may deny. */
  function stage(dst: PodLike, conn: ConnPort, protocol: Protocol): Possible {
    const selecting = idx.networkPoliciesSelecting(dst, 'Ingress');
    if (selecting.length > 0) {
      const yes = sA.fill(0);
      const unk = bOpen.fill(0);
      // Hot (every probe): straight into yes / unk, no per-rule buffers or arrays.
      for (const p of selecting) {
        for (const r of p.ingress) {
          if (!npRulePortOk(r, conn, protocol, dst)) continue;
          if (!r.peers || r.peers.length === 0) orInto(yes, ALL);
          else {
            for (const peer of r.peers) {
              const t = atoms.npPeer(peer, p.meta.namespace);
              orInto(yes, t.yes);
              if (t.unk !== NONE) orInto(unk, t.unk);
            }
          }
        }
      }
      copy(sD, ALL);
      andNotInto(sD, yes); // may deny: not admitted for certain
      orInto(unk, yes); // may allow: admitted for certain or maybe
      return { a: unk, d: sD };
    }
    if (banp && banp.ingress.length > 0 && subjectSelects(banp.subject, dst, idx.namespaceLabels(dst.namespace))) {
      copy(bOpen, ALL);
      sA.fill(0);
      sD.fill(0);
      for (const r of banp.ingress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        peersInto(r.peers.map((peer) => atoms.adminPeer(peer)));
        step(bOpen, r.action === 'Deny' ? sD : sA); // a Pass in a baseline decides nothing: default allow
      }
      orInto(sA, bOpen);
      return { a: sA, d: sD };
    }
    return { a: ALL, d: NONE };
  }

  function egress(dst: PodLike, conn: ConnPort, protocol: Protocol): Possible {
    if (anpEgress.length === 0 && isEmpty(isolatedE) && !(banp && banp.egress.length > 0)) return { a: ALL, d: NONE };
    const end: PolicyPeer = { kind: 'pod', pod: dst };
    copy(eOpen, ALL);
    eA.fill(0);
    eD.fill(0);
    eP.fill(0);
    // An ANP's egress rules match on the destination only, so each rule decides for all its subjects at once.
    for (const a of anpEgress) {
      const subjects = atoms.adminSubject(a);
      for (const r of a.egress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        const t = adminRuleTri(idx, r.peers, end);
        if (t === 'no') continue;
        and(subjects, eOpen, eM);
        orInto(target(r.action, eA, eD, eP), eM);
        if (t === 'yes') {
          andNotInto(eOpen, eM);
          break;
        }
      }
    }
    copy(eNeed, eOpen);
    orInto(eNeed, eP);
    // NetworkPolicy: an isolated source may send if a rule of a policy selecting it admits the destination.
    eY.fill(0);
    eU.fill(0);
    const admit = (np: NetworkPolicy): void => {
      let t: Tri = 'no';
      for (const r of np.egress) {
        if (!npRulePortOk(r, conn, protocol, dst)) continue;
        const x = npRuleTri(idx, r, np.meta.namespace, end);
        if (x === 'yes') {
          t = 'yes';
          break;
        }
        if (x === 'unknown') t = 'unknown';
      }
      if (t === 'yes') orInto(eY, atoms.npSubject(np));
      else if (t === 'unknown') orInto(eU, atoms.npSubject(np));
    };
    for (const np of localEgress.get(dst.namespace) ?? []) admit(np);
    for (const np of globalEgress) admit(np);
    orInto(eU, eY);
    and(isolatedE, eU, eSA);
    copy(eSD, isolatedE);
    andNotInto(eSD, eY);
    // Not isolated: the Baseline (its rules match on the destination only), then allow.
    let baseAllow = true;
    let baseDeny = false;
    const subjects = banp && banp.egress.length > 0 ? atoms.adminSubject(banp) : undefined;
    if (banp && subjects) {
      let stopped = false;
      baseAllow = false;
      for (const r of banp.egress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        const t = adminRuleTri(idx, r.peers, end);
        if (t === 'no') continue;
        if (r.action === 'Deny') baseDeny = true;
        else baseAllow = true;
        if (t === 'yes') {
          stopped = true;
          break;
        }
      }
      if (!stopped) baseAllow = true;
      and(notIsolatedE, subjects, eM);
      if (baseAllow) orInto(eSA, eM);
      if (baseDeny) orInto(eSD, eM);
      copy(eM, notIsolatedE);
      andNotInto(eM, subjects);
      orInto(eSA, eM);
    } else orInto(eSA, notIsolatedE);
    orInto(eA, and(eNeed, eSA, eM));
    orInto(eD, and(eNeed, eSD, eM));
    return { a: eA, d: eD };
  }

  /** Scalar form of ingress for a given address: no peer is unknown, so the first matching rule decides. */
  function external(ip: string, dst: PodLike, conn: ConnPort, protocol: Protocol): boolean {
    const end: PolicyPeer = { kind: 'external', ip };
    admin: for (const a of idx.adminPoliciesSelecting(dst)) {
      for (const r of a.ingress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst) || adminRuleTri(idx, r.peers, end) !== 'yes') continue;
        if (r.action === 'Allow') return true;
        if (r.action === 'Deny') return false;
        break admin; // Pass: the remaining AdminNetworkPolicies are skipped, on to NetworkPolicies
      }
    }
    const selecting = idx.networkPoliciesSelecting(dst, 'Ingress');
    if (selecting.length > 0) return selecting.some((p) => p.ingress.some((r) => npRulePortOk(r, conn, protocol, dst) && npRuleTri(idx, r, p.meta.namespace, end) === 'yes'));
    if (banp && banp.ingress.length > 0 && subjectSelects(banp.subject, dst, idx.namespaceLabels(dst.namespace))) {
      for (const r of banp.ingress) {
        if (adminRulePortOk(r.ports, conn, protocol, dst) && adminRuleTri(idx, r.peers, end) === 'yes') return r.action !== 'Deny';
      }
    }
    return true;
  }

  return { ingress, egress, external, none: NONE };
}
