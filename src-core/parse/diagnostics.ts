// Diagnostics: what the core says about the input itself (syntax, shape, unknown kinds). Shaped so the
// app can hand them to Monaco as markers and the CLI can print `file:line:col`. One catalogue of codes.
import type { SourceRange } from './source';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: SourceRange;
  /** The field path inside the object, e.g. `spec.ingress.0.from.1`, when the problem is in a field. */
  path?: string;
}

/** Every diagnostic code the parse and model stages emit, with its default severity. */
export const DIAGNOSTIC_CODES = {
  'yaml-syntax': 'error',
  'yaml-warning': 'warning',
  'yaml-alias-limit': 'error',
  'invalid-utf8': 'error',
  'invalid-character': 'error',
  'input-too-deep': 'error',
  'not-an-object': 'error',
  'missing-kind': 'error',
  'missing-name': 'error',
  'wrong-type': 'error',
  'invalid-value': 'error',
  'unknown-kind': 'info',
  'duplicate-object': 'warning',
  'invalid-selector': 'error',
  'invalid-label': 'error',
  'invalid-cidr': 'error',
  'invalid-port': 'error',
  'defaulted-value': 'warning',
  'unsupported-field': 'info',
  'template-parameter-required': 'error',
  'template-generated-value': 'info',
  'template-object-in-input': 'info',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
