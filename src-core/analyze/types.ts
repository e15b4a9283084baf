// The analysis' output types: verdicts are data. A Trace is a list of hops; each hop says what was
// checked, the verdict, the rule that decided it and where that rule is written. The app renders these,
// the CLI prints them, exports turn them into Markdown. Plain data only (they cross the worker boundary).
import type { SourceRange } from '../parse/source';
import type { ObjectKey, Protocol } from '../model/types';
import type { HopCode } from './trace/codes';

export type { HopCode } from './trace/codes';

/** `undetermined`: the input cannot decide this step (an unknown pod IP inside a partly matching block, a
 *  policy kind podpath does not model, a Node the input does not carry ...). The hop names what is missing.
 *  A trace with an undetermined hop and no denying hop is undetermined as a whole: `allowed: false`, never a guess. */
export type Verdict = 'allowed' | 'denied' | 'undetermined' | 'redirected' | 'warning' | 'info';

/** The rule, field or object that decided something, resolved to its place in the YAML. */
export interface RuleRef {
  /** `NetworkPolicy/shop/allow-web` */
  object: ObjectKey;
  /** Field path inside the object, e.g. `spec.ingress.0.from.1`; '' for the whole object. */
  path: string;
  source: SourceRange;
  /** For people: `NetworkPolicy shop/allow-web, ingress rule 1, peer 2`. */
  label: string;
  /** Set when the object is implied by the profile rather than written in the input. */
  impliedBy?: string;
}

/** One line of an explanation; may point at the rule it talks about. */
export interface ExplanationStep {
  text: string;
  verdict?: Verdict;
  rule?: RuleRef;
}

/** What change would allow a denied request, ready to copy. */
export interface Fix {
  summary: string;
  /** YAML to add or a patch, as text. */
  snippet?: string;
  object?: ObjectKey;
}

export type HopKind =
  | 'source'
  | 'dns'
  | 'router'
  | 'route'
  | 'ingress'
  | 'gateway'
  | 'tls'
  | 'allowlist'
  | 'redirect'
  | 'service'
  | 'endpoints'
  | 'admin-policy'
  | 'egress-policy'
  | 'ingress-policy'
  | 'baseline-policy'
  | 'project-isolation'
  | 'unmodelled-policy'
  | 'egress-firewall'
  | 'egress-ip'
  | 'egress-router'
  | 'port'
  | 'destination'
  | 'external';

export interface Hop {
  kind: HopKind;
  /** Short title: `NetworkPolicy ingress at shop/web`. */
  title: string;
  verdict: Verdict;
  /** One line for the collapsed hop. */
  summary: string;
  /** The expandable explanation. */
  steps: ExplanationStep[];
  /** The object this hop is about (selects it in the graph). */
  object?: ObjectKey;
  /** Where to jump in the editor for this hop. */
  source?: SourceRange;
  /** The exact rule that decided the hop. */
  rule?: RuleRef;
  fix?: Fix;
  /** Facts shown on the hop (route annotations, certificate subject/expiry, weights ...). */
  facts?: Record<string, string>;
  /** What the hop found, as a typed fact from the one catalogue (analyze/trace/codes.ts): what lint rules
   *  and the trace summary read, so that rewording the prose switches nothing off. */
  code?: HopCode;
}

/** A question, in the forms of FORMAT.md (`ns/name`, `internet`, `ip:A.B.C.D`, `router`, `svc:ns/name`,
 *  `dns:name`, `http(s)://host/path`). */
export interface Query {
  from: string;
  to: string;
  port?: number;
  protocol?: Protocol;
  named_port?: string;
}

export interface Trace {
  query: Query;
  allowed: boolean;
  /** Overall verdict: `redirected` when the final answer followed a redirect, `warning` when allowed but surprising,
   *  `undetermined` when a hop could not be decided from the input and nothing denied (then `allowed` is false). */
  verdict: Verdict;
  /** One sentence for the whole trace. */
  summary: string;
  hops: Hop[];
  /** The pod or workload (`ns/name`) the request lands on, when it does. */
  reached: string | null;
  /** Object keys the request passes through, in order (for highlighting the path in the graph). */
  path: ObjectKey[];
  /** Set when the query itself could not be understood. */
  error?: string;
}

export interface QueryResult {
  allowed: boolean;
  reached: string | null;
  error?: string;
  verdict?: Verdict;
  summary?: string;
}
