// The workspace session's public face: what src-core/index.ts re-exports for the app and the CLI.
export { createSession, lintFailure, type WorkspaceSession, type SessionModel, type SessionLint } from './session';
export { EDITOR_FILE, type SessionView, type ObjectInfo, type Suggestions, type ProfileInfo, type RefLink, type SessionDetails, type QueryOrigin, type TraceFn } from './types';
export { automaticQuery, effectiveQuery, endpointKnown } from './autoquery';
export { suggestionsFor, objectInfos, profileInfoOf } from './suggestions';
export { connectionsOf, MAX_CONNECTION_PODS, type Connections } from './connections';
export { detailsOf } from './details';
export { IncrementalParser, INCREMENTAL_MAX_BYTES, type IncrementalStats } from './documents';
export { ModelBuilder, sameObjects, sameValue } from './reuse';
