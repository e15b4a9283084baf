// A trace as Markdown: what a support engineer pastes into a ticket reply. A table of hops (verdict,
// reason, deciding rule, YAML line), each hop's explanation and fix, then the YAML excerpts the hops
// point at (secrets redacted). The one Markdown renderer of a trace: the CLI's `--format markdown`, the
// app's export and tickets all call it. Names and messages from manifests are untrusted: every piece goes
// through the one sanitiser's Markdown escapers (src-core/untrusted.ts), so it renders as text in any
// CommonMark/GFM renderer, and code fences are always longer than any backtick run inside them.
import type { Trace, Verdict } from '../analyze/types';
import { markdownCode, markdownFence, markdownText } from '../untrusted';
import { describeQuery, formatPlace, hopRange, traceExcerpts, VERDICT_WORD, type ExportOptions } from './common';

const VERDICT_MARK: Record<Verdict, string> = {
  allowed: '✅',
  denied: '⛔',
  undetermined: '❓',
  redirected: '↪️',
  warning: '⚠️',
  info: 'ℹ️',
};

/** The Markdown escapers are the one sanitiser's (src-core/untrusted.ts); these names stay for callers. */
export const mdEscape = markdownText;
export const mdCode = markdownCode;
export const mdFence = markdownFence;

function verdictCell(v: Verdict): string {
  return `${VERDICT_MARK[v] ?? ''} ${VERDICT_WORD[v] ?? mdEscape(String(v))}`.trim();
}

export function traceToMarkdown(trace: Trace, opts: ExportOptions = {}): string {
  const out: string[] = [];
  out.push(`### podpath trace: ${mdEscape(describeQuery(trace.query))}`);
  out.push('');
  const verdict = trace.verdict ?? (trace.allowed ? 'allowed' : 'denied');
  out.push(`**${verdictCell(verdict)}** — ${mdEscape(trace.summary)}`);
  const facts: string[] = [];
  if (opts.profile) facts.push(`Profile: ${mdEscape(opts.profile)}`);
  if (trace.reached) facts.push(`Reaches: ${mdCode(trace.reached)}`);
  if (facts.length) {
    out.push('');
    out.push(facts.join(' · '));
  }
  if (trace.error) {
    out.push('');
    out.push(`> The query could not be answered: ${mdEscape(trace.error)}`);
  }

  if (trace.hops.length > 0) {
    out.push('');
    out.push('| # | Hop | Verdict | Reason | Decided by | YAML |');
    out.push('|---|-----|---------|--------|------------|------|');
    trace.hops.forEach((hop, i) => {
      const at = hopRange(hop);
      const rule = at?.rule ? mdEscape(at.rule.label) + (at.rule.impliedBy ? ` (implied by ${mdEscape(at.rule.impliedBy)})` : '') : '';
      const place = at ? mdCode(formatPlace(at.range)) : '';
      out.push(`| ${i + 1} | ${mdEscape(hop.title)} | ${verdictCell(hop.verdict)} | ${mdEscape(hop.summary)} | ${rule} | ${place} |`);
    });
  }

  if (opts.details !== false) {
    const why: string[] = [];
    trace.hops.forEach((hop, i) => {
      const lines: string[] = [];
      for (const step of hop.steps) {
        if (step.text === hop.summary && !step.rule) continue; // already in the table
        const where = step.rule ? ` (${mdEscape(step.rule.label)}, ${mdCode(formatPlace(step.rule.source))})` : '';
        const mark = step.verdict ? `${VERDICT_MARK[step.verdict] ?? ''} ` : '';
        lines.push(`   - ${mark}${mdEscape(step.text)}${where}`);
      }
      for (const [k, v] of Object.entries(hop.facts ?? {})) lines.push(`   - ${mdEscape(k)}: ${mdCode(v)}`);
      if (hop.fix) {
        lines.push(`   - **To allow it:** ${mdEscape(hop.fix.summary)}`);
        if (hop.fix.snippet) lines.push('', indent(mdFence(hop.fix.snippet, 'yaml'), '     '));
      }
      if (lines.length > 0) why.push('', `${i + 1}. **${mdEscape(hop.title)}** — ${verdictCell(hop.verdict)}`, ...lines);
    });
    if (why.length > 0) out.push('', '#### Why, hop by hop', ...why);
  }

  const excerpts = traceExcerpts(trace, opts);
  if (excerpts.length > 0) {
    out.push('');
    out.push('#### YAML');
    for (const ex of excerpts) {
      out.push('');
      const hops = ex.hops.length === 1 ? `hop ${ex.hops[0]}` : `hops ${ex.hops.join(', ')}`;
      const implied = ex.impliedBy ? `, implied by the ${mdEscape(ex.impliedBy)} profile` : '';
      out.push(`${ex.labels.map(mdEscape).join('; ')} — ${mdCode(`${ex.file}:${ex.startLine}-${ex.endLine}`)} (${hops}${implied})`);
      out.push('');
      out.push(mdFence(ex.lines.join('\n') + (ex.cut ? '\n# … (cut)' : ''), 'yaml'));
    }
  }
  out.push('');
  out.push(opts.redact === false || excerpts.length === 0 ? '_Made with podpath._' : '_Made with podpath; secrets in the YAML are replaced by `REDACTED-by-podpath`._');
  return out.join('\n') + '\n';
}

function indent(s: string, by: string): string {
  return s
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
