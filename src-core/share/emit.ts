// Block-style YAML for plain JSON-like data (the allow-listed share text): ~10× faster than the `yaml`
// package's stringify on a 10k-workload dump (0.6 s instead of 7 s), which a share link pays each time.
//
// Contract: `parse(emitYaml(v))` with YAML 1.1 (as the parser reads it) gives back `v`; minimize.test.ts
// checks it with fast-check. So a string is written plain only when it cannot read as anything else:
// it starts with a letter, `_` or `/`, holds only [A-Za-z0-9_./-], and is not a YAML 1.1 boolean or null
// word. Everything else is double-quoted as JSON (a valid YAML double-quoted scalar), and multi-line
// text without trailing spaces or odd characters becomes a literal block (`|` / `|-`), as PEM blocks are.

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
/** YAML 1.1 words that read as booleans or null (`yaml` 1.1 schema; go-yaml v2 reads the same). */
const SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|_)$/;
/** Lines a literal block keeps exactly: printable ASCII, no tabs, CR or trailing spaces (the first line
 *  also no leading space: it would set the block's indentation). */
const BLOCK_LINE = /^(?:[ -~]*[!-~])?$/;

function scalar(s: string): string {
  return PLAIN.test(s) && !SPECIAL.test(s) ? s : JSON.stringify(s);
}

function block(s: string, indent: string): string | undefined {
  if (!s.includes('\n') || s.length > 1_000_000) return undefined;
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  if (body === '' || body.endsWith('\n')) return undefined;
  const lines = body.split('\n');
  for (const l of lines) if (!BLOCK_LINE.test(l) || l.startsWith('#') || l.startsWith('---') || l.startsWith('...')) return undefined;
  if (lines[0] === '' || lines[0].startsWith(' ')) return undefined;
  return `${s.endsWith('\n') ? '|' : '|-'}\n${lines.map((l) => (l === '' ? '' : indent + l)).join('\n')}`;
}

function value(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? String(v) : v !== v ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (typeof v === 'string') return scalar(v);
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function emit(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = value(item);
      if (s !== undefined) out.push(`${indent}- ${s}`);
      else if (typeof item === 'string') out.push(`${indent}- ${block(item, indent + '  ') ?? scalar(item)}`);
      else {
        // The item's first line goes after `- `, the rest one level deeper.
        const inner: string[] = [];
        emit(item, indent + '  ', inner);
        inner[0] = `${indent}- ${inner[0].slice(indent.length + 2)}`;
        for (const l of inner) out.push(l);
      }
    }
    return;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const key = scalar(k);
    const s = typeof x === 'string' ? (block(x, indent + '  ') ?? scalar(x)) : value(x);
    if (s !== undefined) out.push(`${indent}${key}: ${s}`);
    else {
      out.push(`${indent}${key}:`);
      emit(x, Array.isArray(x) ? indent : indent + '  ', out);
    }
  }
}

/** One YAML document (no `---`), ending with a newline. */
export function emitYaml(v: unknown): string {
  const s = value(v);
  if (s !== undefined) return s + '\n';
  const out: string[] = [];
  emit(v, '', out);
  return out.join('\n') + '\n';
}
