// Resizable panes: a row of panes with draggable gutters (mouse/touch) that are also keyboard
// controls (focus a gutter, arrow keys move it). Sizes are fractions, remembered in localStorage.
import { Fragment, useRef, useState, type ReactNode } from 'react';

interface Props {
  id: string;
  children: ReactNode[];
  initial: number[];
  min?: number;
}

function load(id: string, initial: number[]): number[] {
  try {
    const v = JSON.parse(localStorage.getItem(`podpath:split:${id}`) ?? 'null') as unknown;
    if (Array.isArray(v) && v.length === initial.length && v.every((x) => typeof x === 'number' && x > 0)) return v as number[];
  } catch {
    /* fall back to the initial sizes */
  }
  return initial;
}

export function Split({ id, children, initial, min = 0.12 }: Props) {
  const [sizes, setSizes] = useState(() => load(id, initial));
  const box = useRef<HTMLDivElement>(null);

  const save = (next: number[]) => {
    setSizes(next);
    try {
      localStorage.setItem(`podpath:split:${id}`, JSON.stringify(next));
    } catch {
      /* not essential */
    }
  };

  const move = (i: number, delta: number) => {
    const next = [...sizes];
    const a = Math.max(min, Math.min(next[i] + next[i + 1] - min, next[i] + delta));
    next[i + 1] = next[i] + next[i + 1] - a;
    next[i] = a;
    save(next);
  };

  const startDrag = (i: number, e: React.PointerEvent) => {
    e.preventDefault();
    const width = box.current?.getBoundingClientRect().width ?? 1;
    let lastX = e.clientX;
    const target = e.currentTarget as HTMLElement;
    target.setPointerCapture(e.pointerId);
    const onMove = (ev: PointerEvent) => {
      const d = (ev.clientX - lastX) / width;
      lastX = ev.clientX;
      setSizes((cur) => {
        const next = [...cur];
        const a = Math.max(min, Math.min(next[i] + next[i + 1] - min, next[i] + d));
        next[i + 1] = next[i] + next[i + 1] - a;
        next[i] = a;
        return next;
      });
    };
    const onUp = () => {
      target.removeEventListener('pointermove', onMove);
      target.removeEventListener('pointerup', onUp);
      setSizes((cur) => {
        save(cur);
        return cur;
      });
    };
    target.addEventListener('pointermove', onMove);
    target.addEventListener('pointerup', onUp);
  };

  return (
    <div className="pp-split" ref={box}>
      {children.map((child, i) => (
        <Fragment key={i}>
          <div className="pp-split-pane" style={{ flexGrow: sizes[i], flexBasis: 0 }}>
            {child}
          </div>
          {i < children.length - 1 && (
            <div
              className="pp-gutter"
              role="separator"
              aria-orientation="vertical"
              aria-valuenow={Math.round(sizes[i] * 100)}
              aria-label="Resize panes"
              tabIndex={0}
              onPointerDown={(e) => startDrag(i, e)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowLeft') move(i, -0.02);
                if (e.key === 'ArrowRight') move(i, 0.02);
              }}
            />
          )}
        </Fragment>
      ))}
    </div>
  );
}
