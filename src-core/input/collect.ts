// Which files of a folder or an archive hold the Kubernetes objects, and one line saying what was read.
// Knows the layouts `oc adm must-gather` and `oc adm inspect` write (openshift/oc pkg/cli/admin/inspect,
// util.go dirPathForInfo / filenameForInfo, pod.go gatherPodData):
//   namespaces/<ns>/<ns>.yaml                              the Namespace
//   namespaces/<ns>/<group|core>/<resource>.yaml           a List of every object of that resource
//   namespaces/<ns>/<group|core>/<resource>/<name>.yaml    one object
//   cluster-scoped-resources/<group|core>/<resource>[.yaml|/<name>.yaml]
//   namespaces/<ns>/pods/<pod>/<pod>.yaml                  the pod again, beside its containers' logs,
//                                                          healthz, metrics.json, pprof dumps
// Logs, binaries, HTML and other non-manifest files are skipped and counted; so are events (not modelled,
// and often the largest file) and the per-pod copies of pods that a `core/pods.yaml` list already holds.
// Platform-free: the CLI walks folders with Node, the app with the File API; both call this.
import type { InputFile } from '../parse/parse';
import type { InputEntry } from './archive';

export interface SkipCounts {
  /** Container logs (`*.log`, `logs/` folders). */
  logs: number;
  /** Files that are not text: pprof dumps, images, invalid UTF-8. */
  binary: number;
  /** Text that is not YAML/JSON (HTML event pages, `timestamp`, `version`, ...). */
  other: number;
  /** YAML/JSON without a Kubernetes object in it (metrics.json, version.json, empty files). */
  notObjects: number;
  /** Events lists (not modelled). */
  events: number;
  /** Per-pod copies of pods already in a `core/pods.yaml` list. */
  duplicates: number;
}

export interface InputReport {
  /** What was given: a folder or an archive name. */
  source: string;
  /** `must-gather` when the oc adm must-gather / inspect layout was recognised. */
  layout: 'must-gather' | 'plain';
  /** Display names of the files read, in the order they were read. */
  read: string[];
  skipped: SkipCounts;
  /** One line for a person: `must-gather.tar.gz: read 42 files ...; skipped 310 (280 logs, ...)`. */
  summary: string;
  /** Its skipped part alone: `skipped 310 (280 logs, ...)`, or '' when nothing was skipped. */
  skippedText: string;
}

const MANIFEST = /\.(ya?ml|json)$/i;
const LOG = /(^|\/)logs\/|\.log(\.\d+)?$/i;
const NAMESPACED = /(^|\/)namespaces\/([^/]+)\//;
const CLUSTER_SCOPED = /(^|\/)cluster-scoped-resources\//;
const POD_COPY = /^(.*\/)?namespaces\/([^/]+)\/pods\/([^/]+)\/\3\.ya?ml$/;
const EVENTS = /(^|\/)events\.ya?ml$/i;
// A Kubernetes object has a `kind` (YAML at any indentation, or JSON).
const HAS_KIND = /(^|\n)[ \t]*(- )?kind[ \t]*:|"kind"[ \t]*:/;

export function isMustGatherLayout(paths: readonly string[]): boolean {
  return paths.some((p) => CLUSTER_SCOPED.test(p) || (NAMESPACED.test(p) && MANIFEST.test(p)));
}

/** Paths to read out of a listing, and the counts of what is skipped before reading. */
export function chooseEntries(entries: readonly { path: string }[]): { take: Set<string>; skipped: SkipCounts } {
  const skipped: SkipCounts = { logs: 0, binary: 0, other: 0, notObjects: 0, events: 0, duplicates: 0 };
  const podLists = new Set<string>();
  for (const e of entries) {
    const m = /^(.*\/)?namespaces\/([^/]+)\/core\/pods\.ya?ml$/.exec(e.path);
    if (m) podLists.add(`${m[1] ?? ''}namespaces/${m[2]}`);
  }
  const take = new Set<string>();
  for (const { path } of entries) {
    if (LOG.test(path)) skipped.logs++;
    else if (!MANIFEST.test(path)) skipped.other++;
    else if (EVENTS.test(path)) skipped.events++;
    else {
      const copy = POD_COPY.exec(path);
      if (copy && podLists.has(`${copy[1] ?? ''}namespaces/${copy[2]}`)) skipped.duplicates++;
      else take.add(path);
    }
  }
  return { take, skipped };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text without NUL bytes, or null (a binary or a file in another encoding). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.indexOf(0) >= 0) return null;
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * The files to parse out of the entries read from `source` (a folder or an archive), named
 * `source/path` so every position points at the file it came from, and the report.
 */
export function collectManifests(source: string, entries: readonly InputEntry[], skippedBefore: SkipCounts): { files: InputFile[]; report: InputReport } {
  const skipped = { ...skippedBefore };
  const files: InputFile[] = [];
  const sorted = [...entries].filter((e) => e.bytes).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) {
    const text = decodeText(e.bytes!);
    if (text === null) skipped.binary++;
    else if (!HAS_KIND.test(text)) skipped.notObjects++;
    else files.push({ name: `${source.replace(/\/+$/, '')}/${e.path}`, text });
  }
  const layout = isMustGatherLayout(entries.map((e) => e.path)) ? 'must-gather' : 'plain';
  const parts = [
    skipped.logs && plural(skipped.logs, 'log'),
    skipped.binary && plural(skipped.binary, 'binary file'),
    skipped.other && plural(skipped.other, 'other file'),
    skipped.notObjects && plural(skipped.notObjects, 'YAML/JSON file') + ' without Kubernetes objects',
    skipped.events && plural(skipped.events, 'events list'),
    skipped.duplicates && plural(skipped.duplicates, 'per-pod copy', 'per-pod copies') + ' of listed pods',
  ].filter(Boolean);
  const total = Object.values(skipped).reduce((a, b) => a + b, 0);
  const skippedText = total ? `skipped ${total.toLocaleString('en-US')} (${parts.join(', ')})` : '';
  const summary = `${source}: read ${plural(files.length, 'file')}${layout === 'must-gather' ? ' (must-gather / inspect layout)' : ''}${skippedText ? '; ' + skippedText : ''}`;
  return { files, report: { source, layout, read: files.map((f) => f.name), skipped, summary, skippedText } };
}
