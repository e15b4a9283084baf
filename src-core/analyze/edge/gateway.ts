// Gateway API (GatewayClass → Gateway listeners → HTTPRoute). Work in progress: not matched yet.
import type { BuiltCluster } from '../../model/build';
import type { Leg } from './routetrace';
import type { Scheme } from './tls';

export function traceViaGateway(cluster: BuiltCluster, host: string, path: string, scheme: Scheme, port: number): Leg | undefined {
  void cluster; void host; void path; void scheme; void port;
  return undefined;
}
