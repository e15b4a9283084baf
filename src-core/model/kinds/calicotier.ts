// Calico Tier (projectcalico.org/v3, crd.projectcalico.org/v1): an ordered group of policies. Upstream:
// projectcalico/calico api/pkg/apis/projectcalico/v3/tier.go — "Tiers with higher order are applied after
// those with lower order. If the order is omitted, it may be considered to be infinite"; ties by name.
// `defaultAction` (Calico ≥ 3.30, api tier.go commit 00ef173e) says what happens when policies of the tier select the endpoint and none
// decides: Deny (the default) or Pass to the next tier.
import type { Reader } from '../context';
import type { CalicoTier } from '../calico-types';
import type { ObjectMeta } from '../types';

/** api/pkg/apis/projectcalico/v3/tier.go DefaultTierOrder. */
export const DEFAULT_TIER_ORDER = 1_000_000;

export function calicoTierFrom(meta: ObjectMeta, r: Reader): CalicoTier {
  const spec = r.at('spec');
  const o = spec.at('order');
  let order: number | undefined;
  if (o.present) {
    if (typeof o.value === 'number' && Number.isFinite(o.value)) order = o.value;
    else o.invalid(`order must be a number, found ${JSON.stringify(o.value)}; read here as no order (the tier is applied last).`);
  }
  const a = spec.strAt('defaultAction');
  let defaultAction: CalicoTier['defaultAction'] = 'Deny';
  if (a === 'Pass') defaultAction = 'Pass';
  else if (a !== undefined && a !== 'Deny') spec.at('defaultAction').invalid(`defaultAction must be Deny or Pass, found ${JSON.stringify(a)}; the API server rejects the tier. Read here as Deny.`);
  if (meta.name === 'default' && order !== undefined && order !== DEFAULT_TIER_ORDER) o.invalid(`the default tier's order is fixed at ${DEFAULT_TIER_ORDER}; the API server rejects another value.`);
  if (meta.name === 'default' && defaultAction === 'Pass') spec.at('defaultAction').invalid('the default tier cannot Pass; the API server rejects it. Read here as Deny.');
  return { meta, name: meta.name, order: meta.name === 'default' ? DEFAULT_TIER_ORDER : order, defaultAction: meta.name === 'default' ? 'Deny' : defaultAction };
}
