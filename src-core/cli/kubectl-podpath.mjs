#!/usr/bin/env node
// `kubectl podpath ...` / `oc podpath ...`: kubectl and oc run any `kubectl-<name>` executable on PATH as
// the `<name>` subcommand. The plugin is the podpath command; without FILE arguments it reads the
// cluster (--live) through the client it was called as (kubectl, or oc for `oc-podpath`).
import { basename } from 'node:path';

process.env.PODPATH_PLUGIN = '1';
if (!process.env.PODPATH_KUBECTL) process.env.PODPATH_KUBECTL = basename(process.argv[1] ?? '').startsWith('oc-') ? 'oc' : 'kubectl';
await import('./podpath.mjs');
