// chainRows: which Route → Service → workload chains the fcose layout puts on one row.
import { describe, expect, it } from 'vitest';
import { chainRows } from './layout';

function links(list: [kind: string, from: string, to: string][]) {
  const outs = new Map<string, string[]>();
  const ins = new Map<string, string[]>();
  for (const [k, a, b] of list) {
    outs.set(`${k}|${a}`, [...(outs.get(`${k}|${a}`) ?? []), b]);
    ins.set(`${k}|${b}`, [...(ins.get(`${k}|${b}`) ?? []), a]);
  }
  return { outs, ins };
}

describe('chainRows', () => {
  it('puts a one-to-one Route → Service → workload chain on one row', () => {
    const { outs, ins } = links([
      ['backend', 'Route/shop/web', 'Service/shop/web'],
      ['endpoint', 'Service/shop/web', 'Deployment/shop/web'],
      ['endpoint', 'Service/shop/api', 'Deployment/shop/api'],
    ]);
    expect(chainRows(outs, ins, ['backend', 'endpoint'])).toEqual([
      ['Deployment/shop/api', 'Service/shop/api'],
      ['Deployment/shop/web', 'Route/shop/web', 'Service/shop/web'],
    ]);
  });

  it('leaves shared links to the forces: a Service with two workloads, a workload behind two Services', () => {
    const { outs, ins } = links([
      ['endpoint', 'Service/a/front', 'Deployment/a/v1'],
      ['endpoint', 'Service/a/front', 'Deployment/a/v2'],
      ['endpoint', 'Service/a/x', 'Deployment/a/db'],
      ['endpoint', 'Service/a/y', 'Deployment/a/db'],
      ['backend', 'Route/a/r', 'Service/a/front'],
    ]);
    // Only the Route → front link is one-to-one at both ends.
    expect(chainRows(outs, ins, ['backend', 'endpoint'])).toEqual([['Route/a/r', 'Service/a/front']]);
  });

  it('gives the same rows whatever the order of the links', () => {
    const a = links([
      ['endpoint', 'Service/n/b', 'Deployment/n/b'],
      ['endpoint', 'Service/n/a', 'Deployment/n/a'],
    ]);
    const b = links([
      ['endpoint', 'Service/n/a', 'Deployment/n/a'],
      ['endpoint', 'Service/n/b', 'Deployment/n/b'],
    ]);
    expect(chainRows(a.outs, a.ins, ['endpoint'])).toEqual(chainRows(b.outs, b.ins, ['endpoint']));
  });
});
