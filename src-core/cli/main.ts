// The `podpath` command: trace, query (batch), lint, graph. Reads manifests from files or `-` (stdin),
// builds the model with the chosen profile, and prints through the format tables in format.ts.
// Exit codes: 0 success, 1 a denied trace (or, with --fail-on, a lint finding that severe), 3 an undetermined trace (the input cannot decide it), 2 bad usage or unreadable input. Diagnostics go to stderr as
// `file:line:col: severity code message`. The only module of the core that touches Node APIs (with io.ts).
import { loadCluster, type BuiltCluster } from '../index';
import { isProfileName, PROFILE_NAMES } from '../model/profiles';
import type { ProfileChoice } from '../model/types';
import { runQueries, readQuery } from '../analyze/query';
import { traceQuery } from '../analyze/trace';
import type { Query } from '../analyze/types';
import { optionsHelp, parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { rememberExportSources } from '../export/sources';
import { CONNECTIVITY_FORMATS } from './format-connectivity';
import { CHECK_FORMATS } from './format-check';
import { EXPOSURE_FORMATS } from './format-exposure';
import { DIFF_FORMATS, DIFF_OPTIONS } from './diff';
import { toSarif } from './sarif';
import { VERSION } from './version';
import type { Finding } from '../lint/codes';
import { clean, diagnosticLine, GRAPH_FORMATS, LINT_FORMATS, QUERY_FORMATS, TRACE_FORMATS, type FormatOptions, type Printer } from './format';
import { nodeIO, type CliIO } from './io';
import { InputError, readInputs, readTextInput } from './inputs';
import { ENDPOINT_FORMS, endpointHint, endpointListed, endpointsOf, hintSentence, orList, suggestEndpoints, withDefaultNamespace, type EndpointList } from '../endpoint/index';

const COMMON: OptionSpec[] = [
  { name: 'profile', value: 'P', help: `platform profile: auto, ${PROFILE_NAMES.join(', ')} (default auto: the one the input shows, said on stderr)` },
  { name: 'namespace', value: 'NS', help: 'namespace for objects without one, and for endpoints written without NS/ (default "default")' },
  { name: 'live', help: 'read the objects from the current cluster through kubectl/oc (get -o json only; with --namespace, --all-namespaces, --context)' },
  { name: 'context', value: 'C', help: 'with --live: the kubeconfig context to use' },
  { name: 'all-namespaces', help: 'with --live: read every namespace' },
  { name: 'format', value: 'F', help: 'output format' },
  { name: 'json', help: 'same as --format json' },
  { name: 'color', help: 'colour even when not printing to a terminal' },
  { name: 'no-color', help: 'never colour' },
  { name: 'help', help: 'show this help' },
];

interface Command {
  summary: string;
  usage: string;
  options: OptionSpec[];
  formats: Record<string, Printer<never>>;
  defaultFormat: string;
  examples: string[];
  /** A bare `--` separates two groups of FILEs instead of ending the options. */
  separator?: boolean;
  run(args: ParsedArgs, io: CliIO, fmt: { format: string; print: (v: unknown) => void }): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  trace: {
    summary: 'explain hop by hop whether a request gets through',
    usage: 'podpath trace FILE... --from X --to Y [--port N | --named-port NAME] [--protocol P] [--profile P] [--json | --format markdown]',
    options: [
      { name: 'from', value: 'X', help: 'sender: NS/NAME, internet, ip:A.B.C.D or router' },
      { name: 'to', value: 'Y', help: 'receiver: NS/NAME, ip:A.B.C.D, router, svc:NS/NAME, dns:NAME or http(s)://HOST/PATH' },
      { name: 'port', value: 'N', help: 'destination port (pod port; service port for svc:/dns:)' },
      { name: 'named-port', value: 'NAME', help: "a containerPort name of the destination instead of --port" },
      { name: 'protocol', value: 'P', help: 'TCP (default), UDP or SCTP' },
    ],
    formats: TRACE_FORMATS as Record<string, Printer<never>>,
    defaultFormat: 'text',
    examples: ['podpath trace app.yaml --from shop/frontend --to shop/backend --port 8080', 'podpath trace app.yaml --profile lumi-k --from internet --to https://shop.apps.example.com/'],
    async run(args, io, fmt) {
      const from = args.options.get('from');
      const to = args.options.get('to');
      if (!from || !to) throw new UsageError('trace needs --from and --to');
      const ns = args.options.get('namespace');
      const raw: Record<string, unknown> = { from: withNamespace(from, ns), to: withNamespace(to, ns), port: portOption(args.options.get('port')), protocol: args.options.get('protocol'), named_port: args.options.get('named-port') };
      const q = readQuery(raw);
      if ('error' in q) throw new UsageError(q.error);
      const cluster = await load(args, io);
      // A From/To that is not an endpoint is a usage error with suggestions from the input (issue 14), not
      // a DENIED: "cart" → did you mean default/cartservice or svc:default/cartservice?
      const endpoints = endpointsOf(cluster);
      for (const role of ['from', 'to'] as const) {
        const h = endpointHint(q[role], role, endpoints);
        if (h) throw new UsageError(`--${role}: ${clean(hintSentence(h))}`);
      }
      const t = traceQuery(cluster, q);
      rememberExportSources(t, { sourceMap: cluster.sourceMap, profile: cluster.profile.name }); // for --format markdown
      if (fmt.format === 'json') fmt.print({ ...t, profile: profileField(cluster) });
      else {
        sayProfile(cluster, io);
        fmt.print(t);
      }
      if (t.error) {
        io.stderr(`podpath: ${clean(t.error)}${clean(unlistedHint(q, endpoints))}\n`);
        return 2;
      }
      return t.allowed ? 0 : t.verdict === 'undetermined' ? 3 : 1;
    },
  },
  query: {
    summary: 'answer a batch of queries (a JSON array) in order',
    usage: 'podpath query FILE... --batch QUERIES.json [--profile P] [--json]',
    options: [{ name: 'batch', value: 'QUERIES.json', help: 'JSON array of {from, to, port, protocol, named_port} (or an object with "queries"); - for stdin' }],
    formats: QUERY_FORMATS as Record<string, Printer<never>>,
    defaultFormat: 'json',
    examples: ['podpath query app.yaml --batch queries.json --json'],
    async run(args, io, fmt) {
      const batch = args.options.get('batch');
      if (!batch) throw new UsageError('query needs --batch QUERIES.json');
      if (batch === '-' && args.positional.includes('-')) throw new UsageError('standard input cannot hold both the manifests and the batch');
      const text = await readTextInput(io, batch);
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        throw new InputError(`${batch}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
      }
      const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { queries?: unknown }).queries) ? (data as { queries: unknown[] }).queries : undefined;
      if (!list) throw new InputError(`${batch}: expected a JSON array of queries (or an object with a "queries" array)`);
      const ns = args.options.get('namespace');
      const cluster = await load(args, io);
      sayProfile(cluster, io); // the answers are a JSON array: no field to carry it
      fmt.print(runQueries(cluster, ns ? list.map((q) => qualify(q, ns)) : list));
      return 0;
    },
  },
  lint: {
    summary: 'report misconfigurations that break or silently open traffic',
    usage: 'podpath lint FILE... [--profile P] [--fail-on error|warning] [--json | --format text|json|sarif]',
    options: [{ name: 'fail-on', value: 'SEVERITY', help: 'exit 1 when a finding of this severity or worse exists: error or warning (for CI)' }],
    formats: { ...LINT_FORMATS, sarif: (f: Finding[]) => toSarif(f, { version: VERSION, cwd: process.cwd() }) } as Record<string, Printer<never>>,
    defaultFormat: 'text',
    examples: ['podpath lint app.yaml', 'oc get all,networkpolicy,route -o yaml | podpath lint - --fail-on error'],
    async run(args, io, fmt) {
      const failOn = args.options.get('fail-on');
      if (failOn !== undefined && !Object.hasOwn(FAIL_ON, failOn)) throw new UsageError(`--fail-on takes error or warning, not ${JSON.stringify(failOn)}`);
      const cluster = await load(args, io, false);
      sayProfile(cluster, io);
      // Loaded on use, so `trace` and `query` do not depend on the lint and graph stages.
      const { lintCluster } = await import('../lint/index');
      const findings = lintCluster(cluster);
      fmt.print(findings);
      return failOn !== undefined && failsOn(findings, failOn as keyof typeof FAIL_ON) ? 1 : 0;
    },
  },
  connectivity: {
    summary: 'list every allowed connection between workloads, the internet and the router',
    usage: 'podpath connectivity FILE... [--namespace NS[,NS...]] [--focus NS/NAME] [--format text|json|csv|md]',
    options: [{ name: 'focus', value: 'NS/NAME', help: 'only the connections from or to this pod or workload' }],
    formats: CONNECTIVITY_FORMATS as Record<string, Printer<never>>,
    defaultFormat: 'text',
    examples: ['podpath connectivity dump.yaml --namespace shop', 'podpath connectivity must-gather.tar.gz --format csv > connections.csv'],
    async run(args, io, fmt) {
      const cluster = await load(args, io);
      sayProfile(cluster, io);
      const { connectivity } = await import('../analyze/connectivity');
      const namespaces = args.options.get('namespace')?.split(',').map((s) => s.trim()).filter(Boolean);
      fmt.print(connectivity(cluster, { namespaces, focus: args.options.get('focus') }));
      return 0;
    },
  },
  exposure: {
    summary: 'isolation and exposure coverage per namespace: unselected pods, default denies, open and exposed pods',
    usage: 'podpath exposure FILE... [--profile P] [--format text|json|md]',
    options: [],
    formats: EXPOSURE_FORMATS as Record<string, Printer<never>>,
    defaultFormat: 'text',
    examples: ['podpath exposure must-gather.tar.gz --format md > ticket.md'],
    async run(args, io, fmt) {
      const cluster = await load(args, io);
      sayProfile(cluster, io);
      const { coverage } = await import('../analyze/coverage');
      fmt.print(coverage(cluster));
      return 0;
    },
  },
  check: {
    summary: 'check a file of expectations (who must / must not reach whom) with the real engine, for CI',
    usage: 'podpath check EXPECTATIONS.yaml FILE... [--profile P] [--format text|json|junit]',
    options: [],
    formats: CHECK_FORMATS as Record<string, Printer<never>>,
    defaultFormat: 'text',
    examples: ['podpath check expectations.yaml k8s/ --format junit > podpath-junit.xml'],
    async run(args, io, fmt) {
      const [file, ...rest] = args.positional;
      if (!file || rest.length === 0) throw new UsageError('check needs an EXPECTATIONS file and at least one manifest FILE');
      if (file === '-' && rest.includes('-')) throw new UsageError('standard input cannot hold both the expectations and the manifests');
      const { readExpectations, runChecks } = await import('../analyze/check');
      const read = readExpectations(file === '-' ? '<stdin>' : file, await readTextInput(io, file));
      if (read.errors.length) throw new InputError(`the expectations file has problems:\n${read.errors.map((e) => '  ' + e).join('\n')}`);
      const cluster = await load({ ...args, positional: rest }, io);
      sayProfile(cluster, io);
      const report = runChecks(cluster, file, read.expectations);
      fmt.print(report);
      return report.failed > 0 ? 1 : 0;
    },
  },
  diff: {
    summary: 'what a change does to reachability: connections, URLs, exposure newly allowed, denied or undetermined (exit 1 when anything changed)',
    usage: 'podpath diff OLD... -- NEW... | podpath diff FILE... --base GIT_REF  [--explain] [--profile P] [--format text|json|md|csv]',
    options: DIFF_OPTIONS,
    separator: true,
    formats: DIFF_FORMATS as Record<string, Printer<never>>,
    defaultFormat: 'text',
    examples: ['podpath diff before/ -- after/ --profile openshift', 'podpath diff deploy/ --base origin/main --format md > comment.md', 'podpath diff old.yaml -- new.yaml --explain'],
    async run(args, io, fmt) {
      const { runDiff } = await import('./diff');
      return runDiff(args, io, fmt.print);
    },
  },
  graph: {
    summary: 'print the topology as JSON or Graphviz DOT',
    usage: 'podpath graph FILE... [--profile P] [--format json|dot]',
    options: [],
    formats: GRAPH_FORMATS as Record<string, Printer<never>>,
    defaultFormat: 'json',
    examples: ['podpath graph app.yaml --format dot | dot -Tsvg > app.svg'],
    async run(args, io, fmt) {
      const cluster = await load(args, io);
      const { buildGraph } = await import('../graph/index');
      const graph = buildGraph(cluster);
      if (fmt.format === 'json') fmt.print({ ...graph, profile: profileField(cluster) });
      else {
        sayProfile(cluster, io);
        fmt.print(graph);
      }
      return 0;
    },
  },
};


/** `--fail-on S`: the severities that fail the run (S and worse). */
const FAIL_ON = { error: ['error'], warning: ['error', 'warning'] } as const;

function failsOn(findings: readonly { severity: string }[], level: keyof typeof FAIL_ON): boolean {
  const bad: readonly string[] = FAIL_ON[level];
  return findings.some((f) => bad.includes(f.severity));
}

/** The profile the output was computed under, for JSON: which, and whether the input chose it (and why). */
function profileField(cluster: BuiltCluster): { name: string; auto: boolean; reason?: string; evidence?: unknown } {
  const d = cluster.detectedProfile;
  return d ? { name: d.profile, auto: true, reason: d.reason, evidence: d.evidence } : { name: cluster.profile.name, auto: false };
}

/** Text output: the profile the input chose goes to stderr, so stdout stays the result. */
function sayProfile(cluster: BuiltCluster, io: CliIO): void {
  const d = cluster.detectedProfile;
  if (d) io.stderr(`podpath: profile ${clean(d.reason)} (--profile to choose another)\n`);
}

/** `--port 8080` is text on the command line: a whole number becomes a JSON number (a batch file's
 *  `"port": "80"` stays an error, issue 16); anything else is passed on for readQuery to explain. */
function portOption(v: string | undefined): string | number | undefined {
  return v !== undefined && /^\d{1,5}$/.test(v) ? Number(v) : v;
}

/** `web` with --namespace shop → `shop/web`; other endpoint forms are left alone (src-core/endpoint). */
const withNamespace = withDefaultNamespace;

/** For a trace the input cannot answer: " Did you mean …?" for an endpoint that names nothing listed. */
function unlistedHint(q: Query, endpoints: EndpointList): string {
  for (const role of ['from', 'to'] as const) {
    if (endpointListed(q[role], role, endpoints)) continue;
    const s = suggestEndpoints(q[role], role, endpoints).filter((x) => x !== q[role].trim());
    if (s.length) return ` Did you mean ${orList(s)}?`;
  }
  return '';
}

function qualify(q: unknown, ns: string): unknown {
  if (!q || typeof q !== 'object' || Array.isArray(q)) return q;
  const r = q as Record<string, unknown>;
  return { ...r, from: typeof r.from === 'string' ? withNamespace(r.from, ns) : r.from, to: typeof r.to === 'string' ? withNamespace(r.to, ns) : r.to };
}


async function load(args: ParsedArgs, io: CliIO, printDiagnostics = true): Promise<BuiltCluster> {
  // As a kubectl/oc plugin (`kubectl podpath trace ...`) without FILEs, the cluster is the input.
  const live = args.flags.has('live') || (!!process.env.PODPATH_PLUGIN && args.positional.length === 0);
  if (!live && (args.options.has('context') || args.flags.has('all-namespaces'))) throw new UsageError('--context and --all-namespaces go with --live');
  if (args.flags.has('all-namespaces') && args.options.has('namespace')) throw new UsageError('give --namespace or --all-namespaces, not both');
  if (args.positional.length === 0 && !live) throw new UsageError('give at least one manifest FILE (or - for standard input, or --live)');
  if (args.positional.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) can be given only once');
  const { files, notes } = await readInputs(args.positional, io);
  if (live) {
    const { readLive } = await import('./live');
    const got = await readLive(io, { context: args.options.get('context'), namespace: args.options.get('namespace'), allNamespaces: args.flags.has('all-namespaces') }, process.env);
    files.push(...got.files);
    notes.push(...got.notes);
  }
  for (const n of notes) io.stderr(`podpath: ${clean(n)}\n`); // names of files inside archives are untrusted
  const profile = args.options.get('profile') ?? 'auto';
  if (profile !== 'auto' && !isProfileName(profile)) throw new UsageError(`unknown profile ${JSON.stringify(profile)}; use auto or one of ${PROFILE_NAMES.join(', ')}`);
  const cluster = loadCluster(files, { profile: profile as ProfileChoice, defaultNamespace: args.options.get('namespace') });
  if (printDiagnostics) for (const d of cluster.diagnostics) if (d.severity !== 'info') io.stderr(diagnosticLine(d) + '\n');
  return cluster;
}

function commandHelp(name: string, c: Command): string {
  return [
    `podpath ${name}: ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    '',
    'Options:',
    optionsHelp([...c.options, ...COMMON]),
    `  (formats: ${Object.keys(c.formats).join(', ')}; default ${c.defaultFormat})`,
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

export const HELP = [
  'podpath — how traffic moves through a Kubernetes / OpenShift project, and why a request gets through or is stopped.',
  '',
  'Usage: podpath <command> FILE... [options]     (FILE - reads standard input)',
  '',
  'Commands:',
  ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`),
  '',
  `Endpoints: ${ENDPOINT_FORMS} (NAMESPACE/NAME: a Pod, else a workload)`,
  `Profiles:  auto (default: the one the input shows), ${PROFILE_NAMES.join(', ')}`,
  'Exit codes: 0 success, 1 a denied trace (or a lint finding at --fail-on; diff: something changed), 3 an undetermined trace, 2 bad usage or unreadable input (70: an internal error).',
  "Run 'podpath <command> --help' for a command's options.",
  '',
].join('\n');

export async function main(argv: string[], io: CliIO = nodeIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.stdout(`podpath ${VERSION}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  const cmd = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.stderr(`podpath: unknown command ${JSON.stringify(name)}\n\n${HELP}`);
    return 2;
  }
  try {
    const args = parseArgs(rest, [...cmd.options, ...COMMON], cmd.separator);
    if (args.flags.has('help')) {
      io.stdout(commandHelp(name, cmd));
      return 0;
    }
    const format = args.flags.has('json') ? 'json' : (args.options.get('format') ?? cmd.defaultFormat);
    const printer = Object.prototype.hasOwnProperty.call(cmd.formats, format) ? cmd.formats[format] : undefined;
    if (!printer) throw new UsageError(`unknown format ${JSON.stringify(format)} for ${name}; use ${Object.keys(cmd.formats).join(' or ')}`);
    const o: FormatOptions = { color: args.flags.has('no-color') ? false : args.flags.has('color') || io.color };
    return await cmd.run(args, io, { format, print: (v) => io.stdout((printer as Printer<unknown>)(v, o)) });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`podpath ${name}: ${e.message}\nUsage: ${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr(`podpath: ${e.message}\n`);
      return 2;
    }
    // A bug in podpath, not a verdict: a distinct code (sysexits EX_SOFTWARE) so it is never read as "denied".
    io.stderr(`podpath: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}

export type { Query };
