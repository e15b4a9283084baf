// Runs the schemas through the language service the editor really uses (monaco-yaml's bundled
// yaml-language-server, in Node): the kind dispatch must give markers, hover docs and completions the
// way ajv's validation says it should. The worker's message plumbing (monaco-worker-manager, which needs
// a browser worker) is replaced by a direct call: a copy of the bundled worker with that one import
// swapped is written under node_modules/.cache so its other imports resolve as usual.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { monacoYamlOptions } from './index';

type Factory = (ctx: unknown, settings: unknown) => YamlWorker;
interface Pos { line: number; character: number }
interface YamlWorker {
  doValidation(uri: string): Promise<{ message: string; severity?: number; range: { start: Pos } }[]>;
  doHover(uri: string, position: Pos): Promise<{ contents: unknown } | null>;
  doComplete(uri: string, position: Pos): Promise<{ items: { label: string }[] }>;
}

const captured: { factory?: Factory } = {};
const WORKER_IMPORT = 'import { initialize } from "monaco-worker-manager/worker";';

async function loadYamlWorker(): Promise<void> {
  const require = createRequire(import.meta.url);
  const source = readFileSync(join(dirname(require.resolve('monaco-yaml/package.json')), 'yaml.worker.js'), 'utf8');
  if (!source.includes(WORKER_IMPORT)) throw new Error('monaco-yaml changed how its worker starts; update this test.');
  const dir = join(__dirname, '..', '..', 'node_modules', '.cache', 'podpath-schema-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'yaml.worker.mjs');
  const patched = source
    .replace(WORKER_IMPORT, 'const initialize = (fn) => { globalThis.__podpathYamlWorker = fn; };')
    // path-browserify is CommonJS: Node gives its functions on the default export only (bundlers merge them).
    .replace(/import \* as (\w+) from "path-browserify";/g, 'import $1 from "path-browserify";');
  writeFileSync(file, patched);
  await import(/* @vite-ignore */ pathToFileURL(file).href);
  captured.factory = (globalThis as unknown as { __podpathYamlWorker: Factory }).__podpathYamlWorker;
}

const docs = new Map<string, string>();
let worker: YamlWorker;

function open(name: string, text: string): string {
  const uri = `file:///${name}`;
  docs.set(uri, text);
  return uri;
}

beforeAll(async () => {
  await loadYamlWorker();
  const ctx = { getMirrorModels: () => [...docs].map(([uri, text]) => ({ uri, version: 1, getValue: () => text })) };
  worker = captured.factory!(ctx, monacoYamlOptions);
});

const hoverText = (h: { contents: unknown } | null) => JSON.stringify(h?.contents ?? '');

describe('schemas in monaco-yaml (yaml-language-server)', () => {
  it('shows no problems on the default scenario', async () => {
    const text = readFileSync(join(__dirname, '..', '..', 'public', 'examples', 'lumi-k-route-targetport-503.yaml'), 'utf8');
    const uri = open('default.yaml', text);
    expect((await worker.doValidation(uri)).map((d) => d.message)).toEqual([]);
  });

  it('marks a wrong termination on its line, in the second document of a file', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec: {ports: [{port: 80}]}',
      '---',
      'apiVersion: route.openshift.io/v1',
      'kind: Route',
      'metadata: {name: web}',
      'spec:',
      '  to: {kind: Service, name: web}',
      '  tls:',
      '    termination: Edge',
    ].join('\n');
    const uri = open('bad-route.yaml', text);
    const diags = await worker.doValidation(uri);
    expect(diags.length).toBeGreaterThan(0);
    expect(diags.some((d) => d.range.start.line === 11 && /edge|passthrough|reencrypt/.test(d.message))).toBe(true);
  });

  it('explains Route spec.port.targetPort on hover', async () => {
    const text = ['apiVersion: route.openshift.io/v1', 'kind: Route', 'metadata: {name: web}', 'spec:', '  to: {kind: Service, name: web}', '  port:', '    targetPort: 80'].join('\n');
    const uri = open('hover-route.yaml', text);
    const hover = await worker.doHover(uri, { line: 6, character: 6 });
    expect(hoverText(hover)).toMatch(/endpoint ports/);
    expect(hoverText(hover)).toMatch(/NOT the Service port/);
  });

  it('explains a NetworkPolicy port on hover, inside a List dump', async () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: networking.k8s.io/v1',
      '  kind: NetworkPolicy',
      '  metadata: {name: p}',
      '  spec:',
      '    podSelector: {}',
      '    ingress:',
      '    - ports:',
      '      - port: 80',
    ].join('\n');
    const uri = open('hover-list.yaml', text);
    expect((await worker.doValidation(uri)).map((d) => d.message)).toEqual([]);
    expect(hoverText(await worker.doHover(uri, { line: 10, character: 10 }))).toMatch(/POD port/);
  });

  it('offers the termination values and the kinds as completions', async () => {
    const text = ['apiVersion: route.openshift.io/v1', 'kind: Route', 'metadata: {name: web}', 'spec:', '  to: {kind: Service, name: web}', '  tls:', '    termination: '].join('\n');
    const uri = open('complete-route.yaml', text);
    const labels = (await worker.doComplete(uri, { line: 6, character: 17 })).items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['edge', 'passthrough', 'reencrypt']));
    const kindUri = open('complete-kind.yaml', 'apiVersion: v1\nkind: ');
    const kinds = (await worker.doComplete(kindUri, { line: 1, character: 6 })).items.map((i) => i.label);
    expect(kinds).toEqual(expect.arrayContaining(['Route', 'NetworkPolicy', 'EgressNetworkPolicy', 'HTTPRoute']));
  });
});
