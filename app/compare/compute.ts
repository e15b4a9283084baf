// Compare mode, worker side: the baseline ("before") text is modelled once and its analysis (summary,
// connectivity, exposure) kept; each new "after" model is analysed once and diffed against it with the
// core's diffClusters — the same engine as `podpath diff` and `trace`. Plain functions, testable in Node.
import { buildCluster, type BuiltCluster } from '../../src-core/index';
import { parseManifests } from '../../src-core/index';
import { analyzeSide, diffClusters, type DiffReport, type DiffSideData } from '../../src-core/index';
import type { ProfileChoice } from '../../src-core/index';

/** The baseline's file name: positions on the "before" side read `before.yaml:12:3`. */
export const BEFORE_FILE = 'before.yaml';

/** Traces kept per difference for the side-by-side view (the rest are listed with their causes only). */
const MAX_TRACES = 300;

export function createComparer() {
  let before: { text: string; profile: ProfileChoice; side: DiffSideData } | null = null;
  const after = new WeakMap<BuiltCluster, DiffSideData>();
  return {
    diff(current: BuiltCluster, beforeText: string, beforeProfile: ProfileChoice): DiffReport {
      if (!before || before.text !== beforeText || before.profile !== beforeProfile) {
        const cluster = buildCluster(parseManifests([{ name: BEFORE_FILE, text: beforeText }]), { profile: beforeProfile });
        before = { text: beforeText, profile: beforeProfile, side: analyzeSide(cluster) };
      }
      let side = after.get(current);
      if (!side) after.set(current, (side = analyzeSide(current)));
      return diffClusters(before.side, side, { keepTraces: true, maxTraced: MAX_TRACES });
    },
  };
}
