// Calico's selector language, exactly as libcalico-go reads it: the tokenizer of
// projectcalico/calico libcalico-go/lib/selector/tokenizer/tokenizer.go and the recursive-descent parser of
// libcalico-go/lib/selector/parser/parser.go (`||` lowest, then `&&`, then a possibly `!`-negated operation:
// `has(k)`, `all()`, `global()`, `k == "v"`, `k != "v"`, `k contains "v"`, `k starts with "v"`,
// `k ends with "v"`, `k in {"a","b"}`, `k not in {...}`, or a parenthesised expression). An empty selector is
// `all()`. Evaluation follows libcalico-go/lib/selector/parser/ast.go: `!=` and `not in` match when the
// label is absent; `global()` evaluates true (its meaning in a namespaceSelector is given by the caller,
// see `namespaceScope`). Parse errors carry the character offset where the tokenizer or parser stopped.
// Pure data in, pure data out: the AST is plain objects (it crosses the Web Worker boundary).
import type { Labels } from './types';

export type CalicoSelectorNode =
  | { op: 'all' }
  | { op: 'global' }
  | { op: 'has'; key: string }
  | { op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; key: string; value: string }
  | { op: 'in' | 'not in'; key: string; values: readonly string[] }
  | { op: '!'; of: CalicoSelectorNode }
  | { op: '&&' | '||'; of: readonly CalicoSelectorNode[] };

export interface CalicoSelector {
  /** The text as written (trimmed of nothing: an empty string is `all()`). */
  text: string;
  root: CalicoSelectorNode;
}

export type CalicoSelectorParse = { ok: true; selector: CalicoSelector } | { ok: false; error: string; offset: number };

type TokKind = 'label' | 'string' | '{' | '}' | ',' | '==' | '!=' | 'in' | '!' | 'not in' | 'contains' | 'starts with' | 'ends with' | 'all' | 'has' | '(' | ')' | '&&' | '||' | 'global' | 'eof';
interface Token {
  kind: TokKind;
  value: string;
  at: number;
}

class SelectorError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** tokenizer.go findIdentifier: the longest run of [a-zA-Z0-9_./-] — and, as upstream, "" when the run reaches the end of the input. */
function findIdentifier(s: string, from: number): string {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 47 || c === 45;
    if (!ok) return s.slice(from, i);
  }
  return '';
}

const WS = (c: string) => c === ' ' || c === '\t';

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < input.length && WS(input[i])) i++;
  };
  for (;;) {
    skipWs();
    if (i >= input.length) {
      out.push({ kind: 'eof', value: '', at: i });
      return out;
    }
    const at = i;
    const last = out.length ? out[out.length - 1].kind : undefined;
    const c = input[i];
    const push = (kind: TokKind, len: number, value = '') => {
      out.push({ kind, value, at });
      i += len;
    };
    switch (c) {
      case '(':
      case ')':
      case '{':
      case '}':
      case ',':
        push(c, 1);
        continue;
      case '"':
      case "'": {
        const end = input.indexOf(c, i + 1);
        if (end < 0) throw new SelectorError('unterminated string', at);
        out.push({ kind: 'string', value: input.slice(i + 1, end), at });
        i = end + 1;
        continue;
      }
      case '=':
        if (input[i + 1] === '=') push('==', 2);
        else throw new SelectorError('expected ==', at);
        continue;
      case '!':
        if (input[i + 1] === '=') push('!=', 2);
        else push('!', 1);
        continue;
      case '&':
        if (input[i + 1] === '&') push('&&', 2);
        else throw new SelectorError('expected &&', at);
        continue;
      case '|':
        if (input[i + 1] === '|') push('||', 2);
        else throw new SelectorError('expected ||', at);
        continue;
    }
    // `input.startsWith(w, i)`, not a slice per token: long selectors stay linear.
    const at0 = i;
    const rest = { startsWith: (w: string) => input.startsWith(w, at0) };
    if (last === 'label') {
      // After a label only an operator word may follow (upstream checks these prefixes in this order).
      const expecting = () => new SelectorError(`unexpected characters after label '${out[out.length - 1].value}', was expecting an operator`, at);
      const twoWords = (first: string, second: string, kind: TokKind) => {
        i += first.length;
        skipWs();
        if (!input.startsWith(second, i)) throw expecting();
        i += second.length;
        out.push({ kind, value: '', at });
      };
      if (rest.startsWith('contains')) push('contains', 'contains'.length);
      else if (rest.startsWith('starts')) twoWords('starts', 'with', 'starts with');
      else if (rest.startsWith('ends')) twoWords('ends', 'with', 'ends with');
      else if (rest.startsWith('not')) twoWords('not', 'in', 'not in');
      else if (rest.startsWith('in')) push('in', 2);
      else throw expecting();
      continue;
    }
    if (rest.startsWith('has(')) {
      i += 4;
      skipWs();
      const ident = findIdentifier(input, i);
      if (!ident) throw new SelectorError('no label name in has( expression', at);
      i += ident.length;
      skipWs();
      if (input[i] !== ')') throw new SelectorError("no closing ')' after has(", at);
      i++;
      out.push({ kind: 'has', value: ident, at });
      continue;
    }
    const nullary = (word: 'all' | 'global') => {
      i += word.length + 1;
      skipWs();
      if (input[i] !== ')') throw new SelectorError(`no closing ')' after ${word}(`, at);
      i++;
      out.push({ kind: word, value: '', at });
    };
    if (rest.startsWith('all(')) {
      nullary('all');
      continue;
    }
    if (rest.startsWith('global(')) {
      nullary('global');
      continue;
    }
    const ident = findIdentifier(input, i);
    if (!ident) throw new SelectorError('unexpected characters', at);
    push('label', ident.length, ident);
  }
}

const MAX_DEPTH = 100;

class Parser {
  private p = 0;
  private depth = 0;
  constructor(private readonly toks: Token[]) {}
  private get tok(): Token {
    return this.toks[Math.min(this.p, this.toks.length - 1)];
  }
  /** The current token's kind (a call, so TypeScript does not narrow it across advances). */
  private peek(): TokKind {
    return this.tok.kind;
  }
  or(): CalicoSelectorNode {
    const of = [this.and()];
    while (this.tok.kind === '||') {
      this.p++;
      of.push(this.and());
    }
    return of.length === 1 ? of[0] : { op: '||', of };
  }
  and(): CalicoSelectorNode {
    const of = [this.operation()];
    while (this.tok.kind === '&&') {
      this.p++;
      of.push(this.operation());
    }
    return of.length === 1 ? of[0] : { op: '&&', of };
  }
  operation(): CalicoSelectorNode {
    // Leading `!`s collapse to one boolean (parser.go parseOperation).
    let negated = false;
    while (this.tok.kind === '!') {
      negated = !negated;
      this.p++;
    }
    const t = this.tok;
    let node: CalicoSelectorNode;
    switch (t.kind) {
      case 'has':
        node = { op: 'has', key: t.value };
        this.p++;
        break;
      case 'all':
      case 'global':
        node = { op: t.kind };
        this.p++;
        break;
      case 'label':
        node = this.labelOp(t);
        break;
      case '(': {
        // Untrusted input: bound the recursion (Go's growing stacks have no such limit; no real selector nests this deep).
        if (++this.depth > MAX_DEPTH) throw new SelectorError(`parentheses nested deeper than ${MAX_DEPTH}`, t.at);
        this.p++;
        node = this.or();
        this.depth--;
        if (this.tok.kind !== ')') throw new SelectorError('expected )', this.tok.at);
        this.p++;
        break;
      }
      default:
        throw new SelectorError(t.kind === 'eof' ? 'unexpected end of string looking for op' : `unexpected token: ${t.kind}${t.value ? `(${t.value})` : ''}`, t.at);
    }
    return negated ? { op: '!', of: node } : node;
  }
  private labelOp(label: Token): CalicoSelectorNode {
    // "should have an operator and a literal": fewer than 3 tokens left (EOF counts) is an early end.
    if (this.toks.length - this.p < 3) throw new SelectorError('unexpected end of string looking for op', label.at);
    const op = this.toks[this.p + 1];
    const lit = this.toks[this.p + 2];
    switch (op.kind) {
      case '==':
      case '!=':
      case 'contains':
      case 'starts with':
      case 'ends with':
        if (lit.kind !== 'string') throw new SelectorError('expected string', lit.at);
        this.p += 3;
        return { op: op.kind, key: label.value, value: lit.value };
      case 'in':
      case 'not in': {
        if (lit.kind !== '{') throw new SelectorError('expected set literal', lit.at);
        this.p += 3;
        const values: string[] = [];
        while (this.peek() === 'string') {
          values.push(this.tok.value);
          this.p++;
          if (this.peek() === ',') this.p++;
          else break;
        }
        if (this.peek() !== '}') throw new SelectorError('expected }', this.tok.at);
        this.p++;
        return { op: op.kind, key: label.value, values: [...new Set(values)].sort() };
      }
      default:
        throw new SelectorError(`expected == or != not: ${op.kind}`, op.at);
    }
  }
  end(): void {
    if (this.tok.kind !== 'eof') throw new SelectorError('unexpected content at end of selector', this.tok.at);
  }
}

/** Parse a Calico selector; never throws. */
export function parseCalicoSelector(text: string): CalicoSelectorParse {
  try {
    const toks = tokenize(text);
    if (toks[0].kind === 'eof') return { ok: true, selector: { text, root: { op: 'all' } } };
    const p = new Parser(toks);
    const root = p.or();
    p.end();
    return { ok: true, selector: { text, root } };
  } catch (e) {
    if (e instanceof SelectorError) return { ok: false, error: e.message, offset: e.offset };
    throw e;
  }
}

/**
 * How `all()` and `global()` read in a rule's namespaceSelector (updateprocessors/rules.go
 * getEndpointSelector rewrites them to `has(projectcalico.org/namespace)` and `!has(projectcalico.org/namespace)`):
 * for a namespaced endpoint (every pod) `all()` is true and `global()` false. Elsewhere both are true (ast.go).
 */
export interface SelectorScope {
  namespaced?: boolean;
}

const has = (labels: Labels, k: string) => Object.prototype.hasOwnProperty.call(labels, k);

export function calicoSelectorMatches(node: CalicoSelectorNode, labels: Labels, scope: SelectorScope = {}): boolean {
  switch (node.op) {
    case 'all':
      return scope.namespaced === undefined ? true : scope.namespaced;
    case 'global':
      return scope.namespaced === undefined ? true : !scope.namespaced;
    case 'has':
      return has(labels, node.key);
    case '==':
      return has(labels, node.key) && labels[node.key] === node.value;
    case '!=':
      return !has(labels, node.key) || labels[node.key] !== node.value;
    case 'contains':
      return has(labels, node.key) && labels[node.key].includes(node.value);
    case 'starts with':
      return has(labels, node.key) && labels[node.key].startsWith(node.value);
    case 'ends with':
      return has(labels, node.key) && labels[node.key].endsWith(node.value);
    case 'in':
      return has(labels, node.key) && node.values.includes(labels[node.key]);
    case 'not in':
      return !has(labels, node.key) || !node.values.includes(labels[node.key]);
    case '!':
      return !calicoSelectorMatches(node.of, labels, scope);
    case '&&':
      return node.of.every((n) => calicoSelectorMatches(n, labels, scope));
    case '||':
      return node.of.some((n) => calicoSelectorMatches(n, labels, scope));
  }
}

/** The label keys a selector reads (for the summary's endpoint classes and the lint). */
export function calicoSelectorKeys(node: CalicoSelectorNode, out: Set<string> = new Set()): Set<string> {
  switch (node.op) {
    case 'all':
    case 'global':
      return out;
    case '!':
      return calicoSelectorKeys(node.of, out);
    case '&&':
    case '||':
      for (const n of node.of) calicoSelectorKeys(n, out);
      return out;
    default:
      out.add(node.key);
      return out;
  }
}

/** Whether the selector is `all()` (or empty). */
export function isCalicoAll(s: CalicoSelector): boolean {
  return s.root.op === 'all';
}

/** Calico's canonical text of a selector (ast.go String()), for explanations and fixes. */
export function formatCalicoSelector(node: CalicoSelectorNode): string {
  const q = (s: string) => (s.includes('"') ? `'${s}'` : `"${s}"`);
  switch (node.op) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${node.key})`;
    case 'in':
    case 'not in':
      return `${node.key} ${node.op} {${node.values.map(q).join(', ')}}`;
    case '!':
      return `!${formatCalicoSelector(node.of)}`;
    case '&&':
    case '||':
      return `(${node.of.map(formatCalicoSelector).join(` ${node.op} `)})`;
    default:
      return `${node.key} ${node.op} ${q(node.value)}`;
  }
}
