// One endpoint module (issue 11): the grammar (parse, print), the endpoints a model offers, suggestions
// for a From/To that is not one, and the loose "is it still listed" check. Everything that reads or
// writes an endpoint string — the tracer, the CLI, the app's pickers, the graph highlighter — calls this.
export {
  canSend,
  ENDPOINT_FORMS,
  endpointNamespace,
  INTERNET_IP,
  isIPv4,
  parseEndpoint,
  printEndpoint,
  textCanSend,
  withDefaultNamespace,
  type Endpoint,
  type EndpointKind,
} from './grammar';
export { endpointHint, endpointListed, endpointsOf, hintSentence, orList, suggestEndpoints, type EndpointHint, type EndpointList, type EndpointRole } from './suggest';
