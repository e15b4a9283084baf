// monaco-yaml's language worker, re-exported from our own file so Vite bundles it as a worker
// (monaco-yaml's README: importing it directly with `?worker` breaks under Vite).
import '../workers/lockdown';
import 'monaco-yaml/yaml.worker.js';
