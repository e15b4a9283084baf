// Batch queries: what `podpath query --batch`, the conformance test and tools call. Every query gets an
// answer, in order; a malformed one gets `{allowed: false, reached: null, error}` instead of stopping the
// batch. Input is untrusted JSON, so each query is checked field by field before it is traced.
import type { BuiltCluster } from '../model/build';
import type { Protocol } from '../model/types';
import { traceQuery } from './trace';
import type { Query, QueryResult, Trace } from './types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A query object from JSON, checked: `from`, `to` (strings), optional `port` (a JSON number 1-65535), `protocol`
 *  (TCP/UDP/SCTP, any case), `named_port` (instead of `port`). Unknown fields (`allowed`, `reason` …) are ignored. */
export function readQuery(v: unknown): Query | { error: string } {
  if (!isRecord(v)) return { error: `a query must be an object with "from" and "to", not ${Array.isArray(v) ? 'a list' : JSON.stringify(v) ?? 'undefined'}.` };
  const { from, to, port, protocol, named_port } = v;
  if (typeof from !== 'string' || !from.trim()) return { error: '"from" must be a non-empty string (an endpoint such as ns/name, internet, ip:A.B.C.D or router).' };
  if (typeof to !== 'string' || !to.trim()) return { error: '"to" must be a non-empty string (an endpoint such as ns/name, svc:ns/name, dns:name, ip:A.B.C.D or a URL).' };
  const q: Query = { from, to };
  if (port !== undefined && port !== null) {
    // A string is refused, not converted (issue 16): a batch written by a script that quotes its numbers
    // would otherwise be answered for a port it may not mean, and "http" is what `named_port` is for.
    if (typeof port === 'string') {
      const hint = /^\d+$/.test(port) ? `write ${port} without quotes` : 'give a port name as "named_port"';
      return { error: `"port" must be a JSON number from 1 to 65535, not the string ${JSON.stringify(port.slice(0, 40))} (${hint}).` };
    }
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return { error: `"port" must be a whole number from 1 to 65535, not ${Object.is(port, -0) ? "-0" : (JSON.stringify(port) ?? String(port))}.` };
    q.port = port;
  }
  if (protocol !== undefined && protocol !== null) {
    const p = typeof protocol === 'string' ? protocol.toUpperCase() : '';
    if (p !== 'TCP' && p !== 'UDP' && p !== 'SCTP') return { error: `"protocol" must be TCP, UDP or SCTP, not ${JSON.stringify(protocol)}.` };
    q.protocol = p as Protocol;
  }
  if (named_port !== undefined && named_port !== null) {
    if (typeof named_port !== 'string' || !named_port) return { error: '"named_port" must be a non-empty port name.' };
    if (q.port !== undefined) return { error: 'give "port" or "named_port", not both.' };
    q.named_port = named_port;
  }
  return q;
}

export function resultOf(t: Trace): QueryResult {
  const r: QueryResult = { allowed: t.allowed, reached: t.reached, verdict: t.verdict, summary: t.summary };
  if (t.error) r.error = t.error;
  return r;
}

/** Traces one untrusted query; an internal failure becomes an error result for that query only. */
export function traceUnknown(cluster: BuiltCluster, v: unknown): Trace | { error: string; query?: Query } {
  const q = readQuery(v);
  if ('error' in q) return q;
  try {
    return traceQuery(cluster, q);
  } catch (e) {
    // The core should not throw; if it does, the batch still answers every other query.
    return { error: `internal error while tracing this query: ${e instanceof Error ? e.message : String(e)}`, query: q };
  }
}

/** Answers every query, in order. */
export function runQueries(cluster: BuiltCluster, queries: readonly unknown[]): QueryResult[] {
  return queries.map((v) => {
    const t = traceUnknown(cluster, v);
    return 'hops' in t ? resultOf(t) : { allowed: false, reached: null, error: t.error };
  });
}
