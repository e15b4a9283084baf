// Test helpers for the lint rules: lint a YAML text under a profile, keep the findings of one code.
import { loadCluster } from '../index';
import type { ProfileName } from '../model/types';
import type { Finding, FindingCode } from './codes';
import { lintCluster } from './index';

export const lint = (yaml: string, profile: ProfileName = 'openshift'): Finding[] => lintCluster(loadCluster([{ name: 'l.yaml', text: yaml }], { profile }));
export const of = (yaml: string, code: FindingCode, profile?: ProfileName): Finding[] => lint(yaml, profile).filter((f) => f.code === code);

/** Two pods labelled app=web with a named port, and one other pod, in namespace shop. */
export const pods = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: free, namespace: shop, labels: {app: other}}
spec: {containers: [{name: c}]}
`;
