// Large texts in the editor without blocking the page (issue 6). A whole-cluster dump (12.7 MB, 718k lines)
// applied as one undoable Monaco edit blocks the main thread for over a second. Instead:
// - a capture-phase `paste` listener takes pastes of BULK_THRESHOLD characters and more (single selection)
//   before Monaco sees them, computes the resulting text and puts it in the store at once, so the analysis
//   worker starts parsing immediately (store.replaceText skips the typing debounce);
// - the editor then loads any large text from the store (paste, files, scenario, autosave, undo) in slices:
//   `setValue` of the first slice, then `applyEdits` (no undo entry) appending whole lines, each slice sized to
//   take ~30 ms, with a yield to the page between slices. The editor is read-only meanwhile and reports
//   progress; a newer text cancels the load in progress (only the newest text ends up in the editor);
// - such texts go into a separate plain-text model that Monaco treats as "too large for
//   tokenization" (its large-file mode: the view maps lines 1:1 instead of keeping a projection per line,
//   no tokens, folding, bracket pairs, word highlights or sticky scroll). Monaco decides that once, when a
//   model is created, from its size (> 300k lines), so the model is created with 300,001 empty lines and
//   then emptied: without this the view's per-line bookkeeping alone costs ~3 s of main thread at 10k
//   workloads (718k lines), and YAML tokens/brackets/folding of a 1 MB text still block 100–200 ms at a time.
//   A small text that replaces a large one (undo, a scenario) goes back to the normal YAML model;
// - undo stays honest without Monaco's undo stack (which would hold a copy of both texts and is what made
//   the single edit slow): the text before and after the load are kept, and Ctrl+Z right after the load
//   (or after undoing the typing done since) loads the previous text back; Ctrl+Y / Ctrl+Shift+Z redoes.
import { monaco } from './monaco';
import { BULK_THRESHOLD, FIRST_SLICE, nextSliceSize, normalizeEol, sliceEnd, spliceText } from './bulk';

export interface LoadProgress {
  done: number;
  total: number;
}

export interface LargeTextHooks {
  /** Called before the first slice goes in (switch the language off for huge texts, etc.). */
  beforeLoad(total: number): void;
  /** Called once the whole text is in the editor. */
  afterLoad(total: number): void;
  /** Progress for the UI: null when no load is running. */
  onProgress(p: LoadProgress | null): void;
  /** Replace the store's text (the editor follows through `load`). */
  replaceText(text: string): void;
}

type Intent = 'undo' | 'redo';

const LOADING_MESSAGE: monaco.IMarkdownString = { value: 'The editor is loading a large text; it accepts typing again when the text is all in.' };

/** Texts loaded in slices of at least this many characters go into the large-file model (no YAML highlighting
 *  or checks); smaller ones into the YAML model. */
export const HUGE_TEXT = BULK_THRESHOLD;
/** Editor features that scan or send the whole text, off while the large-file model is shown (bracket pairs
 *  are parsed for texts up to 5 MB, i.e. during the first slices; word suggestions, links and the default
 *  colour decorators scan the whole model in Monaco's editor worker, which competes with the analysis worker
 *  for the second core). Folding, word highlights and tokens are off by Monaco itself there. Unicode
 *  highlighting stays on: a look-alike character in a label is exactly what a support engineer must see. */
const LARGE_FILE_OPTIONS: monaco.editor.IEditorOptions & monaco.editor.IGlobalEditorOptions = {
  bracketPairColorization: { enabled: false },
  matchBrackets: 'never',
  guides: { bracketPairs: false, indentation: false },
  wordBasedSuggestions: 'off',
  quickSuggestions: false,
  links: false,
  occurrencesHighlight: 'off',
  selectionHighlight: false,
  folding: false,
  colorDecorators: false,
};
/** What the YAML model has (Monaco's defaults, and Editor.tsx's quick suggestions). */
const NORMAL_OPTIONS: monaco.editor.IEditorOptions & monaco.editor.IGlobalEditorOptions = {
  bracketPairColorization: { enabled: true },
  matchBrackets: 'always',
  guides: { bracketPairs: false, indentation: true },
  wordBasedSuggestions: 'currentDocument',
  quickSuggestions: { other: true, comments: false, strings: true },
  links: true,
  occurrencesHighlight: 'singleFile',
  selectionHighlight: true,
  folding: true,
  colorDecorators: true,
};

/** Monaco's TextModel.LARGE_FILE_LINE_COUNT_THRESHOLD is 300k lines: a model created with more is in large-file mode. */
const LARGE_FILE_LINES = 300_001;

/** A large replacement that Ctrl+Z / Ctrl+Y can walk: which side the editor shows, at which model version. */
interface Transition {
  before: string;
  after: string;
  showing: 'before' | 'after';
  /** The model and its alternative version id when the side was loaded (undo of later typing returns to it). */
  model: monaco.editor.ITextModel;
  version: number;
}

/** Lets the page run (input, paint, worker messages) between slices: a macrotask without setTimeout's 4 ms clamp. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

export class LargeTextController {
  private token = 0;
  private loadingBefore: string | null = null;
  private progress: LoadProgress | null = null;
  private intent: Intent | null = null;
  private transition: Transition | null = null;
  private readonly canUndo: monaco.editor.IContextKey<boolean>;
  private readonly canRedo: monaco.editor.IContextKey<boolean>;
  private readonly disposables: monaco.IDisposable[] = [];
  private readonly removePaste: () => void;
  private readOnlyBefore: Pick<monaco.editor.IEditorOptions, 'readOnly' | 'readOnlyMessage'> = {};
  /** The editor is read-only because of a load (a cancelled load leaves it to the next one to undo). */
  private readOnlyApplied = false;

  private huge: monaco.editor.ITextModel | null = null;
  /** LARGE_FILE_OPTIONS are applied to the editor. */
  private largeOptions = false;

  constructor(
    private readonly ed: monaco.editor.IStandaloneCodeEditor,
    /** The YAML model (highlighting, schema checks), used for texts below HUGE_TEXT. */
    private readonly normal: monaco.editor.ITextModel,
    private readonly hooks: LargeTextHooks,
  ) {
    this.canUndo = ed.createContextKey<boolean>('podpathLargeUndo', false);
    this.canRedo = ed.createContextKey<boolean>('podpathLargeRedo', false);
    // Editor-scoped keybindings win over Monaco's own undo/redo while their context key is true.
    const { KeyMod, KeyCode } = monaco;
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, () => this.step('undo'), 'podpathLargeUndo');
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, () => this.step('redo'), 'podpathLargeRedo');
    ed.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, () => this.step('redo'), 'podpathLargeRedo');
    // After the event: the editor reports an undo before the model restores its alternative version id.
    this.disposables.push(ed.onDidChangeModelContent(() => queueMicrotask(() => this.updateKeys())));

    const node = ed.getDomNode();
    const onPaste = (e: ClipboardEvent) => this.onPaste(e);
    node?.addEventListener('paste', onPaste, true);
    this.removePaste = () => node?.removeEventListener('paste', onPaste, true);
  }

  /** True while a text is being loaded in slices (the model holds a prefix of it). */
  get loading(): boolean {
    return this.progress !== null;
  }

  /** Whether moving the editor from `from` to `to` should go through the sliced loader. */
  static handles(from: string, to: string): boolean {
    return Math.max(from.length, to.length) >= BULK_THRESHOLD;
  }

  /** The next text the editor gets is an undo/redo of a large replacement (it must come here). */
  get stepping(): boolean {
    return this.intent !== null;
  }

  /** The model the editor shows. */
  get model(): monaco.editor.ITextModel {
    return this.ed.getModel() ?? this.normal;
  }

  /** Whether the editor shows the large-file model (plain text, no YAML features). */
  get inLargeFileMode(): boolean {
    return this.huge !== null && this.ed.getModel() === this.huge;
  }

  dispose(): void {
    this.token++;
    this.removePaste();
    for (const d of this.disposables) d.dispose();
    this.dropHuge();
  }

  /** The model a text of this length goes into, emptied and shown in the editor. */
  private async targetModel(length: number, my: number): Promise<monaco.editor.ITextModel | null> {
    // Each step costs 20–40 ms on the 2-core machine: one task each, so none adds up to a long task.
    const next = async () => {
      await yieldToPage();
      return my === this.token;
    };
    if (length < HUGE_TEXT) {
      if (this.ed.getModel() !== this.normal) this.ed.setModel(this.normal);
      if (this.largeOptions) this.ed.updateOptions(NORMAL_OPTIONS);
      this.largeOptions = false;
      this.dropHuge();
      return this.normal;
    }
    if (!this.huge) {
      this.huge = monaco.editor.createModel('\n'.repeat(LARGE_FILE_LINES), 'plaintext', monaco.Uri.parse('inmemory://podpath/manifests-large.txt'));
      this.huge.setEOL(monaco.editor.EndOfLineSequence.LF);
      // Bracket-pair colouring is a model option (the editor option only seeds new models): it would parse
      // the first 5 MB for brackets on every render while the slices come in.
      this.huge.updateOptions({ bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false } });
      this.huge.setValue('');
      if (!(await next())) return null;
    }
    if (this.ed.getModel() !== this.huge) {
      this.ed.updateOptions(LARGE_FILE_OPTIONS);
      this.largeOptions = true;
      if (!(await next()) || !this.huge) return null;
      this.ed.setModel(this.huge);
      if (!(await next())) return null;
      // The YAML model is out of sight: empty it so its worker does not validate a stale text.
      this.normal.setValue('');
    }
    return this.huge;
  }

  private dropHuge(): void {
    const h = this.huge;
    this.huge = null;
    if (!h) return;
    // setValue first: with an undo history, disposing a file model makes Monaco hash its whole text.
    h.setValue('');
    h.dispose();
  }

  /**
   * Loads `text` into the editor in slices (the editor showed, or was loading, `from`). Resolves true when the
   * whole text is in, false when a newer load replaced it. `cursorOffset`: where the cursor goes afterwards;
   * `undoable: false` for the text the editor starts with (nothing to go back to).
   */
  async load(from: string, text: string, cursorOffset?: number, undoable = true): Promise<boolean> {
    const my = ++this.token;
    const intent = this.intent;
    this.intent = null;
    // A load replacing an unfinished one: the text the user last saw whole is still the one to undo to.
    const before = this.loadingBefore ?? from;
    this.loadingBefore = intent ? null : before;
    this.setKeys(false, false);
    // Read-only from the paste event on, so no keystroke lands in a text about to be replaced (~2 ms).
    if (!this.readOnlyApplied) {
      const raw = this.ed.getRawOptions();
      this.readOnlyBefore = { readOnly: raw.readOnly ?? false, readOnlyMessage: raw.readOnlyMessage };
      this.ed.updateOptions({ readOnly: true, readOnlyMessage: LOADING_MESSAGE });
      this.readOnlyApplied = true;
    }
    // From here the editor's content changes are not the user's (Editor.tsx ignores them while `loading`).
    this.report({ done: 0, total: text.length });
    this.hooks.beforeLoad(text.length);
    // Let the task that set the text (the paste event) end first: it also scheduled the analysis request (a
    // 0 ms timer, run before this one), so the worker starts parsing before the editor does anything.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (my !== this.token) return false;

    const model = await this.targetModel(text.length, my);
    if (!model) return false;
    await yieldToPage();
    if (my !== this.token) return false;
    let at = 0;
    let size = FIRST_SLICE;
    while (at < text.length || at === 0) {
      const end = sliceEnd(text, at, size);
      const t0 = performance.now();
      if (at === 0) {
        // setValue drops the old text and Monaco's undo stack in one cheap step (no copy of the old text).
        model.setValue(text.slice(0, end));
      } else {
        const line = model.getLineCount();
        const col = model.getLineMaxColumn(line);
        model.applyEdits([{ range: new monaco.Range(line, col, line, col), text: text.slice(at, end) }]);
      }
      size = nextSliceSize(end - at, performance.now() - t0);
      at = end;
      if (at >= text.length) break;
      this.report({ done: at, total: text.length });
      await yieldToPage();
      if (my !== this.token) return false;
    }

    this.loadingBefore = null;
    this.report(null);
    // Unless someone else made the editor read-only meanwhile (the embed mode does, after mounting).
    if (this.readOnlyApplied && this.ed.getRawOptions().readOnlyMessage?.value === LOADING_MESSAGE.value) this.ed.updateOptions(this.readOnlyBefore);
    this.readOnlyApplied = false;
    const pos = model.getPositionAt(cursorOffset ?? 0);
    this.ed.setPosition(pos);
    this.ed.revealPosition(pos);
    const version = model.getAlternativeVersionId();
    if (intent === 'undo' && this.transition) this.transition = { ...this.transition, showing: 'before', model, version };
    else if (intent === 'redo' && this.transition) this.transition = { ...this.transition, showing: 'after', model, version };
    else this.transition = before === text || !undoable ? null : { before, after: text, showing: 'after', model, version };
    this.updateKeys();
    this.hooks.afterLoad(text.length);
    return true;
  }

  private report(p: LoadProgress | null): void {
    this.progress = p;
    this.hooks.onProgress(p);
  }

  private setKeys(undo: boolean, redo: boolean): void {
    this.canUndo.set(undo);
    this.canRedo.set(redo);
  }

  private updateKeys(): void {
    const t = this.transition;
    if (this.loading || !t) return this.setKeys(false, false);
    const here = this.ed.getModel() === t.model && t.model.getAlternativeVersionId() === t.version;
    this.setKeys(here && t.showing === 'after', here && t.showing === 'before');
  }

  /** Ctrl+Z / Ctrl+Y at a large transition: put the other side in the store; the editor loads it. */
  private step(kind: Intent): void {
    const t = this.transition;
    if (!t || this.loading) return;
    this.intent = kind;
    this.hooks.replaceText(kind === 'undo' ? t.before : t.after);
  }

  private onPaste(e: ClipboardEvent): void {
    const raw = e.clipboardData?.getData('text/plain');
    if (!raw || raw.length < BULK_THRESHOLD) return; // small pastes: Monaco's own (refused while loading: read-only)
    if (!this.loading && this.ed.getOption(monaco.editor.EditorOption.readOnly)) return; // embed: read-only
    const selections = this.ed.getSelections() ?? [];
    if (!this.loading && selections.length !== 1) return; // multi-cursor paste: Monaco distributes it
    e.preventDefault();
    e.stopImmediatePropagation();
    const pasted = normalizeEol(raw);
    if (this.loading) {
      // The editor holds only part of the text being loaded: a second large paste replaces it all.
      this.pendingCursor = pasted.length;
      this.hooks.replaceText(pasted);
      return;
    }
    const sel = selections[0];
    const model = this.model;
    const start = model.getOffsetAt(sel.getStartPosition());
    const end = model.getOffsetAt(sel.getEndPosition());
    const whole = start === 0 && end === model.getValueLength();
    this.pendingCursor = start + pasted.length;
    // Drop a whole-text selection now: drawing it over the old text costs a frame of ~60 ms for nothing.
    this.ed.setPosition(sel.getStartPosition());
    this.hooks.replaceText(whole ? pasted : spliceText(model.getValue(), start, end, pasted));
  }

  /** Where the cursor should go after the next load (after the pasted text, as Monaco's paste does). */
  pendingCursor: number | undefined;

  /** Takes the pending cursor offset (once). */
  takeCursor(): number | undefined {
    const c = this.pendingCursor;
    this.pendingCursor = undefined;
    return c;
  }
}
