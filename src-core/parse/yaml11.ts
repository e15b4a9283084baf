// A js-yaml schema that reads plain scalars and mapping keys exactly as the `yaml` package does with
// `version: '1.1'` (yaml/dist/schema/yaml-1.1): same tests in the same order, same conversions, same
// key stringification. The fast parse path (fast.ts) uses it so both paths hand the model the same
// values: `yes`/`on`/`y` are true, `012` is 10, `1:30` is 90, unquoted timestamps are Dates.
//
// Anything this schema does not cover (explicit `!!` tags, merge keys, aliases, non-scalar or Date keys)
// makes js-yaml throw, and the caller falls back to the `yaml` package for that document.
import { NOT_RESOLVED, Schema, defineMappingTag, defineScalarTag, seqTag } from 'js-yaml';

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const INT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;
const TIMESTAMP = RegExp(
  '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' +
    '(?:' +
    '(?:t|T|[ \\t]+)' +
    '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' +
    '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' +
    ')?$',
);

/** yaml's intResolve without BigInt (podpath never sets intAsBigInt). */
function intResolve(str: string, offset: number, radix: number): number {
  const sign = str[0];
  if (sign === '-' || sign === '+') offset += 1;
  const n = parseInt(str.substring(offset).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}

function parseSexagesimal(str: string): number {
  const sign = str[0];
  const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
  const res = parts
    .replace(/_/g, '')
    .split(':')
    .reduce((acc, p) => acc * 60 + Number(p), 0);
  return sign === '-' ? -1 * res : res;
}

function timestamp(str: string): Date {
  const match = str.match(TIMESTAMP) as RegExpMatchArray;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
  let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
  const tz = match[8];
  if (tz && tz !== 'Z') {
    let d = parseSexagesimal(tz);
    if (Math.abs(d) < 30) d *= 60;
    date -= 60000 * d;
  }
  return new Date(date);
}

/** Every word yaml-1.1's null and bool tests accept, with its value: `^(?:~|[Nn]ull|NULL)?$`,
 *  `^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$`, `^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$`. */
const WORDS = new Map<string, null | boolean>();
for (const w of ['null', 'Null', 'NULL']) WORDS.set(w, null);
for (const w of ['Y', 'y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, true);
for (const w of ['N', 'n', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS.set(w, false);

/** What the `yaml` package's 1.1 schema makes of a plain scalar; NOT_RESOLVED means "a string". */
export function resolvePlain11(s: string): unknown {
  const c = s.charCodeAt(0);
  // Most scalars in manifests are words: only null/bool words among them are not strings, except that
  // yaml-1.1's float test also takes a bare exponent (`e5`, `E0` read as NaN), so e/E go the long way.
  if (((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && c !== 69 && c !== 101) {
    if (s.length > 5) return NOT_RESOLVED;
    const w = WORDS.get(s);
    return w === undefined ? NOT_RESOLVED : w;
  }
  // Plain decimal numbers (ports, replicas): what the INT test would give, without the regex chain.
  // A leading 0 with more digits is octal in YAML 1.1, so those take the full path below.
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
  if (NULL.test(s)) return null;
  // The rest of yaml-1.1's order: intBin, intOct, int, intHex, floatNaN, floatExp, float, intTime, floatTime, timestamp.
  if (INT_BIN.test(s)) return intResolve(s, 2, 2);
  if (INT_OCT.test(s)) return intResolve(s, 1, 8);
  if (INT.test(s)) return intResolve(s, 0, 10);
  if (INT_HEX.test(s)) return intResolve(s, 2, 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s)) return parseFloat(s.replace(/_/g, ''));
  if (FLOAT.test(s)) return parseFloat(s.replace(/_/g, ''));
  if (INT_TIME.test(s)) return parseSexagesimal(s);
  if (FLOAT_TIME.test(s)) return parseSexagesimal(s);
  if (TIMESTAMP.test(s)) return timestamp(s);
  return NOT_RESOLVED;
}

/** First characters a non-string plain scalar can start with ('' is the empty scalar, null). */
const FIRST_CHARS = ['', '~', 'n', 'N', 'y', 'Y', 't', 'T', 'f', 'F', 'o', 'O', 'e', 'E', '+', '-', '.', ...'0123456789'];

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
