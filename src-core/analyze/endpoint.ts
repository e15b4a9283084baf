// The endpoint grammar moved to src-core/endpoint (issue 11: one endpoint module); this path stays so the
// tracers' imports keep working.
export { INTERNET_IP, isIPv4, parseEndpoint, printEndpoint, type Endpoint } from '../endpoint/grammar';
