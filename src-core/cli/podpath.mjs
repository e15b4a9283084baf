#!/usr/bin/env node
// The `podpath` command. It runs the prebuilt bundle of src-core/cli/main.ts (dist-cli/podpath.mjs, made
// by src-core/cli/build-cli.mjs during `npm run build` and `npm ci`), which starts in a fraction of the
// time tsx needs to compile the TypeScript. A stale bundle must never run, so the command runs the
// TypeScript through tsx instead (exactly as the browser app bundles it) when the bundle is missing, or
// older than any code file under src-core/ (tests, the .mjs scripts beside this one and generated benchmark data aside), or older than any
// file it was built from (dist-cli/inputs.json: sources and dependencies) or package-lock.json, or one
// of those inputs is gone. PODPATH_CLI=tsx forces tsx, PODPATH_CLI=bundle the bundle (tests, benchmarks).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const bundle = join(repo, 'dist-cli', 'podpath.mjs');
const CODE = /\.(?:ts|tsx|js|mjs|cjs|json)$/;

/** Is a code file under `dir` newer than `t` (ms)? Test files and the generated bench output cannot be
 *  in the bundle; neither are the .mjs scripts beside this launcher (itself, the plugins, the build and pack scripts). */
function codeNewerThan(dir, t) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && p !== join(here, 'bench', 'out') && codeNewerThan(p, t)) return true;
    } else if (CODE.test(e.name) && !e.name.includes('.test.') && !(dir === here && e.name.endsWith('.mjs'))) {
      if (statSync(p).mtimeMs > t) return true;
    }
  }
  return false;
}

/** The bundle exists and nothing it was or could be built from changed since its build started. */
function bundleIsFresh() {
  try {
    const t = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(repo, 'dist-cli', 'inputs.json'), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    for (const f of ['package-lock.json', ...inputs]) if (statSync(join(repo, f)).mtimeMs > t) return false;
    return !codeNewerThan(join(repo, 'src-core'), t);
  } catch {
    return false; // no bundle, no input list, or an input was deleted or renamed
  }
}

const mode = process.env.PODPATH_CLI;
let main;
if (mode === 'bundle' || (mode !== 'tsx' && bundleIsFresh())) {
  ({ main } = await import(bundle));
} else {
  if (mode !== 'tsx' && process.stderr.isTTY) {
    process.stderr.write('podpath: the CLI bundle is missing or older than src-core/ (npm run build:cli); starting through tsx\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
