// The legend's compare line (shown only in compare mode): what the graph's marks mean. The badges are the
// same characters the graph draws (graphMarks.ts BADGE), so the line reads without colour.
import { useAppStore } from '../store';
import { BADGE } from './graphMarks';

export function CompareLegend() {
  const comparing = useAppStore((s) => !!s.before);
  if (!comparing) return null;
  return (
    <li data-testid="legend-compare" title="Compare mode: differences from the baseline (“before”), as the Changes tab lists them">
      compare: {BADGE.new} new (double border / solid) · {BADGE.lost} lost, only before (ghosted, dashed) · {BADGE.changed} changed · {BADGE.undetermined} cannot be decided
    </li>
  );
}
