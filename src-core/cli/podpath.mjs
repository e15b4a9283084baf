#!/usr/bin/env node
// The `podpath` command. It runs the prebuilt bundle of src-core/cli/main.ts (dist-cli/podpath.mjs, made
// by src-core/cli/build-cli.mjs during `npm run build` and `npm ci`), which starts in a fraction of the
// time tsx needs to compile the TypeScript. A stale bundle must never run: when the bundle is missing, or
// any file it was built from (dist-cli/inputs.json: the sources under src-core/ and the dependencies) is
// newer or gone, or package-lock.json is newer, the command runs the TypeScript through tsx instead,
// exactly as the browser app bundles it. PODPATH_CLI=tsx forces tsx, PODPATH_CLI=bundle the bundle.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(repo, 'dist-cli', 'podpath.mjs');

/** The bundle exists and no file it was built from changed since its build started (a few hundred stats). */
function bundleIsFresh() {
  try {
    const t = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(repo, 'dist-cli', 'inputs.json'), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    for (const f of ['package-lock.json', ...inputs]) if (statSync(join(repo, f)).mtimeMs > t) return false;
    return true;
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
