// Whether the graph and trace on screen are from an older text (the current one has a YAML syntax
// error), settled for half a second: half-typed YAML is invalid for a keystroke or two and the warning
// should not flash on and off while typing.
import { useEffect, useState } from 'react';
import { useAnalysisStore } from './client';

export function useSettledStale(delayMs = 500): boolean {
  const staleNow = useAnalysisStore((s) => s.stale);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    if (!staleNow) {
      setStale(false);
      return;
    }
    const t = setTimeout(() => setStale(true), delayMs);
    return () => clearTimeout(t);
  }, [staleNow, delayMs]);
  return stale;
}
