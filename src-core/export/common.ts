// What the Markdown and plain-text trace exports share: options, verdict words, the YAML excerpts a
// trace points at (redacted first), and neutralising untrusted text. Pure functions of their input.
import type { Hop, Query, RuleRef, Trace, Verdict } from '../analyze/types';
import type { SourceMap, SourceRange } from '../parse/source';
import { allowListedLines, objectFinder } from '../share/excerpt';
import { redactSecrets } from '../share/redact';
import { neutralize, neutralizeLine } from '../untrusted';

export interface ExportOptions {
  /** Where the YAML excerpts come from (`cluster.sourceMap`); without it, no excerpts. */
  sourceMap?: Pick<SourceMap, 'textOf'>;
  /** The profile the trace ran under, shown in the header. */
  profile?: string;
  /** Include the YAML each hop's rule is written in (default: true when sourceMap is given). */
  excerpts?: boolean;
  /** Include each hop's explanation steps and fix (default: true). */
  details?: boolean;
  /** Lines shown before and after each range (default 1). */
  contextLines?: number;
  /** Longest excerpt before it is cut (default 30 lines). */
  maxExcerptLines?: number;
  /** Excerpts show only what a share link carries (default: true; an export is something that leaves the
   *  machine): the allow-listed fields (src-core/share/excerpt.ts) with secrets the redactor recognises
   *  replaced; dropped fields and comments show as `…`. `false`: the lines exactly as written (local use). */
  redact?: boolean;
}

export const VERDICT_WORD: Record<Verdict, string> = {
  allowed: 'allowed',
  denied: 'denied',
  undetermined: 'undetermined',
  redirected: 'redirected',
  warning: 'warning',
  info: 'info',
};

/** `internet → https://shop.example/ port 443/TCP`. */
export function describeQuery(q: Query): string {
  const port = q.port !== undefined ? ` port ${q.port}${q.protocol ? '/' + q.protocol : ''}` : q.named_port ? ` port ${q.named_port}${q.protocol ? '/' + q.protocol : ''}` : q.protocol ? ` (${q.protocol})` : '';
  return `${q.from} → ${q.to}${port}`;
}

/** Control characters (terminal escapes, bidi overrides, NUL) from manifests must not reach a terminal or a
 *  ticket: the one sanitiser (src-core/untrusted.ts). */
export function stripControl(s: string): string {
  return neutralize(s);
}

/** One line of untrusted text: control characters shown escaped, line breaks folded. */
export function oneLine(s: string): string {
  return neutralizeLine(s);
}

/** The rule that decided a hop: its own rule, else the last explanation step with the hop's verdict
 *  that names one, else the hop's source. */
export function hopRange(hop: Hop): { range: SourceRange; label: string; rule?: RuleRef } | undefined {
  const rule = hop.rule?.source?.file ? hop.rule : [...hop.steps].reverse().find((s) => s.rule?.source?.file && s.verdict === hop.verdict)?.rule;
  if (rule) return { range: rule.source, label: rule.label, rule };
  if (hop.source?.file) return { range: hop.source, label: hop.title };
  return undefined;
}

export function formatPlace(r: SourceRange): string {
  return r.endLine > r.startLine ? `${r.file}:${r.startLine}-${r.endLine}` : `${r.file}:${r.startLine}`;
}

export interface Excerpt {
  file: string;
  startLine: number;
  endLine: number;
  /** The lines, redacted, control characters escaped; runs of dropped lines and a `managedFields` block
   *  are one line each, so `lineNumbers` says which line of the file each one is. */
  lines: string[];
  /** The file's line number of each of `lines`. */
  lineNumbers: number[];
  /** True when the range was longer than the excerpt. */
  cut: boolean;
  /** Hop numbers (1-based) that point here. */
  hops: number[];
  /** What the excerpt shows (the rules' labels). */
  labels: string[];
  impliedBy?: string;
}

interface Wanted {
  file: string;
  start: number;
  end: number;
  /** The first line of the object the range is in (excerpts of two objects are never merged). */
  object: number;
  hop: number;
  label: string;
  impliedBy?: string;
}

/** The YAML a trace points at (hops' rules and sources, and the rules their steps name), in hop order,
 *  with `contextLines` around each range; ranges in the same file that touch are merged. */
export function traceExcerpts(trace: Trace, opts: ExportOptions): Excerpt[] {
  const sm = opts.sourceMap;
  if (!sm || opts.excerpts === false) return [];
  const maxLines = Math.max(1, opts.maxExcerptLines ?? 30);
  const context = Math.max(0, opts.contextLines ?? 1);
  const texts = new Map<string, { text: string; lines: string[] } | null>();
  const fileOf = (file: string) => {
    if (!texts.has(file)) {
      const raw = sm.textOf(file);
      // Redaction keeps every line where it was, so the ranges still point at the right lines.
      const text = raw === undefined ? null : opts.redact === false ? raw : redactSecrets(raw).text;
      texts.set(file, text === null ? null : { text, lines: text.split('\n') });
    }
    return texts.get(file) ?? null;
  };
  const finders = new Map<string, ReturnType<typeof objectFinder>>();
  const objectOf = (file: string, text: string, line: number) => {
    let find = finders.get(file);
    if (!find) finders.set(file, (find = objectFinder(text)));
    return find(line);
  };

  const wanted: Wanted[] = [];
  const want = (range: SourceRange | undefined, hop: number, label: string, impliedBy?: string) => {
    if (!range?.file) return;
    const f = fileOf(range.file);
    if (!f || range.startLine < 1 || range.startLine > f.lines.length) return;
    // Context stays inside the object that holds the range: never the previous object's last line in a
    // List dump (issue 14).
    const obj = objectOf(range.file, f.text, range.startLine);
    const start = Math.max(1, obj?.first ?? 1, range.startLine - context);
    const end = Math.min(f.lines.length, obj?.last ?? f.lines.length, Math.max(range.startLine, range.endLine) + context);
    wanted.push({ file: range.file, start, end, object: obj?.first ?? 0, hop, label, impliedBy });
  };
  trace.hops.forEach((hop, i) => {
    if (hop.rule) want(hop.rule.source, i + 1, hop.rule.label, hop.rule.impliedBy);
    else if (hop.source) want(hop.source, i + 1, hop.title);
    for (const step of hop.steps) if (step.rule) want(step.rule.source, i + 1, step.rule.label, step.rule.impliedBy);
  });

  const out: Excerpt[] = [];
  const objectAt: number[] = [];
  for (const w of wanted) {
    const into = out.find((e, i) => e.file === w.file && objectAt[i] === w.object && w.start <= e.endLine + 1 && w.end >= e.startLine - 1);
    if (into) {
      into.startLine = Math.min(into.startLine, w.start);
      into.endLine = Math.max(into.endLine, w.end);
      if (!into.hops.includes(w.hop)) into.hops.push(w.hop);
      if (!into.labels.includes(w.label)) into.labels.push(w.label);
      into.impliedBy ??= w.impliedBy;
    } else {
      out.push({ file: w.file, startLine: w.start, endLine: w.end, lines: [], lineNumbers: [], cut: false, hops: [w.hop], labels: [w.label], impliedBy: w.impliedBy });
      objectAt.push(w.object);
    }
  }
  for (const ex of out) {
    const f = fileOf(ex.file);
    // Folded first, then cut: the limit counts the lines a reader sees, not the managedFields they skip.
    const lines = !f ? [] : opts.redact === false ? f.lines.slice(ex.startLine - 1, ex.endLine) : allowListedLines(f.text, ex.startLine, ex.endLine);
    const folded = foldNoise(lines.map((l) => l.replace(/\r$/, '')), ex.startLine);
    ex.cut = folded.lines.length > maxLines;
    ex.lines = folded.lines.slice(0, maxLines).map(stripControl);
    ex.lineNumbers = folded.numbers.slice(0, maxLines);
    if (ex.cut) ex.endLine = ex.lineNumbers[ex.lineNumbers.length - 1] ?? ex.startLine;
  }
  return out;
}

/**
 * What an excerpt leaves out, in one line each (issue 14): a `managedFields:` block (the API server's
 * field-ownership bookkeeping, `oc get -o yaml` prints it in every object; no verdict reads it) becomes
 * `managedFields: …`, and a run of lines the allow-list dropped entirely (`…` only) becomes one `…` at the
 * run's outermost indentation. `numbers` keeps each shown line's number in the file.
 */
export function foldNoise(lines: readonly string[], firstLine: number): { lines: string[]; numbers: number[] } {
  const out: string[] = [];
  const numbers: number[] = [];
  const indentOf = (l: string) => /^[ ]*/.exec(l)![0].length;
  const dropped = (l: string) => l.trim() === '…';
  let inRun = false; // the last shown line is a `…` that stands for every line since
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^[ ]*(?:- )?managedFields:[ \t]*(?:…)?$/.test(l)) {
      // The block: deeper lines, and `- ` items at the key's own indentation (as kubectl writes them).
      const key = l.indexOf('managedFields');
      let j = i + 1;
      while (j < lines.length && (lines[j].trim() === '' || dropped(lines[j]) || indentOf(lines[j]) > key || (indentOf(lines[j]) === key && lines[j].trimStart().startsWith('- ')))) j++;
      if (j > i + 1) {
        out.push(`${l.slice(0, key)}managedFields: …`);
        numbers.push(firstLine + i);
        i = j - 1;
        inRun = false;
        continue;
      }
    }
    if (dropped(l) && inRun) {
      if (indentOf(l) < indentOf(out[out.length - 1])) out[out.length - 1] = l;
      continue;
    }
    out.push(l);
    numbers.push(firstLine + i);
    inRun = dropped(l);
  }
  return { lines: out, numbers };
}
