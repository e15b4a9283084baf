// The page: top bar, a one-line info bar (notices, the first-visit line, the scenario's description), then
// the three panes — editor, topology graph, side panel. Wide windows show them side by side in resizable
// panes; narrow ones (phones, 360–900 px) show one pane at a time behind a tab bar, so nothing is cut off.
import { useEffect, useState } from 'react';
import { TopBar } from './TopBar';
import { InfoBar } from './InfoBar';
import { Split } from './Split';
import { Editor } from './editor/Editor';
import { GraphView } from './graph/GraphView';
import { SidePanel } from './panels/SidePanel';
import { useAppStore } from './store';

/** Below this width the three panes do not fit side by side (the graph and trace need ~300 px each). */
export const NARROW_QUERY = '(max-width: 900px)';

/** Whether the window is narrow; follows resizes (and device rotation). */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia(NARROW_QUERY);
    const on = () => setNarrow(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return narrow;
}

type PaneId = 'editor' | 'graph' | 'side';
const PANES: { id: PaneId; label: string }[] = [
  { id: 'editor', label: 'Manifests' },
  { id: 'graph', label: 'Topology' },
  { id: 'side', label: 'Trace & details' },
];

/** Narrow windows: one pane at a time (WAI-ARIA tabs). All three stay mounted (the editor keeps its undo
 *  stack, the graph its layout); the hidden ones are `hidden`. It opens on the trace, where the answer is. */
function PaneTabs() {
  const [pane, setPane] = useState<PaneId>('side');
  return (
    <div className="pp-narrow">
      <div
        className="pp-tabs pp-pane-tabs"
        role="tablist"
        aria-label="Panes"
        onKeyDown={(e) => {
          const i = PANES.findIndex((p) => p.id === pane);
          const next = e.key === 'ArrowRight' ? PANES[(i + 1) % PANES.length] : e.key === 'ArrowLeft' ? PANES[(i + PANES.length - 1) % PANES.length] : undefined;
          if (!next) return;
          setPane(next.id);
          requestAnimationFrame(() => document.getElementById(`pane-tab-${next.id}`)?.focus());
        }}
      >
        {PANES.map((p) => (
          <button key={p.id} type="button" role="tab" id={`pane-tab-${p.id}`} data-testid={`pane-tab-${p.id}`} aria-selected={pane === p.id} aria-controls={`pane-${p.id}`} tabIndex={pane === p.id ? 0 : -1} className="pp-tab" onClick={() => setPane(p.id)}>
            {p.label}
          </button>
        ))}
      </div>
      {PANES.map((p) => (
        <div key={p.id} className="pp-narrow-pane" role="tabpanel" id={`pane-${p.id}`} aria-labelledby={`pane-tab-${p.id}`} hidden={pane !== p.id}>
          {p.id === 'editor' ? <Editor /> : p.id === 'graph' ? <GraphView /> : <SidePanel />}
        </div>
      ))}
    </div>
  );
}

export function App() {
  const theme = useAppStore((s) => s.theme);
  const narrow = useNarrow();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="pp-app">
      <TopBar />
      <InfoBar />
      <main className="pp-main" aria-label="podpath workspace">
        {narrow ? (
          <PaneTabs />
        ) : (
          <Split id="main" initial={[0.34, 0.4, 0.26]}>
            <Editor />
            <GraphView />
            <SidePanel />
          </Split>
        )}
      </main>
    </div>
  );
}
