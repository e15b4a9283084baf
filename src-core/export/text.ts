// A trace as plain text: for a terminal, an e-mail or a ticket system without Markdown. Same content
// as the Markdown export; untrusted text has its control characters (terminal escapes) escaped.
import type { Trace, Verdict } from '../analyze/types';
import { describeQuery, formatPlace, hopRange, oneLine, traceExcerpts, type ExportOptions } from './common';

const TAG: Record<Verdict, string> = {
  allowed: '[ALLOW]',
  denied: '[DENY] ',
  undetermined: '[UNDET]',
  redirected: '[REDIR]',
  warning: '[WARN] ',
  info: '[INFO] ',
};

function tag(v: Verdict): string {
  return TAG[v] ?? `[${oneLine(String(v)).toUpperCase()}]`;
}

export function traceToText(trace: Trace, opts: ExportOptions = {}): string {
  const out: string[] = [];
  const verdict = trace.verdict ?? (trace.allowed ? 'allowed' : 'denied');
  out.push(`podpath trace: ${oneLine(describeQuery(trace.query))}`);
  out.push(`${tag(verdict).trim()} ${oneLine(trace.summary)}`);
  if (opts.profile) out.push(`Profile: ${oneLine(opts.profile)}`);
  if (trace.reached) out.push(`Reaches: ${oneLine(trace.reached)}`);
  if (trace.error) out.push(`The query could not be answered: ${oneLine(trace.error)}`);

  const width = String(trace.hops.length).length;
  trace.hops.forEach((hop, i) => {
    out.push('');
    const at = hopRange(hop);
    out.push(`${String(i + 1).padStart(width)}. ${tag(hop.verdict)} ${oneLine(hop.title)}${at ? `  (${oneLine(formatPlace(at.range))})` : ''}`);
    const pad = ' '.repeat(width + 2 + 8);
    out.push(`${pad}${oneLine(hop.summary)}`);
    if (at?.rule) out.push(`${pad}Decided by: ${oneLine(at.rule.label)}${at.rule.impliedBy ? ` (implied by ${oneLine(at.rule.impliedBy)})` : ''}`);
    if (opts.details === false) return;
    for (const step of hop.steps) {
      if (step.text === hop.summary && !step.rule) continue; // just printed
      const where = step.rule ? ` [${oneLine(step.rule.label)}, ${oneLine(formatPlace(step.rule.source))}]` : '';
      out.push(`${pad}- ${oneLine(step.text)}${where}`);
    }
    for (const [k, v] of Object.entries(hop.facts ?? {})) out.push(`${pad}${oneLine(k)}: ${oneLine(v)}`);
    if (hop.fix) {
      out.push(`${pad}To allow it: ${oneLine(hop.fix.summary)}`);
      if (hop.fix.snippet) for (const line of hop.fix.snippet.replace(/\n$/, '').split('\n')) out.push(`${pad}    ${oneLine(line)}`);
    }
  });

  const excerpts = traceExcerpts(trace, opts);
  for (const ex of excerpts) {
    out.push('');
    const hops = ex.hops.length === 1 ? `hop ${ex.hops[0]}` : `hops ${ex.hops.join(', ')}`;
    out.push(`--- ${ex.labels.map(oneLine).join('; ')} — ${oneLine(ex.file)}:${ex.startLine}-${ex.endLine} (${hops}${ex.impliedBy ? `, implied by the ${oneLine(ex.impliedBy)} profile` : ''})`);
    const w = String(ex.endLine).length;
    ex.lines.forEach((line, k) => out.push(`${String(ex.startLine + k).padStart(w)} | ${line}`));
    if (ex.cut) out.push(`${' '.repeat(w)} | … (cut)`);
  }
  return out.join('\n') + '\n';
}
