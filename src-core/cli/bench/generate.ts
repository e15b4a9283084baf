// Synthetic clusters for the benchmark (issue 6): deterministic OpenShift-style dumps of N Deployments
// in N/10 namespaces. Each Deployment has a Service, every third one a Route; every namespace has a
// default-deny, an allow-same-namespace and an allow-from-router policy, and six per-app policies with
// namespace + pod selectors and named ports. At N = 10,000: 1,000 namespaces, ~33,000 documents, ~11 MB.
// Also writes 1,000 mixed queries (internet → route URL, pod → svc, pod → pod) per cluster.
//
// Run directly (`npx tsx src-core/cli/bench/generate.ts`) to write src-core/cli/bench/out/; src-core/cli/bench/run.ts calls `writeClusters`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIZES = [100, 1_000, 10_000] as const;
export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');

/** mulberry32: a tiny seeded PRNG so every run writes byte-identical files. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ten roles per namespace; who talks to whom is fixed by role so policies have something to allow. */
const ROLES = ['frontend', 'api', 'auth', 'catalog', 'search', 'billing', 'worker', 'cache', 'db', 'mail'] as const;
type Role = (typeof ROLES)[number];
const TIER: Record<Role, string> = {
  frontend: 'web', api: 'backend', auth: 'backend', catalog: 'backend', search: 'backend',
  billing: 'backend', worker: 'batch', cache: 'data', db: 'data', mail: 'batch',
};
/** The named container port each role serves on (besides `metrics`). */
const SERVE: Record<Role, { name: string; port: number }> = {
  frontend: { name: 'http', port: 8080 }, api: { name: 'http', port: 8080 }, auth: { name: 'http', port: 8443 },
  catalog: { name: 'http', port: 8080 }, search: { name: 'http', port: 9200 }, billing: { name: 'http', port: 8080 },
  worker: { name: 'http', port: 8080 }, cache: { name: 'redis', port: 6379 }, db: { name: 'pg', port: 5432 },
  mail: { name: 'smtp', port: 2525 },
};
/** Per-app policies: destination role ← source roles (same namespace) on the destination's named port. */
const APP_POLICIES: { dest: Role; from: Role[] }[] = [
  { dest: 'api', from: ['frontend'] },
  { dest: 'auth', from: ['frontend', 'api'] },
  { dest: 'catalog', from: ['api', 'search'] },
  { dest: 'billing', from: ['api'] },
  { dest: 'cache', from: ['api', 'catalog', 'auth'] },
  { dest: 'db', from: ['api', 'billing', 'worker'] },
];

export interface GeneratedCluster {
  workloads: number;
  namespaces: string[];
  yaml: string;
  documents: number;
  /** Hosts of the Routes, for URL queries. */
  routeHosts: string[];
}

export interface BenchQuery {
  from: string;
  to: string;
  port?: number;
  protocol?: 'TCP';
}

const TEAMS = 40;
const ENVS = ['prod', 'staging', 'dev'];

function nsName(i: number): string {
  return `${ENVS[i % ENVS.length]}-${String(i).padStart(4, '0')}`;
}

function stamp(r: () => number): string {
  // Unquoted on purpose: a plain timestamp, which kubectl (and podpath) keep as a string.
  const day = 1 + Math.floor(r() * 28);
  const h = Math.floor(r() * 24);
  return `2026-0${1 + Math.floor(r() * 9)}-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:07Z`;
}

function namespaceDoc(ns: string, i: number, r: () => number): string {
  const monitoring = i % 25 === 0 ? '\n    monitoring: "true"' : '';
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  creationTimestamp: ${stamp(r)}
  labels:
    kubernetes.io/metadata.name: ${ns}
    team: team${String(i % TEAMS).padStart(2, '0')}
    env: ${ENVS[i % ENVS.length]}${monitoring}
  annotations:
    openshift.io/requester: user${i % 97}
`;
}

function deploymentDoc(ns: string, name: string, role: Role, r: () => number): string {
  const s = SERVE[role];
  const replicas = 1 + Math.floor(r() * 3);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: ${TIER[role]}
        version: v${1 + Math.floor(r() * 3)}
    spec:
      containers:
      - name: ${role}
        image: registry.example.com/${role}:1.${Math.floor(r() * 20)}
        ports:
        - name: ${s.name}
          containerPort: ${s.port}
        - name: metrics
          containerPort: 9090
`;
}

function serviceDoc(ns: string, name: string, role: Role, i: number): string {
  const s = SERVE[role];
  const port = s.name === 'http' ? 80 : s.port;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - name: ${s.name}
    port: ${port}
    targetPort: ${s.name}
  clusterIP: 172.30.${(i >> 8) & 255}.${i & 255}
`;
}

function routeDoc(ns: string, name: string, role: Role, host: string, tls: boolean): string {
  return `apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${host}
  to:
    kind: Service
    name: ${name}
  port:
    targetPort: ${SERVE[role].name}${tls ? '\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Redirect' : ''}
`;
}

function namespacePolicies(ns: string): string[] {
  return [
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-same-namespace
  namespace: ${ns}
spec:
  podSelector:
    matchExpressions:
    - {key: tier, operator: In, values: [web, batch]}
  ingress:
  - from:
    - podSelector: {}
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-openshift-ingress
  namespace: ${ns}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          policy-group.network.openshift.io/ingress: ""
  policyTypes:
  - Ingress
`,
  ];
}

function appPolicy(ns: string, nsIndex: number, dest: string, destRole: Role, from: string[]): string {
  const port = SERVE[destRole].name;
  const team = `team${String(nsIndex % TEAMS).padStart(2, '0')}`;
  const sameNs =
    from.length === 1
      ? `    - podSelector:\n        matchLabels:\n          app: ${from[0]}\n`
      : `    - podSelector:\n        matchExpressions:\n        - {key: app, operator: In, values: [${from.join(', ')}]}\n`;
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-to-${dest}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: ${dest}
  ingress:
  - from:
${sameNs}    - namespaceSelector:
        matchLabels:
          team: ${team}
      podSelector:
        matchExpressions:
        - {key: tier, operator: In, values: [web, backend]}
    ports:
    - port: ${port}
      protocol: TCP
  - from:
    - namespaceSelector:
        matchLabels:
          monitoring: "true"
    ports:
    - port: metrics
`;
}

export function generateCluster(workloads: number, seed = 42): GeneratedCluster {
  const r = rng(seed ^ workloads);
  const nsCount = Math.max(1, Math.round(workloads / ROLES.length));
  const docs: string[] = [];
  const namespaces: string[] = [];
  const routeHosts: string[] = [];
  let w = 0;
  for (let i = 0; i < nsCount; i++) {
    const ns = nsName(i);
    namespaces.push(ns);
    docs.push(namespaceDoc(ns, i, r));
    docs.push(...namespacePolicies(ns));
    const names = new Map<Role, string>();
    for (let k = 0; k < ROLES.length && w < workloads; k++, w++) {
      const role = ROLES[k];
      const name = role;
      names.set(role, name);
      docs.push(deploymentDoc(ns, name, role, r));
      docs.push(serviceDoc(ns, name, role, w));
      if (w % 3 === 0) {
        const host = `${name}-${ns}.apps.example.com`;
        routeHosts.push(host);
        docs.push(routeDoc(ns, name, role, host, w % 2 === 0));
      }
    }
    for (const p of APP_POLICIES) {
      const dest = names.get(p.dest);
      if (dest) docs.push(appPolicy(ns, i, dest, p.dest, p.from.filter((f) => names.has(f))));
    }
  }
  // The last namespace may be short when workloads is not a multiple of 10; that is fine.
  return { workloads, namespaces, yaml: docs.map((d) => `---\n${d}`).join(''), documents: docs.length, routeHosts };
}

/** 1,000 mixed queries: a third internet → route URL, a third pod → Service, a third pod → pod. */
export function generateQueries(c: GeneratedCluster, count = 1_000, seed = 7): BenchQuery[] {
  const r = rng(seed ^ c.workloads);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: BenchQuery[] = [];
  for (let q = 0; q < count; q++) {
    const ns = pick(c.namespaces);
    const kind = q % 3;
    if (kind === 0 && c.routeHosts.length > 0) {
      const host = pick(c.routeHosts);
      out.push({ from: 'internet', to: `${q % 2 ? 'https' : 'http'}://${host}/` });
    } else if (kind === 1) {
      const from = pick(ROLES);
      const to = pick(APP_POLICIES).dest;
      const dstNs = r() < 0.7 ? ns : pick(c.namespaces);
      out.push({ from: `${ns}/${from}`, to: `svc:${dstNs}/${to}`, port: SERVE[to].name === 'http' ? 80 : SERVE[to].port, protocol: 'TCP' });
    } else {
      const from = pick(ROLES);
      const to = pick(ROLES);
      const dstNs = r() < 0.6 ? ns : pick(c.namespaces);
      const port = r() < 0.8 ? SERVE[to].port : 9090;
      out.push({ from: `${ns}/${from}`, to: `${dstNs}/${to}`, port, protocol: 'TCP' });
    }
  }
  return out;
}

export function clusterPath(workloads: number): string {
  return join(OUT_DIR, `cluster-${workloads}.yaml`);
}
export function queriesPath(workloads: number): string {
  return join(OUT_DIR, `queries-${workloads}.json`);
}

/** Writes cluster-N.yaml and queries-N.json (expect.json-like: `{profile, queries}`) for each size. */
export function writeClusters(sizes: readonly number[] = SIZES): { workloads: number; documents: number; bytes: number }[] {
  mkdirSync(OUT_DIR, { recursive: true });
  return sizes.map((n) => {
    const c = generateCluster(n);
    writeFileSync(clusterPath(n), c.yaml);
    writeFileSync(queriesPath(n), JSON.stringify({ profile: 'openshift', queries: generateQueries(c) }, null, 1));
    return { workloads: n, documents: c.documents, bytes: Buffer.byteLength(c.yaml) };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const s of writeClusters()) console.log(`cluster-${s.workloads}.yaml: ${s.documents} documents, ${(s.bytes / 1e6).toFixed(1)} MB`);
}
