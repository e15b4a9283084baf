// The shape of the import graph, checked on every unit run (issue 11):
// - no import cycle among the app's and the core's modules (values imported at run time; `import type`
//   is erased and cannot cycle at run time). A cycle makes module evaluation order matter: store.ts ↔
//   client.ts and embed.ts ↔ EmbedApp.tsx once ran code of a module not yet evaluated;
// - the app imports the core only through its public index (src-core/index.ts), so what the app may use
//   is written down in one place.
// Run-time imports are what esbuild leaves after removing types (as Vite's build does; unused and
// type-only imports are elided under isolatedModules), read by es-module-lexer; the index rule also
// counts type-only imports (every import/export statement of the source).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import { init, parse } from 'es-module-lexer';
import { describe, expect, it } from 'vitest';

await init;

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') sources(p, out);
    } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const FILES = [...sources('app'), ...sources('src-core')];
const KNOWN = new Set(FILES);

/** A relative specifier to the file it names (`./x` → `x.ts`, `x.tsx`, `x/index.ts`), or null. */
function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec.replace(/\?.*$/, '')));
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (KNOWN.has(c)) return c;
  return null;
}

interface Edge {
  to: string;
  spec: string;
  /** Erased at compile time (`import type`, type-only bindings, or imported and never used as a value). */
  typeOnly: boolean;
}

/** Module specifiers of static imports and re-exports, and of import.meta.glob patterns, in `code` (JS). */
function specifiers(code: string): string[] {
  const [imports] = parse(code);
  const out: string[] = [];
  for (const i of imports) {
    if (i.n !== undefined && i.d === -1) out.push(i.n);
    else if (i.d === -2) {
      // import.meta: an eager glob of one file is an import of that file.
      const m = /^import\.meta\.glob\(\s*(["'])([^"']+)\1/.exec(code.slice(i.ss));
      if (m) out.push(m[2]);
    }
  }
  return out;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const js = transformSync(text, { loader: file.endsWith('x') ? 'tsx' : 'ts', jsx: 'automatic', format: 'esm' }).code;
  const runtime = new Set(specifiers(js));
  // Every specifier the source names, types included: the import/export statements at the start of a line
  // (the code's own style: one statement per line, checked by the sanity test below).
  const all = [...text.matchAll(/^(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]);
  const out: Edge[] = [];
  for (const spec of new Set([...all, ...runtime])) {
    const to = resolveSpec(file, spec);
    if (to) out.push({ to, spec, typeOnly: !runtime.has(spec) });
  }
  return out;
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** Strongly connected components of more than one module (or a module importing itself): Tarjan. */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const e of GRAPH.get(v) ?? []) {
      if (e.typeOnly) continue;
      if (!idx.has(e.to)) {
        strong(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (on.has(e.to)) low.set(v, Math.min(low.get(v)!, idx.get(e.to)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (GRAPH.get(v) ?? []).some((e) => e.to === v && !e.typeOnly)) out.push(comp.sort());
    }
  };
  for (const f of FILES) if (!idx.has(f)) strong(f);
  return out;
}

describe('import graph', () => {
  it('reads the imports it checks (sanity: the store, the client, the core index)', () => {
    expect(GRAPH.get('app/analysis/client.ts')?.some((e) => e.to === 'app/store.ts' && !e.typeOnly)).toBe(true);
    expect(GRAPH.get('src-core/index.ts')?.some((e) => e.to === 'src-core/session/index.ts')).toBe(true);
    // A type-only import is an edge for the index rule but not for cycles.
    expect(GRAPH.get('app/analysis/protocol.ts')?.find((e) => e.to === 'src-core/index.ts')).toBeDefined();
    expect(GRAPH.get('app/analysis/protocol.ts')?.find((e) => e.to === 'app/analysis/objects.ts')?.typeOnly).toBe(true);
  });

  it('has no import cycle among app/ and src-core/ modules', () => {
    expect(cycles()).toEqual([]);
  });

  it('the app imports the core only through src-core/index.ts', () => {
    const deep: string[] = [];
    for (const [f, edges] of GRAPH) {
      if (!f.startsWith('app/')) continue;
      for (const e of edges) if (e.to.startsWith('src-core/') && e.to !== 'src-core/index.ts') deep.push(`${f} → ${e.spec}`);
    }
    expect(deep).toEqual([]);
  });
});
