// Monaco's editor worker, started through our own entry so that it loses its network APIs first
// (workers/lockdown.ts) and is created like every other podpath worker (workers/spawn.ts).
import '../workers/lockdown';
import 'monaco-editor/editor/editor.worker';
