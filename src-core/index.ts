// The public API of podpath's core: parse manifests, build the model, analyse it, and the workspace
// session the app runs in its worker. No React, no DOM; the browser app imports the core only through
// this file (app/imports.test.ts checks it), the `podpath` command mostly does too.
//
// Stages, in the order data flows (docs/design.md):
//   input/ → parse/ → model/ → analyze/ (policy, edge, summary, diff) → graph/ lint/ export/ share/
//   session/  the workspace: update(text, profile) → model; trace, graph, findings, details, connections

// parse: text → documents, objects, diagnostics with positions
export { parseManifests, type InputFile, type ManifestObject, type ParseResult, type ParsedDocument } from './parse/parse';
export type { Diagnostic, DiagnosticCode, Severity } from './parse/diagnostics';
export { formatRange, type NodeRef, type SourceMap, type SourceRange } from './parse/source';
export { decodeUtf8 } from './parse/encoding';

// model: typed objects under a profile
export { buildCluster, type BuildOptions, type BuiltCluster } from './model/build';
export { PROFILES, PROFILE_NAMES, isProfileName, LUMIK_DEFAULTS_FILE, LUMIK_DEFAULTS_YAML } from './model/profiles';
export { detectProfile, type DetectedProfile, type ProfileEvidence } from './model/detect';
export { selectorMatches, formatSelector, type LabelSelector } from './model/selector';
export type * from './model/types';

import { parseManifests, type InputFile } from './parse/parse';
import { buildCluster, type BuildOptions, type BuiltCluster } from './model/build';

/** parse + model in one call: the usual entry point. */
export function loadCluster(files: readonly InputFile[], options: BuildOptions = {}): BuiltCluster {
  return buildCluster(parseManifests(files), options);
}

// analyze: policies, traces, the reachability summary, connectivity, diffs
export { evaluateConnection } from './analyze/policy/evaluate';
export type { ConnectionVerdict, DirectionVerdict, PolicyPeer, DecidedBy } from './analyze/policy/types';
export type { Query, Trace, Hop, HopKind, Verdict } from './analyze/types';
export { traceQuery } from './analyze/trace';
export { runQueries, readQuery } from './analyze/query';
export { summarizeReachability, summaryAllows, type ReachabilitySummary, type EndpointClass, type DestinationReach, type PortReach, type NamespaceEdge } from './analyze/summary';
export { connectivity, connectivityRows, type Connectivity, type ConnectivityRow, type ConnectivityOptions } from './analyze/connectivity';
export { analyzeSide, diffClusters, type DiffChange, type DiffReport, type DiffSideData } from './analyze/diff';

// graph, lint, export, share: views of the model and of a trace
export { buildGraph, INTERNET_NODE, ROUTER_NODE, type Graph, type GraphEdge, type GraphNode, type GraphConnection } from './graph/index';
export { lintCluster, lintInParts, type Finding } from './lint/index';
export { traceToMarkdown, traceToText } from './export/index';
export { connectivityToCsv, connectivityToMarkdown } from './export/connectivity';
export { diffHeadline, KIND_WORD, sideLine, STATUS_WORD } from './export/diff';
export { REDACTED, redactSecrets, type Redaction, decodeShareState, encodeShareState, type ShareState, type ShareView } from './share/index';
export { minimizeForSharing } from './share/minimize';
export { DISPLAY_MAX, displayText, neutralize, xmlText } from './untrusted';

// input: folders and archives
export { readArchive, readFolder, isArchive, decodeText, type CollectedInput, type InputReport } from './input/index';

// endpoint: the one grammar of From/To (parse, print, the endpoints of a model, suggestions)
export { endpointHint, endpointListed, endpointNamespace, endpointsOf, parseEndpoint, printEndpoint, suggestEndpoints, textCanSend, type Endpoint, type EndpointHint, type EndpointList, type EndpointRole } from './endpoint/index';

// session: the workspace the app's worker runs (src-core/session)
export * from './session/index';
