// Proof of sameness for the model build's performance work (issue 6): the optimised buildCluster must
// produce exactly what the frozen reference copy in ./snapshot-reference produces — every field of every
// model object (keys in the same order, `undefined` fields included), every diagnostic with its code,
// message, path and range, in the same order — on the conformance corpus, every example scenario under
// its profile, a generated 1k-workload cluster, and wrong-typed mutations of all of those (the
// normalisers' diagnostic paths). Each build gets its own parse, so neither can see the other's objects.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { generateCluster } from '../../bench/generate';
import { parseManifests, type InputFile } from '../parse/parse';
import { buildCluster, type BuiltCluster } from './build';
import { isProfileName } from './profiles';
import { buildCluster as referenceBuild } from './snapshot-reference/build';
import type { ProfileName } from './types';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = process.env.PODPATH_CONFORMANCE ? resolve(process.env.PODPATH_CONFORMANCE) : resolve(repoRoot, '..', 'shared', 'conformance');

/** A canonical text of a value: insertion-ordered keys, `undefined` kept, Maps as entry lists, Dates tagged. */
export function canonical(value: unknown): string {
  const out: string[] = [];
  const stack = new Set<object>();
  const walk = (v: unknown): void => {
    if (v === undefined) return void out.push('"$undefined"');
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') return void out.push('"$function"');
      if (typeof v === 'number' && !Number.isFinite(v)) return void out.push(`"$number:${String(v)}"`);
      return void out.push(JSON.stringify(v));
    }
    if (stack.has(v)) return void out.push('"$cycle"');
    stack.add(v);
    if (v instanceof Date) out.push(JSON.stringify({ $date: Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString() }));
    else if (v instanceof Map) {
      out.push('{"$map":[');
      let first = true;
      for (const [k, x] of v) {
        out.push(first ? '[' : ',[');
        first = false;
        walk(k);
        out.push(',');
        walk(x);
        out.push(']');
      }
      out.push(']}');
    } else if (Array.isArray(v)) {
      out.push('[');
      v.forEach((x, i) => {
        if (i) out.push(',');
        walk(x);
      });
      out.push(']');
    } else {
      out.push('{');
      let first = true;
      for (const k of Object.keys(v)) {
        out.push(first ? '' : ',', JSON.stringify(k), ':');
        first = false;
        walk((v as Record<string, unknown>)[k]);
      }
      out.push('}');
    }
    stack.delete(v);
  };
  walk(value);
  return out.join('');
}

/** The model part of a BuiltCluster (the source map is the parser's, with methods) plus located router/DNS. */
function modelOf(c: BuiltCluster): string {
  const { sourceMap: _s, ...model } = c;
  return canonical(model);
}

interface Input {
  name: string;
  files: InputFile[];
  profile: ProfileName;
}

function expectSame(input: Input): void {
  const mine = modelOf(buildCluster(parseManifests(input.files), { profile: input.profile }));
  const ref = modelOf(referenceBuild(parseManifests(input.files), { profile: input.profile }));
  if (mine !== ref) {
    let i = 0;
    while (i < mine.length && mine[i] === ref[i]) i++;
    // The first difference with some context, rather than two multi-megabyte strings.
    expect({ at: i, mine: mine.slice(Math.max(0, i - 300), i + 300) }).toEqual({ at: i, mine: ref.slice(Math.max(0, i - 300), i + 300) });
  }
  expect(mine.length).toBe(ref.length);
}

const WRONG: unknown[] = [42, 'x', true, null, [], {}, ['a', 7], { a: 1 }, -1, 70000, '8080', 'In', 1.5, 'Always'];

/** Objects of the input again, each with one node replaced by a wrong value: `cap` nodes evenly spread over all. */
function mutations(text: string, cap: number): string {
  const candidates: { doc: unknown; path: (string | number)[] }[] = [];
  for (const part of text.split(/^---\s*$/m)) {
    let doc: unknown;
    try {
      doc = parseYaml(part, { version: '1.1' });
    } catch {
      continue;
    }
    if (!doc || typeof doc !== 'object') continue;
    const collect = (v: unknown, path: (string | number)[]): void => {
      if (path.length && path[0] !== 'kind' && path[0] !== 'apiVersion') candidates.push({ doc, path });
      if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...path, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, [...path, k]);
    };
    collect(doc, []);
  }
  const step = Math.max(1, candidates.length / cap);
  const docs: string[] = [];
  for (let n = 0, i = 0; Math.floor(i) < candidates.length; n++, i += step) {
    const { doc, path } = candidates[Math.floor(i)];
    const copy = structuredClone(doc) as Record<string, unknown>;
    let parent: Record<string | number, unknown> = copy;
    for (const s of path.slice(0, -1)) parent = parent[s] as Record<string | number, unknown>;
    parent[path[path.length - 1]] = WRONG[n % WRONG.length];
    docs.push(stringifyYaml(copy));
  }
  return docs.map((d) => `---\n${d}`).join('');
}

function conformanceInputs(): Input[] {
  if (!existsSync(corpus) || !statSync(corpus).isDirectory()) return [];
  return readdirSync(corpus)
    .filter((d) => existsSync(join(corpus, d, 'manifests.yaml')) && existsSync(join(corpus, d, 'expect.json')))
    .sort()
    .map((d) => {
      const expectJson = JSON.parse(readFileSync(join(corpus, d, 'expect.json'), 'utf8')) as { profile?: string };
      return {
        name: `conformance/${d}`,
        files: [{ name: 'manifests.yaml', text: readFileSync(join(corpus, d, 'manifests.yaml'), 'utf8') }],
        profile: isProfileName(expectJson.profile ?? '') ? (expectJson.profile as ProfileName) : 'kubernetes',
      };
    });
}

function exampleInputs(): Input[] {
  const dir = join(repoRoot, 'public', 'examples');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { id: string; file: string; profile?: string }[];
  return index.map((e) => ({
    name: `example/${e.id}`,
    files: [{ name: e.file, text: readFileSync(join(dir, e.file), 'utf8') }],
    profile: isProfileName(e.profile ?? '') ? (e.profile as ProfileName) : 'kubernetes',
  }));
}

const conformance = conformanceInputs();
const examples = exampleInputs();

describe('model snapshot: the optimised build equals the reference build', () => {
  if (conformance.length === 0) console.warn(`model snapshot: no conformance corpus at ${corpus}; those cases are SKIPPED.`);

  it.each(conformance.map((c) => [c.name, c] as const))('%s', (_n, c) => expectSame(c));
  it.each(examples.map((c) => [c.name, c] as const))('%s', (_n, c) => expectSame(c));

  it('a generated 1k-workload cluster (fast parse path), under every profile', () => {
    const text = generateCluster(1000).yaml;
    for (const profile of ['kubernetes', 'openshift', 'lumi-k'] as const) expectSame({ name: 'gen-1k', files: [{ name: 'cluster.yaml', text }], profile });
  });

  // 40 mutations per input keep this under a minute on the shared machine; over all inputs they reach
  // every normaliser's wrong-type and invalid-value reports.
  it.each([...examples, ...conformance].map((c) => [c.name, c] as const))('%s, wrong-typed mutations (diagnostic paths)', (_n, c) => {
    expectSame({ name: `${c.name} mutated`, files: [{ name: 'mutated.yaml', text: mutations(c.files[0].text, 40) }], profile: c.profile });
  });

  it('the comparison notices a change: one differing label makes the canonical texts differ', () => {
    const text = generateCluster(100).yaml;
    const a = modelOf(buildCluster(parseManifests([{ name: 'a', text }])));
    const b = modelOf(buildCluster(parseManifests([{ name: 'a', text: text.replace('version: v1', 'version: v9') }])));
    expect(a).not.toBe(b);
    expect(canonical({ a: undefined })).not.toBe(canonical({}));
  });
});
