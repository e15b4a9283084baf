// A diff report (analyze/diff.ts) as Markdown (a pull-request comment) and CSV, for the CLI and the app's
// Changes panel export. Names come from manifests: Markdown metacharacters are escaped, CSV cells that a
// spreadsheet would run as a formula are defused, control characters never pass through.
import type { DiffChange, DiffReport, DiffStatus } from '../analyze/diff';
import type { DiffSide } from '../analyze/diff-causes';
import type { Trace } from '../analyze/types';
import { oneLine } from './common';
import { csvCell } from './connectivity';
import { mdEscape } from './markdown';

export const STATUS_WORD: Record<DiffStatus, string> = {
  opened: 'newly allowed',
  closed: 'newly denied',
  ports: 'ports changed',
  changed: 'changed',
  undetermined: 'undetermined',
};

export const KIND_WORD: Record<DiffChange['kind'], string> = {
  connection: 'connection',
  namespace: 'namespaces',
  url: 'URL',
  address: 'outside address',
  exposure: 'exposure',
};

/** `3 differences: 1 newly allowed, 2 newly denied`, or `No differences`. */
export function diffHeadline(r: DiffReport): string {
  if (r.counts.total === 0) return 'No differences in reachability';
  const parts = (Object.keys(STATUS_WORD) as DiffStatus[]).filter((s) => r.counts[s] > 0).map((s) => `${r.counts[s]} ${STATUS_WORD[s]}`);
  return `${r.counts.total} difference${r.counts.total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** The deciding rule of a side, one line: `denied: NetworkPolicy shop/deny (app.yaml:3:1)`. */
export function sideLine(s: DiffSide | undefined): string {
  if (!s) return '';
  const c = s.causes[0];
  return c ? `${s.verdict}: ${c.rule}${c.at ? ` (${c.at})` : ''}${s.causes.length > 1 ? ` +${s.causes.length - 1} more` : ''}` : `${s.verdict}: ${s.summary}`;
}

const MD_ROWS = 200;
const MARK: Record<DiffStatus, string> = { opened: '🔓', closed: '🔒', ports: '🔀', changed: '🔀', undetermined: '❔' };

function traceBlock(label: string, t: Trace, textOf: (t: Trace) => string): string[] {
  const body = textOf(t);
  const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return [`**${label}**`, '', fence + 'text', body.replace(/\n$/, ''), fence, ''];
}

/** A pull-request comment: the headline, a table ranked by risk (the first 200 rows), the changed objects,
 *  and with traces (explain) each difference's two traces folded in <details>. `traceText` prints a trace. */
export function diffToMarkdown(r: DiffReport, traceText?: (t: Trace) => string): string {
  const out = [`### podpath diff: ${mdEscape(diffHeadline(r))}`, '', `Profile ${mdEscape(r.profile)}. Ranked by risk: new exposure first.`, ''];
  if (r.changes.length) {
    out.push('| | Change | Kind | Before | After |', '|---|---|---|---|---|');
    for (const c of r.changes.slice(0, MD_ROWS)) {
      out.push(`| ${MARK[c.status]} ${STATUS_WORD[c.status]} | ${mdEscape(c.title)} | ${KIND_WORD[c.kind]} | ${mdEscape(sideLine(c.beforeSide) || c.before.join(', ') || '—')} | ${mdEscape(sideLine(c.afterSide) || c.after.join(', ') || '—')} |`);
    }
    if (r.changes.length > MD_ROWS) out.push('', `… and ${r.changes.length - MD_ROWS} more (\`--format json\` or \`--format csv\` lists all).`);
    if (r.counts.untraced) out.push('', `${r.counts.untraced} connection difference(s) were not traced (over the limit): their verdicts are the reachability summary's, and their causes are not shown.`);
    out.push('');
  }
  const objs = [...r.objects.added.map((o) => `added ${o}`), ...r.objects.removed.map((o) => `removed ${o}`), ...r.objects.changed.map((o) => `changed ${o}`)];
  if (objs.length) out.push(`<details><summary>${objs.length} object(s) differ</summary>`, '', ...objs.slice(0, 500).map((o) => `- ${mdEscape(o)}`), '', '</details>', '');
  if (traceText) {
    for (const c of r.changes.slice(0, MD_ROWS)) {
      if (!c.traces) continue;
      out.push(`<details><summary>${mdEscape(c.title)}</summary>`, '', ...traceBlock('Before', c.traces.before, traceText), ...traceBlock('After', c.traces.after, traceText), '</details>', '');
    }
  }
  return out.join('\n');
}

export function diffToCsv(r: DiffReport): string {
  const lines = ['status,kind,from,to,before,after,before_rule,after_rule,risk'];
  for (const c of r.changes) {
    const cells = [c.status, c.kind, c.from, c.to, c.before.join(' '), c.after.join(' '), sideLine(c.beforeSide), sideLine(c.afterSide), String(c.risk)];
    lines.push(cells.map((x) => csvCell(oneLine(x))).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
