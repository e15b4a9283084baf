// How podpath reads plain scalars: as kubectl does. kubectl (sigs.k8s.io/yaml) decodes manifests with
// go-yaml v2 into interface{}, so the values are go-yaml v2's: `yes`/`on`/`y` are true, `012` is 10, but
// `1:30`, `2024-01-01` and `e5` are strings (see resolvePlain11). Every reader uses this one resolver: the
// js-yaml schema of the fast path (YAML11_AS_YAML_PACKAGE), the lite reader (lite-scalars.ts) and the `yaml`
// package itself (YAML_OPTIONS: its YAML 1.1 schema with these int and float tags instead of its own, and
// no timestamp, base-60 or bare-exponent forms).
//
// Anything the js-yaml schema does not cover (explicit `!!` tags, merge keys, aliases, non-scalar keys)
// makes js-yaml throw, and the caller falls back to the `yaml` package for that document.
import { NOT_RESOLVED, Schema, defineMappingTag, defineScalarTag, seqTag } from 'js-yaml';
import type { ParseOptions, DocumentOptions, SchemaOptions, ScalarTag, Tags } from 'yaml';
import { stringifyNumber } from 'yaml/util';

// go-yaml v2's resolver (go.yaml.in/yaml/v2 resolve.go, which kubectl reads manifests with through
// sigs.k8s.io/yaml) — not the YAML 1.1 type repository, which the `yaml` package follows and which differs:
// - an unquoted timestamp decoded into interface{} stays the string it was written as (decode.go: "It looks
//   like a timestamp but for backward compatibility reasons we set it as a string"): `2024-01-01` is a
//   string, so it is a valid label value;
// - there are no base-60 numbers ("Base 60 floats are a bad idea ... purposefully unsupported"): `1:30` is
//   a string;
// - a scalar is a number only if it starts with a digit, a sign or a dot (the resolve table's hints): `e5`,
//   `-e5` and `.` are strings (the `yaml` package reads them as NaN);
// - integers are strconv.ParseInt(s without underscores, base 0, 64 bits), then ParseUint: `0X1F`, `0o17`,
//   `0B11` are numbers, `-0` is 0, and a hex, octal or binary number beyond 64 bits is a string;
// - floats need yamlStyleFloat and a finite strconv.ParseFloat: `1e999` is a string, not Infinity.
const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat of a scalar that starts with '.': a Go float literal (underscores only between digits). */
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(plain, 0, 64), then ParseUint(plain, 0, 64) (no sign), as go-yaml v2 tries them. */
function goInt(plain: string): number | undefined {
  if (!GO_INT.test(plain)) return undefined;
  const signed = plain[0] === '-' || plain[0] === '+';
  const body = signed ? plain.slice(1) : plain;
  const p = body.length > 1 && body[0] === '0' ? body[1] : '';
  const digits =
    p === 'x' || p === 'X' ? `0x${body.slice(2)}` : p === 'b' || p === 'B' ? `0b${body.slice(2)}` : p === 'o' || p === 'O' ? `0o${body.slice(2)}` : p ? `0o${body.slice(1)}` : body;
  let n = BigInt(digits);
  if (plain[0] === '-') n = -n;
  if (n >= INT64_MIN && n <= INT64_MAX) return Number(n);
  if (!signed && n <= UINT64_MAX) return Number(n);
  return undefined;
}

/** What go-yaml v2 makes of a plain scalar decoded into interface{}; NOT_RESOLVED means "a string". */
export function resolvePlain11(s: string): unknown {
  if (s === '') return null;
  const c = s.charCodeAt(0);
  // Plain decimal numbers (ports, replicas), without the regex chain. A leading 0 is octal, so not here.
  if (c >= 49 && c <= 57 && s.length < 16) {
    let digits = true;
    for (let i = 1; i < s.length; i++) {
      const d = s.charCodeAt(i);
      if (d < 48 || d > 57) {
        digits = false;
        break;
      }
    }
    if (digits) return parseInt(s, 10);
  }
  // The resolve table's 'D' (digit) and 'S' (sign) hints: the map (±.inf), then int, uint, float.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45) {
    if (NAN_INF.test(s)) return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    const plain = s.includes('_') ? s.replace(/_/g, '') : s;
    const n = goInt(plain);
    if (n !== undefined) return n;
    if (GO_FLOAT.test(plain)) {
      const f = parseFloat(plain);
      if (Number.isFinite(f)) return f;
    }
    return NOT_RESOLVED;
  }
  // '.': the map (.nan, .inf), then strconv.ParseFloat of the scalar as written.
  if (c === 46) {
    if (NAN_INF.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : Number.POSITIVE_INFINITY;
    if (GO_DOT_FLOAT.test(s)) {
      const f = parseFloat(s.replace(/_/g, ''));
      if (Number.isFinite(f)) return f;
    }
    return NOT_RESOLVED;
  }
  // 'M' hints (yYnNtTfFoO~): only the words of the map.
  if (s.length > 5) return NOT_RESOLVED;
  const w = WORDS.get(s);
  return w === undefined ? NOT_RESOLVED : w;
}

/** go-yaml v2's null and bool words (resolve.go's resolveMapList), with their values. */
const WORDS = new Map<string, null | boolean>();
for (const w of ['~', 'null', 'Null', 'NULL']) WORDS.set(w, null);
for (const w of ['Y', 'y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, true);
for (const w of ['N', 'n', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS.set(w, false);

/** First characters a non-string plain scalar can start with ('' is the empty scalar, null). */
const FIRST_CHARS = ['', '~', 'n', 'N', 'y', 'Y', 't', 'T', 'f', 'F', 'o', 'O', '+', '-', '.', ...'0123456789'];

const implicit11 = defineScalarTag<unknown>('tag:podpath:yaml-1.1-plain', {
  implicit: true,
  implicitFirstChars: FIRST_CHARS,
  resolve: (source, isExplicit) => (isExplicit ? NOT_RESOLVED : resolvePlain11(source)),
  identify: () => false,
});

/** Quoted and block scalars are strings; an explicit `!!str` is left to the `yaml` package. */
const str = defineScalarTag<string>('tag:yaml.org,2002:str', {
  resolve: (source, isExplicit) => (isExplicit ? NOT_RESOLVED : source),
  identify: (v) => typeof v === 'string',
});

/** yaml's stringifyKey for scalar keys; undefined for keys it would stringify as nodes (left to `yaml`). */
export function keyString(key: unknown): string | undefined {
  if (key === null) return '';
  if (typeof key === 'object') return undefined;
  return String(key);
}

/** yaml's addPairToJSMap: plain objects, own properties even for `__proto__`-like keys. */
const map = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  addPair: (carrier, key, value) => {
    const k = keyString(key);
    if (k === undefined) return 'a non-scalar or timestamp key';
    // yaml defines the property when `k in map`; on a fresh plain object only `__proto__` (an accessor
    // of Object.prototype) behaves differently from an assignment, so that is the one case to define.
    if (k === '__proto__') Object.defineProperty(carrier, k, { value, writable: true, enumerable: true, configurable: true });
    else carrier[k] = value;
    return '';
  },
  has: (carrier, key) => {
    const k = keyString(key);
    return k !== undefined && Object.prototype.hasOwnProperty.call(carrier, k);
  },
  keys: (result) => Object.keys(result),
  get: (result, key) => result[String(key)],
  identify: () => false,
});

export const YAML11_AS_YAML_PACKAGE = new Schema([str, implicit11, seqTag, map]);

/** A RegExp whose test() is a predicate: the `yaml` package picks an implicit tag by `tag.test.test(value)`. */
class Predicate extends RegExp {
  constructor(private readonly accepts: (s: string) => boolean) {
    super('(?:)');
  }
  override test(s: string): boolean {
    return this.accepts(s);
  }
}

/** The plain scalars go-yaml v2 reads as an int (ParseInt/ParseUint), with their values. */
function goIntValue(s: string): number | undefined {
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45)) return undefined;
  return goInt(s.includes('_') ? s.replace(/_/g, '') : s);
}

const goIntTag: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: new Predicate((s) => goIntValue(s) !== undefined),
  resolve: (s, onError) => {
    const v = goIntValue(s);
    if (v === undefined) onError(`cannot decode ${JSON.stringify(s)} as an int`);
    return v ?? s;
  },
  stringify: stringifyNumber,
};

const goFloatTag: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: new Predicate((s) => typeof resolvePlain11(s) === 'number' && goIntValue(s) === undefined),
  resolve: (s, onError) => {
    const v = resolvePlain11(s);
    if (typeof v !== 'number') onError(`cannot decode ${JSON.stringify(s)} as a float`);
    return typeof v === 'number' ? v : s;
  },
  stringify: stringifyNumber,
};

const GO_REPLACES = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);

/** The YAML 1.1 schema's tags with go-yaml v2's numbers and without timestamps (strings, as kubectl reads them). */
function goYamlTags(tags: Tags): Tags {
  const tagOf = (t: Tags[number]) => (typeof t === 'string' ? t : t.tag);
  const kept = tags.filter((t) => !GO_REPLACES.has(tagOf(t)) && !(typeof t === 'string' && /^(?:int|float|timestamp)/.test(t)));
  const at = kept.findIndex((t) => tagOf(t) === 'tag:yaml.org,2002:bool');
  const out = [...kept];
  out.splice(at < 0 ? out.length : at + 2, 0, goIntTag, goFloatTag);
  return out;
}

/** Options for every `yaml` package parse of manifests: YAML 1.1 structure, go-yaml v2 scalars. */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = { version: '1.1', prettyErrors: false, customTags: goYamlTags };
