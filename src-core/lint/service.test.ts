// Service rules (service.ts): nodeport-out-of-range.
import { describe, expect, it } from 'vitest';
import { of } from './testkit';

describe('nodeport-out-of-range', () => {
  const svc = (nodePort: number) => `apiVersion: v1
kind: Service
metadata: {name: np, namespace: shop}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
    nodePort: ${nodePort}
`;
  it('flags 8080 and 32768 at the nodePort line, not 30000 or 32767', () => {
    const f = of(svc(8080), 'nodeport-out-of-range');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].source.startLine).toBe(10);
    expect(of(svc(32768), 'nodeport-out-of-range')).toHaveLength(1);
    expect(of(svc(30000), 'nodeport-out-of-range')).toHaveLength(0);
    expect(of(svc(32767), 'nodeport-out-of-range')).toHaveLength(0);
  });
});
