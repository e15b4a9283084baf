// The embed's Before / After switch, shown when the embed's link carries a baseline ("before the policy /
// after the policy" on a training page). "Before" shows the baseline's text and profile on their own (no
// marks: nothing to compare it with); "After" shows the link's text compared with the baseline, so the
// graph carries compare mode's marks. The trace question stays, so both sides answer the same request.
import { useRef, useState } from 'react';
import { useAppStore } from '../store';
import type { ProfileChoice } from '../../src-core/index';

interface Side {
  text: string;
  profile: ProfileChoice;
}

export function EmbedCompareSwitch() {
  const hasBefore = useAppStore((s) => !!s.before);
  /** Both sides, kept from the moment the switch is first used (the store holds one text at a time). */
  const pair = useRef<{ before: Side; after: Side } | null>(null);
  const [side, setSide] = useState<'before' | 'after'>('after');
  if (!hasBefore && !pair.current) return null;
  const show = (want: 'before' | 'after') => {
    if (want === side) return;
    const st = useAppStore.getState();
    if (!pair.current && st.before) pair.current = { before: st.before, after: { text: st.text, profile: st.profile } };
    const p = pair.current;
    if (!p) return;
    if (want === 'before') st.loadState({ text: p.before.text, profile: p.before.profile, before: null });
    else st.loadState({ text: p.after.text, profile: p.after.profile, before: p.before });
    setSide(want);
  };
  return (
    <span className="pp-embed-sides" role="group" aria-label="Show the baseline or the changed version" data-testid="embed-sides" data-side={side}>
      {(['before', 'after'] as const).map((s) => (
        <button key={s} type="button" className={`pp-btn pp-btn-small${side === s ? ' pp-btn-active' : ''}`} aria-pressed={side === s} onClick={() => show(s)}>
          {s === 'before' ? 'Before' : 'After'}
        </button>
      ))}
    </span>
  );
}
