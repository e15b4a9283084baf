// Monaco, set up once: only the editor core, its features and the YAML language (not all 80 languages),
// workers bundled by Vite (no CDN), monaco-yaml with the JSON schemas bundled in app/schemas/ (no network).
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/yaml/register';
import editorWorkerUrl from './editor.worker?worker&url';
import { configureMonacoYaml } from 'monaco-yaml';
import yamlWorkerUrl from './yaml.worker?worker&url';
import { spawnWorker } from '../workers/spawn';
import { monacoYamlOptions } from '../schemas/index';

export { monaco };


let configured = false;
let yamlHandle: ReturnType<typeof configureMonacoYaml> | null = null;

/** Stops the YAML language worker (it restarts on its next request). Used when the editor switches to a
 *  large input: a request already in flight would otherwise compute folding/validation over the whole
 *  dump and send tens of MB back to the page. */
export function restartYamlWorker(): void {
  void yamlHandle?.update({});
}

interface LegacyWorkerOptions {
  moduleId?: string;
  label?: string;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}

/**
 * monaco-yaml (via monaco-worker-manager) calls `editor.createWebWorker({moduleId, label, createData})`,
 * the pre-0.56 signature. Monaco 0.57 wants `{worker}` and expects the host to send the create data as
 * the worker's first messages (as its own language features do in internal/common/workers.js). This
 * adapter does exactly that for the YAML worker, and hands everything else to Monaco unchanged.
 */
function yamlCompatibleMonaco(): typeof monaco {
  const createWebWorker = (opts: LegacyWorkerOptions) => {
    const w = spawnWorker(yamlWorkerUrl, 'podpath-yaml');
    w.postMessage('ignore');
    w.postMessage(opts.createData);
    return monaco.editor.createWebWorker({ worker: Promise.resolve(w), host: opts.host, keepIdleModels: opts.keepIdleModels } as unknown as Parameters<typeof monaco.editor.createWebWorker>[0]);
  };
  return { ...monaco, editor: { ...monaco.editor, createWebWorker } } as unknown as typeof monaco;
}

export function setupMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  (globalThis as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
    getWorker(_moduleId: string, label: string) {
      if (label === 'yaml') return spawnWorker(yamlWorkerUrl, 'podpath-yaml');
      return spawnWorker(editorWorkerUrl, 'podpath-editor');
    },
  };
  yamlHandle = configureMonacoYaml(
    yamlCompatibleMonaco() as unknown as Parameters<typeof configureMonacoYaml>[0],
    monacoYamlOptions as Parameters<typeof configureMonacoYaml>[1],
  );

  monaco.editor.defineTheme('podpath-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#9aa3ad' },
  });
  monaco.editor.defineTheme('podpath-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#15181d', 'editorLineNumber.foreground': '#56606b' },
  });
  return monaco;
}
