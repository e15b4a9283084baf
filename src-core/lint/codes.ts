// The lint catalogue: the Finding shape and every lint code with its severity. A rule's code is typed
// (`LintCode`): a finding cannot carry a code this list does not have.
import type { SourceRange } from '../parse/source';
import type { DiagnosticCode, Severity } from '../parse/diagnostics';
import type { ObjectKey } from '../model/types';

export interface Finding {
  /** A lint code of this catalogue, or the code of a parse/model diagnostic (which lint passes on). */
  code: FindingCode;
  severity: Severity;
  message: string;
  object?: ObjectKey;
  source: SourceRange;
  /** What to change, for people; `snippet` is ready to copy. */
  fix?: { summary: string; snippet?: string };
}

/** The catalogue of lint codes with their severity (parse/model diagnostics keep their own codes). */
export const LINT_CODES = {
  'route-targetport-no-endpoint': 'error',
  'route-service-missing': 'error',
  'route-not-admitted': 'warning',
  'route-api-invalid': 'error',
  'route-wildcard-not-allowed': 'error',
  'route-no-shard': 'error',
  'route-invalid-host': 'error',
  'route-extended-validation': 'error',
  'ingress-class-missing': 'error',
  'route-host-collision': 'warning',
  'allowlist-allows-everyone': 'error',
  'allowlist-invalid-entries': 'warning',
  'hsts-ineffective': 'warning',
  'reencrypt-without-ca': 'warning',
  'route-cert-problem': 'warning',
  'ingress-no-route': 'warning',
  'service-selects-no-pods': 'warning',
  'named-targetport-missing': 'warning',
  'policy-selects-no-pods': 'info',
  'router-isolated': 'error',
  'egress-policy-drops-all': 'error',
  'egress-policy-ignored': 'warning',
  'egress-ip-unhosted': 'error',
  'egress-firewall-rejected': 'error',
  'egress-router-invalid': 'error',
  'egress-router-duplicate': 'warning',
  'egress-no-dns': 'warning',
  'nodeport-out-of-range': 'error',
  'route-ingress-collision': 'warning',
  'namespace-selector-matches-nothing': 'warning',
  'unmodelled-policy': 'warning',
  // Calico (lint/calico.ts, profile calico)
  'calico-selector-matches-nothing': 'info',
  'calico-rule-shadowed': 'warning',
  'calico-tier-missing': 'warning',
  'calico-egress-no-dns': 'warning',
  /** Not a rule: the app's report that the rules themselves failed on an input (a bug in podpath). */
  'lint-failed': 'warning',
} as const satisfies Record<string, Severity>;

export type LintCode = keyof typeof LINT_CODES;

/** Every code a Finding can carry. */
export type FindingCode = LintCode | DiagnosticCode;
