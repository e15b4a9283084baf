// Lint: findings about the whole model (misconfigurations that break or silently open traffic).
// PLACEHOLDER until the lint rules land: only the parse/model diagnostics are reported.
import type { BuiltCluster } from '../model/build';
import type { SourceRange } from '../parse/source';
import type { Severity } from '../parse/diagnostics';
import type { ObjectKey } from '../model/types';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  object?: ObjectKey;
  source: SourceRange;
  /** What to change, for people; `snippet` is ready to copy. */
  fix?: { summary: string; snippet?: string };
}

export function lintCluster(cluster: BuiltCluster): Finding[] {
  return cluster.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, source: d.range }));
}
