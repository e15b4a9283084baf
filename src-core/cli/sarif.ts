// `podpath lint --format sarif`: SARIF 2.1.0 (the OASIS standard GitHub code scanning and other
// code-scanning tools read). One run, one rule per lint code (its severity as the default level),
// one result per finding with its file, line and column. Paths are made relative to the working
// directory when they are inside it (code scanning resolves them against the repository root).
import type { Finding } from '../lint/codes';
import { LINT_CODES } from '../lint/codes';
import { DIAGNOSTIC_CODES } from '../parse/diagnostics';
import { oneLine } from '../export/common';
import { jsonText } from '../untrusted';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function uri(file: string, cwd: string | undefined): string {
  const f = file.replace(/\\/g, '/');
  const rel = cwd && f.startsWith(cwd.replace(/\\/g, '/').replace(/\/?$/, '/')) ? f.slice(cwd.replace(/\/?$/, '/').length) : f;
  return rel.split('/').map(encodeURIComponent).join('/');
}

export function toSarif(findings: readonly Finding[], opts: { version: string; cwd?: string }): string {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const severities: Record<string, string> = { ...DIAGNOSTIC_CODES, ...LINT_CODES };
  const rules = codes.map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: id.replace(/-/g, ' ') },
    defaultConfiguration: { level: LEVEL[(severities[id] as keyof typeof LEVEL) ?? 'warning'] ?? 'warning' },
  }));
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: codes.indexOf(f.code),
    level: LEVEL[f.severity],
    message: { text: oneLine(f.message) + (f.fix ? ` Fix: ${oneLine(f.fix.summary)}` : '') },
    locations: f.source.file
      ? [{
          physicalLocation: {
            artifactLocation: { uri: uri(f.source.file, opts.cwd) },
            region: { startLine: Math.max(1, f.source.startLine), startColumn: Math.max(1, f.source.startCol), endLine: Math.max(1, f.source.endLine), endColumn: Math.max(1, f.source.endCol) },
          },
        }]
      : [],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'podpath', version: opts.version, rules } }, results }],
  };
  return jsonText(log) + '\n';
}
