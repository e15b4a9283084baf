// The top bar's Export menu: the graph as PNG (Cytoscape's own renderer) or SVG (svg.ts), of the current
// view or the whole graph, on the theme's background or transparent; the current trace as Markdown or
// plain text (src-core/export), downloaded or copied. YAML excerpts in trace exports show only what a share
// link carries (src-core/share/excerpt.ts): the fields podpath reads, at their own line numbers.
import { useEffect, useMemo, useRef, useState } from 'react';
import { traceToMarkdown } from '../../src-core/index';
import { traceToText } from '../../src-core/index';
import { LUMIK_DEFAULTS_FILE, LUMIK_DEFAULTS_YAML } from '../../src-core/index';
import type { Trace } from '../../src-core/index';
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { EDITOR_FILE } from '../analysis/protocol';
import { getCy } from '../graph/cyRegistry';
import { copyToClipboard, downloadBlob, downloadText, safeFileName } from '../share/download';
import { cyToSvg } from './svg';
import '../share/share.css';

type Format = 'markdown' | 'text';

/** The trace export of the current trace, with the editor's text (and the profile's implied YAML) as sources. */
export function exportTrace(trace: Trace, format: Format): string {
  const { text } = useAppStore.getState();
  // The profile the trace ran under (with the picker on Auto, the one the input showed).
  const profile = useAnalysisStore.getState().profile?.name ?? useAppStore.getState().profile;
  const sourceMap = { textOf: (f: string) => (f === EDITOR_FILE ? text : f === LUMIK_DEFAULTS_FILE ? LUMIK_DEFAULTS_YAML : undefined) };
  return format === 'markdown' ? traceToMarkdown(trace, { sourceMap, profile }) : traceToText(trace, { sourceMap, profile });
}

function themedBackground(): string {
  const host = getCy()?.container();
  const fromHost = host ? getComputedStyle(host).backgroundColor : '';
  if (fromHost && fromHost !== 'rgba(0, 0, 0, 0)' && fromHost !== 'transparent') return fromHost;
  return useAppStore.getState().theme === 'dark' ? '#111418' : '#ffffff';
}

function baseName(): string {
  return safeFileName(useAppStore.getState().scenarioId ?? 'podpath', 'x').replace(/\.x$/, '');
}

function ExportPanel({ onDone, status }: { onDone: (msg: string) => void; status: string }) {
  const [whole, setWhole] = useState(true);
  const [transparent, setTransparent] = useState(false);
  const trace = useAnalysisStore((s) => s.trace);
  const hasGraph = useAnalysisStore((s) => (s.graph?.nodes.length ?? 0) > 0);

  const png = async () => {
    const cy = getCy();
    if (!cy) return onDone('The graph is not ready yet.');
    // A canvas larger than the browser allows gives no blob (toBlob → null) or throws: try smaller, then say so
    // (issue 16: 10k-character names made the export fail silently).
    const bg = transparent ? undefined : themedBackground();
    let blob: Blob | null = null;
    for (const [scale, max] of [[2, 8000], [1, 4096], [1, 2048]] as const) {
      try {
        blob = (await cy.png({ output: 'blob-promise', full: whole, scale, maxWidth: max, maxHeight: max, bg })) as Blob | null;
      } catch {
        blob = null;
      }
      if (blob && blob.size > 0) break;
      blob = null;
    }
    if (!blob) return onDone('The graph is too large for this browser to draw as a PNG. Export it as SVG instead, or export the current view.');
    const name = `${baseName()}-graph.png`;
    downloadBlob(name, blob);
    onDone(`Saved ${name}`);
  };
  const svg = () => {
    const cy = getCy();
    if (!cy) return onDone('The graph is not ready yet.');
    const name = `${baseName()}-graph.svg`;
    downloadText(name, cyToSvg(cy, { full: whole, background: transparent ? null : themedBackground() }), 'image/svg+xml');
    onDone(`Saved ${name}`);
  };
  const saveTrace = (format: Format) => {
    if (!trace) return;
    const name = `${baseName()}-trace.${format === 'markdown' ? 'md' : 'txt'}`;
    downloadText(name, exportTrace(trace, format), format === 'markdown' ? 'text/markdown' : 'text/plain');
    onDone(`Saved ${name}`);
  };
  const copyTrace = (format: Format) => {
    if (!trace) return;
    void copyToClipboard(exportTrace(trace, format)).then((ok) => onDone(ok ? `Copied the trace as ${format === 'markdown' ? 'Markdown' : 'text'}` : 'Copy failed'));
  };

  return (
    <div className="pp-dropdown-menu pp-export-panel" role="menu" aria-label="Export" data-testid="export-panel">
      <div className="pp-export-section">Graph</div>
      <label className="pp-check">
        <input type="radio" name="pp-export-scope" checked={whole} onChange={() => setWhole(true)} data-testid="export-whole" /> whole graph
      </label>
      <label className="pp-check">
        <input type="radio" name="pp-export-scope" checked={!whole} onChange={() => setWhole(false)} data-testid="export-view" /> current view
      </label>
      <label className="pp-check">
        <input type="checkbox" checked={transparent} onChange={(e) => setTransparent(e.target.checked)} data-testid="export-transparent" /> transparent background
      </label>
      <div className="pp-share-row">
        <button type="button" className="pp-btn pp-btn-small" role="menuitem" disabled={!hasGraph} onClick={() => void png()} data-testid="export-png">
          PNG
        </button>
        <button type="button" className="pp-btn pp-btn-small" role="menuitem" disabled={!hasGraph} onClick={svg} data-testid="export-svg">
          SVG
        </button>
      </div>
      <div className="pp-export-section">Trace</div>
      {!trace && <span className="pp-muted">Run a trace first.</span>}
      {trace && (
        <span className="pp-muted" data-testid="export-redacted">
          The quoted YAML shows only the fields podpath reads; everything else (data, env values, other annotations, comments) shows as …
        </span>
      )}
      <div className="pp-share-row">
        <button type="button" className="pp-btn pp-btn-small" role="menuitem" disabled={!trace} onClick={() => saveTrace('markdown')} data-testid="export-md">
          Markdown
        </button>
        <button type="button" className="pp-btn pp-btn-small" role="menuitem" disabled={!trace} onClick={() => copyTrace('markdown')} data-testid="export-md-copy">
          Copy Markdown
        </button>
      </div>
      <div className="pp-share-row">
        <button type="button" className="pp-btn pp-btn-small" role="menuitem" disabled={!trace} onClick={() => saveTrace('text')} data-testid="export-text">
          Text
        </button>
        <button type="button" className="pp-btn pp-btn-small" role="menuitem" disabled={!trace} onClick={() => copyTrace('text')} data-testid="export-text-copy">
          Copy text
        </button>
      </div>
      <div className="pp-export-status" aria-hidden="true">
        {status}
      </div>
    </div>
  );
}

export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const close = useMemo(() => () => setOpen(false), []);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    const onDown = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && close();
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open, close]);
  useEffect(() => {
    if (!status) return;
    const t = setTimeout(() => setStatus(''), 3000);
    return () => clearTimeout(t);
  }, [status]);
  return (
    <div className="pp-dropdown" ref={box}>
      <button type="button" className="pp-btn" data-testid="export-button" aria-expanded={open} aria-haspopup="menu" onClick={() => setOpen((o) => !o)} title={status || 'Export the graph or the trace'}>
        Export
      </button>
      {open && <ExportPanel onDone={setStatus} status={status} />}
      <span className="pp-sr-status" role="status" data-testid="export-status" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        {status}
      </span>
    </div>
  );
}
