// Secret redaction: before manifests leave the user's machine (share links, exports, downloads),
// private keys, Secret values and token-like env values are replaced by a visible placeholder.
//
// Contract: the text is edited in place, at the `yaml` package's own node ranges, so comments,
// layout and the line of every other character stay the same (a multi-line value is replaced by the
// placeholder plus as many newlines as it spanned). Certificates are public and are kept; only the
// PRIVATE KEY blocks inside a PEM bundle go. Never throws: text the parser cannot read still gets the
// text-level passes (PEM private key blocks, JWTs, bearer tokens) that do not need a parse.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from 'yaml';
import { splitDocuments } from '../parse/chunks';
import { LineIndex } from '../parse/source';

export const REDACTED = 'REDACTED-by-podpath';

export interface Redaction {
  /** For people: `Secret shop/db-creds data.password`. */
  what: string;
  /** 1-based line in the text (the same before and after redaction). */
  line: number;
}

export interface RedactResult {
  text: string;
  redactions: Redaction[];
}

/** Env var (and config key) names whose values are secrets whatever they look like: DB_PASS, REDIS_PWD,
 *  API-KEY, PRIVATE_KEY, AWS_ACCESS_KEY_ID, SIGNING_KEY, PASSPHRASE, AUTH (issue 16's leaks) and the like. */
export const SECRET_NAME = /token|secret|passw|pass$|pass_|_pass|pwd|passphrase|api[-_.]?key|private[-_.]?key|access[-_.]?key|signing[-_.]?key|credential|auth|cookie|session[-_.]?id|dsn$|database[-_.]?url|connection[-_.]?string/i;
/** Keys that name or point at a secret rather than hold one (`secretName`, `tokenPath`, `secretKeyRef`). */
const NAMES_A_SECRET = /(?:name|ref|refs|type|path|file|mount|kind|policy|selector|mode|ttl|expiry|expires|seconds)$/i;

/** A key or env var name whose value is a secret. */
export function secretLikeName(name: string): boolean {
  return SECRET_NAME.test(name) && !NAMES_A_SECRET.test(name);
}
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/g;
const BEARER = /\b(Bearer\s+)([A-Za-z0-9._~+/-]{12,}=*)/g;

interface Edit {
  start: number;
  end: number;
  replacement: string;
  what: string;
}

interface Ctx {
  doc: Document.Parsed;
  edits: Edit[];
  seen: Set<Node>;
  /** Offset of the parsed slice in the whole text. */
  base: number;
}

/** A document is parsed for the structural pass only if it may hold a structural secret: a Secret, a
 *  Template, a last-applied configuration, a Route with a `key` key, or a secret-like word used as a key
 *  (`password:`) or as an env var's name (`- name: DB_PASS`). The others skip the YAML parse, which
 *  dominates the cost (a cluster dump has thousands of Deployments and Routes without secrets). */
const STRUCTURAL_KINDS = /kind["']?[ \t]*:[ \t]*["']?(?:Secret|SecretList|Template)\b|last-applied-configuration/;
const MAYBE_ROUTE = /route/i;
const KEY_KEY = /\bkey["']?[ \t]*:/;
/** A word every SECRET_NAME match contains (the token around it is then checked with secretLikeName):
 *  plain literals scan a 12 MB dump several times quicker than SECRET_NAME itself. */
const SECRET_WORD_SOURCE = 'token|secret|pass|pwd|key|credential|auth|cookie|session|dsn|database|connection';
const SECRET_WORD = new RegExp(SECRET_WORD_SOURCE, 'gi');
/** The same on lower-cased text (quicker than the case-insensitive scan). */
const SECRET_WORD_LOWER = new RegExp(SECRET_WORD_SOURCE, 'g');
const TOKEN_CHAR = /[A-Za-z0-9_.-]/;
/** What follows an env entry's name: its `value` (same flow mapping, or the next line of the block one). */
const ENV_VALUE_NEXT = /^["']?[ \t]*(?:,[ \t]*|\r?\n[ \t]*)["']?value/;

/** The `[A-Za-z0-9_.-]+` run around offset i..j of s. */
function tokenAround(s: string, i: number, j: number): [number, number] {
  let a = i;
  let b = j;
  while (a > 0 && TOKEN_CHAR.test(s[a - 1])) a--;
  while (b < s.length && TOKEN_CHAR.test(s[b])) b++;
  return [a, b];
}

/** Offsets of secret-like names used as keys (`password:`, `"apiKey":`, `token=`) or env names (`name: DB_PASS`). */
function secretNameSpots(s: string): [number, number][] {
  const out: [number, number][] = [];
  const lower = s.toLowerCase();
  // (Lower-casing keeps offsets unless a character changes length, such as U+0130; then scan as written.)
  const [re, on] = lower.length === s.length ? [SECRET_WORD_LOWER, lower] : [SECRET_WORD, s];
  re.lastIndex = 0;
  for (let m = re.exec(on); m; m = re.exec(on)) {
    const [a, b] = tokenAround(s, m.index, m.index + m[0].length);
    re.lastIndex = Math.max(re.lastIndex, b);
    if (!secretLikeName(s.slice(a, b))) continue;
    // A key: starts after a blank, `{`, `,`, `-`, `#` or a quote, and ends at `: `/`:` + end of line, or `=`.
    const after = (a === 0 || /[\s{,"'#-]/.test(s[a - 1])) && /^["']?[ \t]*(?::(?:[ \t]|\r?\n|$)|=)/.test(s.slice(b, b + 5));
    // An env entry's name: `- name: X` or `{name: X` / `{"name": "X"` (not metadata.name, which has neither).
    const before = /(?:-[ \t]+|\{[ \t]*)["']?name["']?[ \t]*:[ \t]*["']?$/.test(s.slice(Math.max(0, a - 16), a)) && ENV_VALUE_NEXT.test(s.slice(b, b + 80));
    if (after || before) out.push([a, b]);
  }
  return out;
}

/** `hasSpot`: whether a secret-like name spot (found once over the whole text) falls in this chunk. */
function maybeSecret(slice: string, hasSpot: boolean): boolean {
  return hasSpot || STRUCTURAL_KINDS.test(slice) || (MAYBE_ROUTE.test(slice) && KEY_KEY.test(slice));
}

export function redactSecrets(input: string): RedactResult {
  // A text with lone CR line endings (old Mac style) reads as one long line to the YAML parser: redact a
  // copy where each lone CR is a newline (same length, so every offset holds) and keep the input's endings.
  const loneCR = input.includes('\r') && /\r(?!\n)/.test(input);
  const text = loneCR ? input.replace(/\r(?!\n)/g, '\n') : input;
  const edits: Edit[] = [];
  // Documents one by one (aliases never cross documents), as the parser's fast path splits them.
  const chunks = splitDocuments(text) ?? [{ start: 0, end: text.length }];
  const spots = secretNameSpots(text);
  let spot = 0;
  for (const chunk of chunks) {
    while (spot < spots.length && spots[spot][0] < chunk.start) spot++;
    const slice = chunk.start === 0 && chunk.end === text.length ? text : text.slice(chunk.start, chunk.end);
    if (!maybeSecret(slice, spot < spots.length && spots[spot][0] < chunk.end)) continue;
    try {
      // Same YAML version as the parser, so the same nodes are seen.
      const docs = parseAllDocuments(slice, { version: '1.1', keepSourceTokens: false });
      if (!Array.isArray(docs)) continue;
      for (const doc of docs) {
        const ctx: Ctx = { doc: doc as Document.Parsed, edits, seen: new Set(), base: chunk.start };
        visitObjects(ctx, doc.contents as Node | null, 0);
        visitValues(ctx, doc.contents as Node | null, 0);
      }
    } catch {
      // The text-level passes below still run on input the parser rejects.
    }
  }
  const redactions: Redaction[] = [];
  let out = edits.length ? applyEdits(text, edits, new LineIndex(text), redactions) : text;
  out = redactTextPatterns(out, redactions);
  redactions.sort((a, b) => a.line - b.line);
  if (loneCR) out = restoreLoneCR(input, out);
  return { text: out, redactions };
}

/** Puts the input's lone CRs back where the redacted copy has the newlines that stood for them. */
function restoreLoneCR(input: string, out: string): string {
  const crAt = new Set<number>();
  let line = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 13 && input.charCodeAt(i + 1) !== 10) crAt.add(line++);
    else if (c === 10) line++;
  }
  const parts = out.split('\n');
  return parts.map((p, i) => (i === parts.length - 1 ? p : p + (crAt.has(i) ? '\r' : '\n'))).join('');
}

/** True when the text contains something redactSecrets would replace. */
export function hasSecrets(text: string): boolean {
  return redactSecrets(text).redactions.length > 0;
}

// ---------------------------------------------------------------------------------------------------
// Structural pass: Kubernetes objects (also inside `items:` of List dumps and top-level arrays).

const MAX_DEPTH = 200;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function get(map: Node | null | undefined, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) return p.value as Node | undefined;
  return undefined;
}

function str(node: Node | undefined): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function objectName(map: Node): string {
  const meta = get(map, 'metadata');
  const ns = str(get(meta, 'namespace'));
  const name = str(get(meta, 'name')) ?? '(unnamed)';
  return ns ? `${ns}/${name}` : name;
}

function visitObjects(ctx: Ctx, node: Node | null | undefined, depth: number, inheritedKind?: string): void {
  if (!node || depth > MAX_DEPTH) return;
  if (isSeq(node)) {
    for (const item of node.items) visitObjects(ctx, item as Node, depth + 1);
    return;
  }
  if (!isMap(node)) return;
  const kind = str(get(node, 'kind')) ?? inheritedKind;
  const items = get(node, 'items');
  // `kind: SecretList` items may omit their kind (as the parser reads them too).
  if (isSeq(items) && kind && /List$/.test(kind)) {
    const itemKind = kind === 'List' ? undefined : kind.replace(/List$/, '');
    for (const item of items.items) visitObjects(ctx, item as Node, depth + 1, itemKind);
  } else if (isSeq(items)) visitObjects(ctx, items, depth + 1);
  if (kind === 'Template') {
    // An OpenShift Template's objects are manifests (Secrets among them); its parameters' values are
    // often passwords (`generate: expression` or typed in).
    visitObjects(ctx, get(node, 'objects'), depth + 1);
    const params = get(node, 'parameters');
    if (isSeq(params)) {
      for (const p of params.items) {
        const v = get(p as Node, 'value');
        if (v && !(isScalar(v) && (v.value == null || v.value === ''))) redactNode(ctx, v, `Template ${objectName(node)} parameter ${str(get(p as Node, 'name')) ?? '?'}`);
      }
    }
  }
  const annotations = get(get(node, 'metadata'), 'annotations');
  const applied = get(annotations, LAST_APPLIED);
  // A copy of the whole object as last applied: Secret data, env passwords, everything.
  if (applied && !(isScalar(applied) && (applied.value == null || applied.value === ''))) redactNode(ctx, applied, `${kind ?? 'object'} ${objectName(node)} ${LAST_APPLIED}`);
  if (kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const values = get(node, field);
      if (isMap(values)) {
        for (const p of values.items) {
          if (!isPair(p) || p.value == null) continue;
          const key = isScalar(p.key) ? String(p.key.value) : '?';
          redactNode(ctx, p.value as Node, `Secret ${objectName(node)} ${field}.${key}`);
        }
      } else if (values && !(isScalar(values) && values.value == null)) {
        redactNode(ctx, values, `Secret ${objectName(node)} ${field}`);
      }
    }
  }
  if (kind === 'Route') {
    const key = get(get(get(node, 'spec'), 'tls'), 'key');
    if (key && !(isScalar(key) && (key.value == null || key.value === ''))) {
      redactNode(ctx, key, `Route ${objectName(node)} spec.tls.key (private key)`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Value pass: env-like `{name, value}` entries anywhere (containers, initContainers, templates of any
// kind). JWTs and bearer tokens are found by the text pass, wherever they are.

function visitValues(ctx: Ctx, node: Node | null | undefined, depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  if (isSeq(node)) {
    for (const item of node.items) visitValues(ctx, item as Node, depth + 1);
    return;
  }
  if (isMap(node)) {
    const name = str(get(node, 'name'));
    const value = get(node, 'value');
    if (name !== undefined && value && secretLikeName(name) && !(isScalar(value) && (value.value == null || value.value === ''))) {
      redactNode(ctx, value, `env ${name} (secret-like name)`);
    }
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const v = p.value as Node | null;
      // `password: x`, `apiKey: x` in any map (Helm values, a kubeconfig user, a CR's spec): the value goes.
      if (key && secretLikeName(key) && isScalar(v) && v.value != null && v.value !== '' && typeof v.value !== 'boolean') {
        redactNode(ctx, v, `${key} (secret-like key)`);
        continue;
      }
      visitValues(ctx, v as Node, depth + 1);
    }
  }
}

function redactNode(ctx: Ctx, node: Node, what: string): void {
  // An alias shares its anchor's value: the secret text is written at the anchor.
  const target = isAlias(node) ? (node.resolve(ctx.doc) as Node | undefined) : node;
  if (!target || ctx.seen.has(target)) return;
  const range = target.range;
  if (!range || range[1] <= range[0]) return;
  ctx.seen.add(target);
  const style = isScalar(target) ? target.type : undefined;
  const placeholder = style === Scalar.QUOTE_DOUBLE ? `"${REDACTED}"` : style === Scalar.QUOTE_SINGLE ? `'${REDACTED}'` : REDACTED;
  ctx.edits.push({ start: ctx.base + range[0], end: ctx.base + range[1], replacement: placeholder, what });
}

// ---------------------------------------------------------------------------------------------------
// Applying edits without moving lines.

/** The replacement padded with the newlines of the text it replaces, so later lines keep their number. */
function keepLines(original: string, replacement: string): string {
  let n = 0;
  for (let i = original.indexOf('\n'); i !== -1; i = original.indexOf('\n', i + 1)) n++;
  return replacement + '\n'.repeat(n);
}

function applyEdits(text: string, edits: Edit[], lines: LineIndex, redactions: Redaction[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) continue; // inside an edit already made (e.g. an env value inside a Secret value)
    out += text.slice(at, e.start) + keepLines(text.slice(e.start, e.end), e.replacement);
    at = e.end;
    redactions.push({ what: e.what, line: lines.position(e.start).line });
  }
  return out + text.slice(at);
}

/** PEM private keys, JWTs and bearer tokens wherever they are (block scalars, comments, broken YAML).
 *  Each pass keeps the text's newlines, so a match's line is the same in the input. */
function redactTextPatterns(text: string, redactions: Redaction[]): string {
  let out = redactPemKeys(text, redactions);
  // Line indexes only when a pattern matched: building one costs a pass over the whole text.
  const lineAt = (s: string) => {
    let index: LineIndex | undefined;
    return (offset: number) => (index ??= new LineIndex(s)).position(offset).line;
  };
  let line = lineAt(out);
  out = out.replace(BASE64_PEM, (m: string, offset: number) => {
    if (!decodesToPrivateKey(m)) return m;
    redactions.push({ what: 'base64-encoded private key', line: line(offset) });
    return REDACTED;
  });
  line = lineAt(out);
  out = out.replace(JWT, (m: string, offset: number) => {
    redactions.push({ what: 'a JWT token', line: line(offset) });
    return REDACTED;
  });
  line = lineAt(out);
  out = out.replace(BEARER, (m: string, prefix: string, token: string, offset: number) => {
    if (token === REDACTED) return m;
    redactions.push({ what: 'a bearer token', line: line(offset) });
    return prefix + REDACTED;
  });
  line = lineAt(out);
  out = out.replace(OPENSHIFT_TOKEN, (m: string, offset: number) => {
    redactions.push({ what: 'an OpenShift token (sha256~)', line: line(offset) });
    return `sha256~${REDACTED}`;
  });
  line = lineAt(out);
  out = out.replace(URL_CREDENTIALS, (m: string, head: string, pass: string, offset: number) => {
    if (pass === REDACTED) return m;
    redactions.push({ what: 'a password in a URL', line: line(offset) });
    return `${head}${REDACTED}@`;
  });
  return redactSecretLines(out, redactions);
}

/** `password: x` lines inside text the structural pass does not see into (a kubeconfig or Helm values in
 *  a ConfigMap's block scalar, a comment, a document the parser rejects), and `# … token=x` in trailing
 *  comments. Only the lines holding a secret-like key are looked at (a regex over every line of a 12 MB
 *  dump cost seconds). */
function redactSecretLines(text: string, redactions: Redaction[]): string {
  const spots = secretNameSpots(text);
  if (spots.length === 0) return text;
  let lines: LineIndex | undefined;
  let out = '';
  let at = 0;
  let lastLine = -1;
  for (const [a] of spots) {
    const ls = text.lastIndexOf('\n', a - 1) + 1;
    if (ls < at || ls === lastLine) continue;
    lastLine = ls;
    const nl = text.indexOf('\n', a);
    const le = nl === -1 ? text.length : nl;
    const lineText = text.slice(ls, le);
    let changed = lineText;
    const what: string[] = [];
    changed = changed.replace(SECRET_LINE, (m: string, head: string, key: string, value: string) => {
      if (!secretLikeName(key) || value.startsWith(REDACTED) || value.startsWith(`"${REDACTED}`) || value.startsWith(`'${REDACTED}`) || /^[|>]/.test(value)) return m;
      what.push(`${key} (secret-like key)`);
      return head + REDACTED;
    });
    changed = changed.replace(COMMENT_SECRET, (m: string, head: string, key: string, value: string) => {
      if (!secretLikeName(key) || value.startsWith(REDACTED)) return m;
      what.push(`${key} in a comment`);
      return head + REDACTED;
    });
    if (changed === lineText) continue;
    const line = (lines ??= new LineIndex(text)).position(ls).line;
    for (const w of what) redactions.push({ what: w, line });
    out += text.slice(at, ls) + changed;
    at = le;
  }
  return out + text.slice(at);
}

/** `# … key: value` / `# … key=value` in a comment that follows something else on its line. */
const COMMENT_SECRET = /((?:^|[ \t])#[^\n]*?\b([A-Za-z0-9_.-]+)[ \t]*[:=][ \t]*)([^\s,;]+)/g;

/** Base64 of a PEM block ("-----BEGIN" encodes as LS0tLS1CRUdJTi): kubeconfig `client-key-data`,
 *  a Secret-like value outside a Secret, an annotation. Decoded to tell keys from certificates. */
const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/]{20,}={0,2}/g;
/** OpenShift OAuth access tokens (`oc whoami -t`). */
const OPENSHIFT_TOKEN = /\bsha256~[A-Za-z0-9_-]{8,}/g;
/** `scheme://user:password@host` (database URLs, git remotes with credentials, proxies). */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]*:)([^\s@/'"]+)@/gi;
/** `key: value` / `key=value` on one line, the key secret-like (checked with SECRET_NAME by the caller). */
const SECRET_LINE = /^([ \t#-]*["']?([A-Za-z0-9_.-]+)["']?[ \t]*[:=][ \t]*)(\S[^\n]*?)[ \t]*$/;

/** A cert+key bundle may put the key second: the whole value is decoded (up to 256 kB), not only its head. */
function decodesToPrivateKey(b64: string): boolean {
  try {
    const body = b64.slice(0, 256 * 1024);
    return /PRIVATE KEY( BLOCK)?-----/.test(atob(body.slice(0, body.length - (body.length % 4))));
  } catch {
    return false;
  }
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]*?)PRIVATE KEY( BLOCK)?-----/g;
/** One line of a PEM body (base64, or an RFC 1421 header such as `Proc-Type: 4,ENCRYPTED`). */
const PEM_BODY_LINE = new RegExp(`^[ \\t]*#?[ \\t]*(?:[A-Za-z0-9+/=]+|${REDACTED}|(?:Proc-Type|DEK-Info): .*)?[ \\t]*\\r?$`);

function redactPemKeys(text: string, redactions: Redaction[]): string {
  let lines: LineIndex | undefined;
  let out = '';
  let at = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const endMarker = `-----END ${m[1]}PRIVATE KEY${m[2] ?? ''}-----`;
    let endAt = text.indexOf(endMarker, bodyStart);
    // A truncated key (no END line, or END only far away in another object): take the body lines that follow.
    if (endAt === -1 || /-----BEGIN /.test(text.slice(bodyStart, endAt))) endAt = truncatedBodyEnd(text, bodyStart);
    const body = text.slice(bodyStart, endAt);
    // Nothing secret in an empty body, and a body that is only the placeholder was redacted before.
    if (!/[A-Za-z0-9+/=]/.test(body.replace(/\\n/g, '')) || alreadyRedacted(body)) {
      PEM_BEGIN.lastIndex = endAt;
      continue;
    }
    // Keep the body's layout (indentation, line breaks; a JSON `\n` escape joins its run) but none of its content.
    let first = true;
    // Comment markers and quotes around it stay, so the YAML around the block still reads the same.
    const kept = body.replace(/[A-Za-z0-9+/=\\:,.-]+/g, () => (first ? ((first = false), REDACTED) : ''));
    out += text.slice(at, bodyStart) + kept;
    at = endAt;
    PEM_BEGIN.lastIndex = endAt;
    redactions.push({ what: `PEM private key block${m[1] ? ` (${m[1].trim()})` : ''}`, line: (lines ??= new LineIndex(text)).position(m.index).line });
  }
  return out + text.slice(at);
}

/** Redacting twice changes nothing: a body that is only the placeholder (and layout) is left alone. */
function alreadyRedacted(body: string): boolean {
  return body.includes(REDACTED) && !/[A-Za-z0-9+/=]{4,}/.test(body.split(REDACTED).join('').replace(/\\n/g, ''));
}

function truncatedBodyEnd(text: string, from: number): number {
  let end = from;
  // The rest of the BEGIN line (a JSON string's escaped body) ...
  const nl = text.indexOf('\n', from);
  const restOfLine = text.slice(from, nl === -1 ? text.length : nl);
  const escaped = /^((?:\\n|[A-Za-z0-9+/=])*)/.exec(restOfLine);
  end = from + (escaped ? escaped[1].length : 0);
  if (nl === -1 || end < from + restOfLine.trimEnd().length) return end;
  // ... then whole lines that look like a PEM body.
  let pos = nl + 1;
  end = nl;
  while (pos < text.length) {
    const next = text.indexOf('\n', pos);
    const line = text.slice(pos, next === -1 ? text.length : next);
    if (line.trim() === '' || !PEM_BODY_LINE.test(line)) break;
    end = next === -1 ? text.length : next;
    if (next === -1) break;
    pos = next + 1;
  }
  return end;
}
