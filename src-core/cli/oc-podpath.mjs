#!/usr/bin/env node
// `oc podpath ...`: the kubectl plugin under the name oc looks for (kubectl-podpath.mjs reads the name it
// was started as, and then reads the cluster through oc).
import './kubectl-podpath.mjs';
