// The embed page: the chosen panes (graph, trace, optionally the editor — read-only unless `edit=1`),
// no top bar, sized to its iframe, and a small "open in podpath" link that carries the current view.
// It loads its own state (shared fragment, else `scenario=`, else the first scenario) and never reads
// or writes the full app's autosave, so an embed cannot overwrite someone's workspace.
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { Split } from '../Split';
import { Editor, getEditor } from '../editor/Editor';
import { GraphView } from '../graph/GraphView';
import { TracePanel } from '../panels/TracePanel';
import { CompactTrace } from '../panels/CompactTrace';
import { chosenHop, queryKey, useHopFocus } from '../panels/hopFocus';
import { useAppStore } from '../store';
import { applyScenario, loadScenarios } from '../scenarios';
import { appBaseUrl, buildShareLink, isDamaged, loadableFromFragment } from '../share/state';
import { followFragmentChanges } from './embed';
import { shownQuery } from '../analysis/client';
import { readEmbedOptions, type EmbedOptions } from './options';
import { EmbedCompareSwitch } from '../compare/EmbedCompareSwitch';
import '../share/share.css';

const DEFAULT_OPTIONS: EmbedOptions = { panes: { graph: true, trace: true, editor: false }, editable: false };

/** Loads what the embed shows; the address decides, the autosave is never consulted. */
export async function startEmbed(opts: EmbedOptions, hash: string = window.location.hash): Promise<void> {
  const store = useAppStore.getState();
  const shared = loadableFromFragment(hash);
  if (isDamaged(shared)) {
    // An embed has no work of its own to keep: it shows nothing but why.
    store.loadState({ text: '', profile: 'auto', traceQuery: null, scenarioId: null, selection: null, notice: shared.error });
  } else if (shared) {
    store.loadState(shared);
  } else {
    const scenarios = await loadScenarios();
    const wanted = opts.scenario ? scenarios.find((s) => s.id === opts.scenario) : scenarios[0];
    if (wanted) await applyScenario(wanted);
    if (opts.scenario && !wanted) useAppStore.getState().setNotice(`There is no built-in scenario "${opts.scenario}".`);
  }
  const after = useAppStore.getState();
  // Theme is applied without setTheme: an embed must not change the full app's saved theme.
  after.loadState({
    ...(opts.theme ? { theme: opts.theme } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.trace ? { traceQuery: opts.trace } : {}),
    tab: 'trace',
  });
  // `hop=N` opens that hop of the question the embed shows (a link's own view.hop is read by hopFocus.ts).
  if (opts.hop) useHopFocus.getState().setHop(queryKey(shownQuery()), opts.hop);
}

function OpenInPodpath() {
  const ref = useRef<HTMLAnchorElement>(null);
  // The link is built when used (it compresses the text), not on every render.
  const refresh = () => {
    const s = useAppStore.getState();
    if (ref.current) ref.current.href = buildShareLink({ ...s, openHop: chosenHop(shownQuery()) }, appBaseUrl()).url;
  };
  return (
    <a ref={ref} className="pp-embed-open" data-testid="open-in-podpath" href={appBaseUrl()} target="_blank" rel="noopener noreferrer" onMouseDown={refresh} onFocus={refresh} onClick={refresh}>
      open in podpath ↗
    </a>
  );
}

export function EmbedApp() {
  const opts = useMemo(() => readEmbedOptions(window.location) ?? DEFAULT_OPTIONS, []);
  const theme = useAppStore((s) => s.theme);
  const notice = useAppStore((s) => s.notice);
  const [started, setStarted] = useState(false);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    document.documentElement.dataset.embed = 'true';
    followFragmentChanges();
    void startEmbed(opts).finally(() => setStarted(true));
  }, [opts]);

  useEffect(() => {
    // Small frames: the graph legend starts folded so it does not cover the graph (one click opens it).
    if (!opts.panes.graph || window.innerWidth >= 1100) return;
    const t = setTimeout(() => document.querySelector<HTMLButtonElement>('.pp-legend-toggle[aria-expanded="true"]')?.click(), 0);
    return () => clearTimeout(t);
  }, [opts]);

  useEffect(() => {
    if (!opts.panes.editor || opts.editable) return;
    // The Editor pane mounts before this effect runs (children first); retry briefly in case Monaco is late.
    let tries = 0;
    const t = setInterval(() => {
      const ed = getEditor();
      // Tab then leaves the editor (Editor.tsx leaveOnEscTab: a read-only editor has nothing to indent).
      if (ed) ed.updateOptions({ readOnly: true, domReadOnly: true, readOnlyMessage: { value: 'This embedded view is read-only. Use "open in podpath" to edit.' } });
      if (ed || ++tries > 50) clearInterval(t);
    }, 100);
    return () => clearInterval(t);
  }, [opts]);

  const panes: ReactElement[] = [];
  const sizes: number[] = [];
  if (opts.panes.editor) {
    panes.push(
      <div
        key="editor"
        className={`pp-embed-editor${opts.editable ? '' : ' pp-embed-readonly'}`}
        style={{ height: '100%' }}
        // Read-only: files dropped on the editor are refused before the editor sees them.
        onDragOverCapture={(e) => !opts.editable && e.stopPropagation()}
        onDropCapture={(e) => {
          if (opts.editable) return;
          e.preventDefault();
          e.stopPropagation();
        }}
      >
        <Editor />
      </div>,
    );
    sizes.push(0.34);
  }
  if (opts.panes.graph) {
    panes.push(<GraphView key="graph" />);
    sizes.push(0.4);
  }
  if (opts.panes.trace) {
    // Compact: the short answer gets the larger share of a small frame.
    if (opts.compact && sizes.length > 0) sizes[sizes.length - 1] = 0.3;
    panes.push(
      <div key="trace" className="pp-side" data-testid="embed-trace">
        <div className="pp-tabpanel">
          {opts.compact ? <CompactTrace /> : <TracePanel />}
        </div>
      </div>,
    );
    sizes.push(opts.compact ? 0.45 : 0.32);
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  const initial = sizes.map((x) => x / total);

  return (
    <div className={`pp-embed${opts.compact ? ' pp-embed-compact' : ''}`} data-testid="embed" data-started={started ? 'true' : 'false'}>
      <main className="pp-embed-main">{panes.length === 1 ? panes[0] : <Split id={`embed-${panes.map((p) => p.key).join('-')}`} initial={initial}>{panes}</Split>}</main>
      <footer className="pp-embed-bar">
        <span className="pp-embed-notice" role="status">
          {notice ?? ''}
        </span>
        <EmbedCompareSwitch />
        <OpenInPodpath />
      </footer>
    </div>
  );
}
