// The command's VERSION is package.json's (SARIF, JUnit and --version report it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from './main';
import { VERSION } from './version';

it('VERSION is package.json version, and --version prints it', async () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version);
  let out = '';
  expect(await main(['--version'], { stdout: (s) => void (out += s), stderr: () => {}, readFile: async () => '', readStdin: async () => '', color: false })).toBe(0);
  expect(out).toBe(`podpath ${VERSION}\n`);
});
