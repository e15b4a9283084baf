#!/usr/bin/env node
// Makes the publishable npm package of the `podpath` command in dist-pkg/ (gitignored): the esbuild
// bundle of the core and CLI (every dependency inside it, so the package has no dependencies at run
// time: no React, Monaco or dev tools get installed by `npx podpath@VERSION`), three bins (podpath and
// the kubectl/oc plugins), a package.json derived from the repository's, and a README.
// `npm run pack:cli` runs this and then `npm pack ./dist-pkg`; src-core/cli/pack.test.ts installs the
// tarball into an empty project and runs it.
import { mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(repo, 'dist-pkg');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'bin'), { recursive: true });
execFileSync(process.execPath, [join(repo, 'src-core', 'cli', 'build-cli.mjs'), '--outfile', join(out, 'lib', 'podpath.mjs')], { stdio: 'inherit' });

const bins = {
  podpath: '',
  'kubectl-podpath': "process.env.PODPATH_PLUGIN = '1';\nprocess.env.PODPATH_KUBECTL ||= 'kubectl';\n",
  'oc-podpath': "process.env.PODPATH_PLUGIN = '1';\nprocess.env.PODPATH_KUBECTL ||= 'oc';\n",
};
for (const [name, pre] of Object.entries(bins)) {
  const file = join(out, 'bin', `${name}.mjs`);
  writeFileSync(file, `#!/usr/bin/env node\n${pre}const { main } = await import('../lib/podpath.mjs');\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  chmodSync(file, 0o755);
}

const root = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const pkg = {
  name: 'podpath',
  version: root.version,
  description: root.description,
  license: root.license,
  type: 'module',
  bin: Object.fromEntries(Object.keys(bins).map((n) => [n, `bin/${n}.mjs`])),
  files: ['bin', 'lib', 'README.md'],
  engines: root.engines,
  keywords: ['kubernetes', 'openshift', 'networkpolicy', 'route', 'ingress', 'gateway-api', 'network', 'trace', 'lint'],
};
writeFileSync(join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
writeFileSync(
  join(out, 'README.md'),
  `# podpath\n\n${root.description}\n\nThe command of podpath's core: \`trace\`, \`query\`, \`lint\`, \`connectivity\`, \`check\`, \`graph\`. It reads\nmanifest files, folders, must-gather archives, standard input or (\`--live\`) the current cluster through kubectl / oc,\nand makes no other network request. Run \`podpath --help\`.\n\n    npx podpath@${root.version} lint dump.yaml\n    kubectl podpath trace --from shop/web --to shop/db --port 5432   # as a kubectl plugin\n`,
);
process.stderr.write(`podpath package: dist-pkg/ (podpath@${root.version})\n`);
