#!/usr/bin/env node
// The `podpath` command: runs the shared core (src-core/) in Node through tsx, so the CLI executes
// exactly the TypeScript the browser app bundles.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
