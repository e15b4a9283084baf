// Sharing manifests safely: secret redaction and the versioned share-link codec (see each file's header).
export { REDACTED, redactSecrets, hasSecrets, type Redaction, type RedactResult } from './redact';
export { decodeShareState, encodeShareState, SHARE_VERSION, type DecodeResult, type ShareState, type ShareView } from './codec';
