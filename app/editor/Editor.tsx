// The YAML editor pane: Monaco bound to the store's text. Typing updates the store (the worker re-analyses
// after a debounce); text set from outside (scenario, drop, shared link) is applied as an undoable edit, or,
// when it is large (a whole-cluster dump), loaded in slices by largeText.ts so the page never blocks.
// The core's diagnostics become markers; selecting an object in the graph or a hop reveals its lines;
// moving the cursor into an object selects it in the graph.
import { useEffect, useRef, useState } from 'react';
import { restartYamlWorker, setupMonaco, monaco } from './monaco';
import { noteEditorChange } from './journal';
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { EDITOR_FILE } from '../analysis/protocol';
import { combineFiles, pickedFromDrop, pickedFromList, readPicked, type PickedFile } from './files';
import { LargeTextController, type LoadProgress } from './largeText';
import { progressLabel } from './bulk';

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;

/** Typing past this size switches the YAML model to plain text (no highlighting or schema checks): tokenizing
 *  and validating a whole-cluster dump would block the page for seconds. The podpath analysis still runs.
 *  Texts set from outside (paste, files, scenario) of HUGE_TEXT and more go into Monaco's large-file mode. */
export const LARGE_TEXT = 2_000_000;

// The loading banner's look (inline: it is this component's alone; the CSP allows inline styles).
const LOADING_STYLE = { position: 'absolute', top: 8, right: 24, zIndex: 20, display: 'flex', alignItems: 'center', gap: 8, padding: '4px 10px', borderRadius: 4, font: '12px system-ui, sans-serif', background: 'var(--bg-2)', color: 'var(--text)', border: '1px solid var(--border)', boxShadow: '0 1px 4px rgba(0,0,0,.15)' } as const;
const BAR_STYLE = { display: 'inline-block', width: 120, height: 6, borderRadius: 3, background: 'rgba(127,127,127,.25)', overflow: 'hidden' } as const;
const FILL_STYLE = { display: 'block', height: '100%', background: 'var(--accent)' } as const;

/** Shown while the editor has focus: a keyboard user's way out (Monaco keeps Tab for indenting). */
export const KEYBOARD_HINT = 'Tab indents · to leave: Esc then Tab (Shift+Tab: back) · Ctrl+M: Tab moves focus';

/** Escape arms "leave": a Tab right after it moves focus out of the editor instead of indenting (the
 *  Escape itself still closes a suggestion or find widget first, as in Monaco). In a read-only editor
 *  (embeds) Tab always leaves. */
let escArmed = false;
function leaveOnEscTab(ed: monaco.editor.IStandaloneCodeEditor, e: monaco.IKeyboardEvent): void {
  if (e.keyCode === monaco.KeyCode.Escape) {
    escArmed = true;
    return;
  }
  // A read-only editor has nothing to indent: Tab always leaves it.
  const readOnly = ed.getOption(monaco.editor.EditorOption.readOnly);
  if (e.keyCode === monaco.KeyCode.Tab && (escArmed || readOnly) && !e.ctrlKey && !e.altKey && !e.metaKey) {
    e.preventDefault();
    e.stopPropagation();
    escArmed = false;
    const dom = ed.getDomNode();
    if (dom) focusBeside(dom, e.shiftKey);
    return;
  }
  if (e.keyCode !== monaco.KeyCode.Shift) escArmed = false;
}

/** Focuses the first focusable element after (or before) `el` in document order, outside it. */
function focusBeside(el: HTMLElement, backwards: boolean): void {
  const all = [...document.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')].filter((x) => !el.contains(x) && x.offsetParent !== null && !x.hidden);
  const after = all.filter((x) => el.compareDocumentPosition(x) & Node.DOCUMENT_POSITION_FOLLOWING);
  const before = all.filter((x) => el.compareDocumentPosition(x) & Node.DOCUMENT_POSITION_PRECEDING);
  const target = backwards ? before[before.length - 1] : after[0];
  target?.focus();
}

let editorInstance: monaco.editor.IStandaloneCodeEditor | null = null;
/** The live editor (tests and the embed mode use it). */
export function getEditor(): monaco.editor.IStandaloneCodeEditor | null {
  return editorInstance;
}

export function Editor() {
  const host = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const theme = useAppStore((s) => s.theme);
  const typedLarge = useAppStore((s) => s.text.length > LARGE_TEXT);
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  /** The editor shows the large-file model (plain text). */
  const [largeFile, setLargeFile] = useState(false);
  const large = typedLarge || largeFile;
  /** The editor has keyboard focus: its hint on how to leave shows (issue 14: Tab indents forever). */
  const [focused, setFocused] = useState(false);

  useEffect(() => {
    const m = setupMonaco();
    const initial = useAppStore.getState().text;
    // A large initial text (autosave, link) is loaded in slices below, not given to createModel in one piece.
    const initialBulk = LargeTextController.handles('', initial);
    const model = m.editor.getModel(m.Uri.parse(`file:///${EDITOR_FILE}`)) ?? m.editor.createModel(initialBulk ? '' : initial, 'yaml', m.Uri.parse(`file:///${EDITOR_FILE}`));
    const fitLanguage = (length: number) => {
      if (ed.getModel() !== model) return; // the large-file model is plain text already
      const large = length > LARGE_TEXT;
      const want = large ? 'plaintext' : 'yaml';
      if (model.getLanguageId() === want) return;
      m.editor.setModelLanguage(model, want);
      if (large) restartYamlWorker();
      // Features that scan the whole text on every change are off for large inputs.
      editorInstance?.updateOptions({ folding: !large, links: !large, wordBasedSuggestions: large ? 'off' : 'currentDocument', occurrencesHighlight: large ? 'off' : 'singleFile', selectionHighlight: !large });
    };
    // Manifests use LF; Monaco would otherwise pick CRLF for a model created empty on some platforms.
    model.setEOL(m.editor.EndOfLineSequence.LF);
    const ed = m.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 4,
      scrollBeyondLastLine: false,
      tabSize: 2,
      renderWhitespace: 'none',
      wordWrap: 'off',
      fixedOverflowWidgets: true,
      theme: useAppStore.getState().theme === 'dark' ? 'podpath-dark' : 'podpath-light',
      // Screen readers hear how to leave as well (KEYBOARD_HINT shows it on focus).
      ariaLabel: 'Manifests (YAML). Tab indents; to leave the editor press Escape then Tab, or Ctrl+M to make Tab move focus.',
      quickSuggestions: { other: true, comments: false, strings: true },
    });
    editorInstance = ed;
    const subFocus = ed.onDidFocusEditorText(() => setFocused(true));
    const subBlur = ed.onDidBlurEditorText(() => setFocused(false));
    const subKeys = ed.onKeyDown((e) => leaveOnEscTab(ed, e));
    let applying = false;
    let decorations = ed.createDecorationsCollection();
    /** The text the editor shows, or is loading (then the model holds only a prefix of it). */
    let shown = initial;

    const large = new LargeTextController(ed, model, {
      beforeLoad: () => decorations.clear(),
      afterLoad: (total) => {
        setLargeFile(large.inLargeFileMode);
        fitLanguage(total);
        applyMarkers();
      },
      onProgress: setProgress,
      replaceText: (text) => useAppStore.getState().replaceText(text),
    });

    const sub1 = ed.onDidChangeModelContent((e) => {
      if (applying || large.loading) return;
      // A highlight points at lines that typing may have moved; drop it.
      decorations.clear();
      const current = large.model;
      fitLanguage(current.getValueLength());
      shown = current.getValue();
      // The autosave journals this edit at once for large texts (journal.ts), so a reload never loses it.
      noteEditorChange(e.changes, shown.length);
      useAppStore.getState().setText(shown);
    });

    // Text set from outside: replace as one undoable edit so Ctrl+Z brings the previous text back; large texts
    // (or while one is loading) go through the sliced loader, whose undo restores the previous text.
    const unsubText = useAppStore.subscribe((s, prev) => {
      if (s.text === prev.text || s.text === shown) return;
      const from = shown;
      shown = s.text;
      if (large.loading || large.stepping || large.inLargeFileMode || LargeTextController.handles(from, s.text)) {
        void large.load(from, s.text, large.takeCursor());
        return;
      }
      applying = true;
      try {
        // Switch the language before the big text goes in, so it is never tokenized as YAML.
        if (s.text.length > LARGE_TEXT) fitLanguage(s.text.length);
        model.pushStackElement();
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: s.text }], () => null);
        model.pushStackElement();
        fitLanguage(s.text.length);
      } finally {
        applying = false;
      }
    });

    // Markers wait while a large text is loading (their lines may not be in the editor yet).
    const applyMarkers = () => {
      if (large.loading) return;
      const markers = useAnalysisStore.getState().diagnostics
        .filter((d) => d.range.file === EDITOR_FILE)
        .map((d) => ({
          severity: SEVERITY[d.severity],
          message: d.message,
          code: d.code,
          source: 'podpath',
          startLineNumber: d.range.startLine,
          startColumn: d.range.startCol,
          endLineNumber: d.range.endLine,
          endColumn: Math.max(d.range.endCol, d.range.startLine === d.range.endLine ? d.range.startCol + 1 : d.range.endCol),
        }));
      const target = large.model;
      if (target !== model) m.editor.setModelMarkers(model, 'podpath', []);
      m.editor.setModelMarkers(target, 'podpath', markers);
    };
    const unsubMarkers = useAnalysisStore.subscribe((a, prev) => {
      if (a.diagnostics !== prev.diagnostics) applyMarkers();
    });

    const reveal = (startLine: number, endLine: number) => {
      if (large.loading) return;
      const shownModel = large.model;
      const range = new m.Range(startLine, 1, endLine, shownModel.getLineMaxColumn(Math.min(endLine, shownModel.getLineCount())));
      decorations.clear();
      decorations = ed.createDecorationsCollection([{ range, options: { isWholeLine: true, className: 'pp-line-highlight', linesDecorationsClassName: 'pp-line-gutter' } }]);
      ed.revealLinesInCenterIfOutsideViewport(startLine, endLine);
      ed.setSelection(new m.Range(startLine, 1, startLine, 1));
    };

    const unsubReveal = useAppStore.subscribe((s, prev) => {
      if (s.highlight && s.highlight !== prev.highlight) {
        reveal(s.highlight.startLine, s.highlight.endLine);
      } else if (s.revealToken !== prev.revealToken && s.selection) {
        const o = useAnalysisStore.getState().objects.find(s.selection);
        if (o && o.range.file === EDITOR_FILE) reveal(o.range.startLine, o.range.endLine);
      }
    });

    const sub2 = ed.onDidChangeCursorPosition((e) => {
      if ((e.source !== 'mouse' && e.source !== 'keyboard') || large.loading) return;
      const o = useAnalysisStore.getState().objects.atLine(e.position.lineNumber);
      const st = useAppStore.getState();
      if (o && o.key !== st.selection) st.select(o.key, false);
    });

    if (initialBulk) void large.load('', initial, 0, false);

    return () => {
      large.dispose();
      subFocus.dispose();
      subBlur.dispose();
      subKeys.dispose();
      sub1.dispose();
      sub2.dispose();
      unsubText();
      unsubMarkers();
      unsubReveal();
      ed.dispose();
      editorInstance = null;
    };
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'podpath-dark' : 'podpath-light');
  }, [theme]);

  const load = async (picked: PickedFile[]) => {
    if (picked.length === 0) return;
    const { files, reports, problems } = await readPicked(picked);
    if (files.length === 0) {
      useAppStore.getState().setNotice(problems.length ? problems.join(' · ') : 'Only .yaml, .yml and .json files, folders of them and .tar, .tar.gz, .tgz, .zip archives can be opened.');
      return;
    }
    const loose = files.filter((f) => !reports.some((r) => f.name.startsWith(r.source + '/'))).map((f) => f.name);
    const what = [...reports.map((r) => r.summary), ...(loose.length ? [`Loaded ${loose.join(', ')}`] : [])].join(' · ');
    // replaceText: the analysis starts at once; a large text is loaded into the editor in slices.
    useAppStore.getState().replaceText(combineFiles(files), { scenarioId: null, selection: null, notice: `${what}${problems.length ? ` · ${problems.join(' · ')}` : ''} — Ctrl+Z brings back the previous text.` });
  };

  return (
    <div className="pp-editor-pane">
      <div className="pp-pane-header">
        <span className="pp-pane-title">Manifests</span>
        <span className="pp-hint" title={large ? 'Large input: YAML highlighting, folding and schema checks are off in the editor to keep it responsive; podpath still analyses everything.' : undefined}>
          {progress ? 'read-only until the text is in' : large ? 'large input: highlighting, folding and schema checks off' : 'paste, drop or open .yaml / .json, a folder or a must-gather archive'}
        </span>
        <button type="button" className="pp-btn pp-btn-small" onClick={() => fileInput.current?.click()} title="Open .yaml/.json files or a must-gather archive (.tar, .tar.gz, .tgz, .zip)">
          Open files…
        </button>
        <button type="button" className="pp-btn pp-btn-small" onClick={() => folderInput.current?.click()} title="Open a folder: a tree of manifests, a must-gather or an oc adm inspect output">
          Open folder…
        </button>
        <input ref={fileInput} type="file" multiple accept=".yaml,.yml,.json,.tar,.tgz,.gz,.zip" hidden data-testid="file-input" onChange={(e) => void load(pickedFromList(e.target.files ?? [])).then(() => (e.target.value = ''))} />
        <input ref={folderInput} type="file" hidden data-testid="folder-input" {...{ webkitdirectory: '' }} onChange={(e) => void load(pickedFromList(e.target.files ?? [])).then(() => (e.target.value = ''))} />
      </div>
      <div
        className={`pp-editor-host${dragging ? ' pp-dragging' : ''}`}
        data-testid="editor-drop"
        onDragOverCapture={(e) => {
          if ([...e.dataTransfer.types].includes('Files')) {
            e.preventDefault();
            e.stopPropagation();
            setDragging(true);
          }
        }}
        onDragLeaveCapture={() => setDragging(false)}
        onDropCapture={(e) => {
          if (e.dataTransfer.files.length === 0 && e.dataTransfer.items.length === 0) return;
          e.preventDefault();
          e.stopPropagation();
          setDragging(false);
          void pickedFromDrop(e.dataTransfer).then(load);
        }}
      >
        <div ref={host} className="pp-monaco" aria-busy={progress ? true : undefined} />
        {progress && (
          <div className="pp-editor-loading" data-testid="editor-loading" role="status" style={LOADING_STYLE}>
            <span>{progressLabel(progress.done, progress.total)}</span>
            <span style={BAR_STYLE}>
              <span style={{ ...FILL_STYLE, width: `${Math.floor((progress.done / Math.max(1, progress.total)) * 100)}%` }} />
            </span>
          </div>
        )}
        {focused && (
          <div className="pp-editor-keyhint" data-testid="editor-keyhint" aria-hidden="true">
            {KEYBOARD_HINT}
          </div>
        )}
        {dragging && <div className="pp-drop-overlay">Drop .yaml / .json files, a folder or a must-gather archive to load them</div>}
      </div>
    </div>
  );
}
