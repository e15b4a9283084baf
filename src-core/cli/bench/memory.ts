// The model's memory, measured in a fresh process so nothing else is on the heap: heap used after
// parse + model (with GC before and after), the input text and source map included. Prints MB.
// Usage: npx tsx src-core/cli/src-core/cli/bench/memory.ts FILE
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadCluster } from '../../index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
gc();
const before = process.memoryUsage().heapUsed;
const cluster = loadCluster([{ name: process.argv[2], text: readFileSync(process.argv[2], 'utf8') }], { profile: 'openshift' });
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(`${JSON.stringify({ heapMB: (after - before) / 1e6, pods: cluster.pods.length })}\n`);
