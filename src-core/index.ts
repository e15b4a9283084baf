// The public API of podpath's core: parse manifests, build the model, analyse it. No React, no DOM;
// the browser app and the `podpath` command both call exactly this.
export { parseManifests, type InputFile, type ManifestObject, type ParseResult, type ParsedDocument } from './parse/parse';
export type { Diagnostic, DiagnosticCode, Severity } from './parse/diagnostics';
export { formatRange, type NodeRef, type SourceMap, type SourceRange } from './parse/source';
export { buildCluster, type BuildOptions, type BuiltCluster } from './model/build';
export { PROFILES, PROFILE_NAMES, isProfileName } from './model/profiles';
export { detectProfile, type DetectedProfile, type ProfileEvidence } from './model/detect';
export { selectorMatches, formatSelector, type LabelSelector } from './model/selector';
export type * from './model/types';

import { parseManifests, type InputFile } from './parse/parse';
import { buildCluster, type BuildOptions, type BuiltCluster } from './model/build';

/** parse + model in one call: the usual entry point. */
export function loadCluster(files: readonly InputFile[], options: BuildOptions = {}): BuiltCluster {
  return buildCluster(parseManifests(files), options);
}
export { evaluateConnection } from './analyze/policy/evaluate';
export type { ConnectionVerdict, DirectionVerdict, PolicyPeer, DecidedBy } from './analyze/policy/types';
export { traceQuery } from './analyze/trace';
export { runQueries, readQuery } from './analyze/query';
export { summarizeReachability, summaryAllows, type ReachabilitySummary, type EndpointClass, type DestinationReach, type PortReach, type NamespaceEdge } from './analyze/summary';
export { readArchive, readFolder, isArchive, decodeText, type CollectedInput, type InputReport } from './input/index';
export { decodeUtf8 } from './parse/encoding';
export { connectivity, type Connectivity, type ConnectivityRow, type ConnectivityOptions } from './analyze/connectivity';
export { endpointHint, endpointsOf, parseEndpoint, printEndpoint, suggestEndpoints, type Endpoint, type EndpointHint, type EndpointList } from './endpoint/index';
