#!/usr/bin/env node
// Builds the `podpath` command into one ES module, dist-cli/podpath.mjs (gitignored), with esbuild:
// src-core/cli/main.ts and everything it imports, dependencies included, so the command starts without
// compiling TypeScript (tsx) or resolving packages. `npm run build` and `npm ci` (the `prepare` script)
// run it; the launcher (podpath.mjs) uses the bundle only while no source file is newer than it.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE = join(repo, 'dist-cli', 'podpath.mjs');

// The bundle's mtime is set to the moment the build started, so a source saved while esbuild was reading
// the tree counts as newer than the bundle (and the launcher falls back to tsx) instead of being lost.
const started = new Date();
// `--outfile PATH` (the npm package, pack.mjs): build there instead, leaving dist-cli/ and its freshness
// record alone (tests may be running the command from dist-cli/ meanwhile).
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 ? process.argv[at + 1] : BUNDLE;
mkdirSync(dirname(outfile), { recursive: true });
// `--soft` (the `prepare` script): a failed build must not fail `npm ci`; the launcher then uses tsx.
const soft = process.argv.includes('--soft');
const result = await build({
  absWorkingDir: repo,
  entryPoints: ['src-core/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Some dependencies are CommonJS and call require() for Node built-ins; give the ES module one.
  banner: { js: "import { createRequire as __podpathRequire } from 'node:module'; const require = __podpathRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
}).catch((e) => {
  if (!soft) throw e;
  process.stderr.write(`podpath CLI bundle not built (the command will start through tsx): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exit(0);
});
if (outfile === BUNDLE) {
  writeFileSync(join(dirname(BUNDLE), 'inputs.json'), JSON.stringify(Object.keys(result.metafile.inputs).sort(), null, 1));
  utimesSync(BUNDLE, started, started);
}
const kb = (result.metafile.outputs[Object.keys(result.metafile.outputs).find((o) => o.endsWith('.mjs'))]?.bytes ?? 0) / 1024;
process.stderr.write(`podpath CLI bundle: ${outfile.startsWith(repo) ? outfile.slice(repo.length + 1) : outfile} (${kb.toFixed(0)} kB, ${Object.keys(result.metafile.inputs).length} inputs)\n`);
