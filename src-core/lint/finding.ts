// The one way a lint rule makes a Finding: its code from the catalogue (codes.ts), the severity that code
// has there, the object and the YAML range of the field it is about, a message and a fix for people.
import type { BuiltCluster } from '../model/build';
import { objectKey, type ObjectMeta } from '../model/types';
import { childRef, type NodeRef } from '../parse/source';
import { LINT_CODES, type Finding, type LintCode } from './codes';

export function finding(cluster: BuiltCluster, code: LintCode, meta: ObjectMeta, ref: NodeRef, message: string, fix?: Finding['fix']): Finding {
  return { code, severity: LINT_CODES[code], message, object: objectKey(meta), source: cluster.sourceMap.locate(ref), fix };
}

/** The range of one annotation of an object. */
export function annotationRef(meta: ObjectMeta, key: string): NodeRef {
  return childRef(meta.ref, 'metadata', 'annotations', key);
}
