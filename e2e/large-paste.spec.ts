// Large pastes (issue 6): a whole-cluster dump pasted into the editor is taken before Monaco, analysed at once
// and loaded into the editor in slices: read-only with a progress banner meanwhile, the exact text at the end,
// the graph drawn, Ctrl+Z / Ctrl+Y walk the replacement, a second paste during the load wins, and the text
// survives a reload (autosaved to IndexedDB). Behaviour only: no timed assertions (see docs/performance.md).
import { expect, test, type Page } from '@playwright/test';
import { generateCluster } from '../src-core/cli/bench/generate';
import { openApp, shotPath, storeState, waitForGraph } from './helpers';

test.describe.configure({ timeout: 120_000 });

/** 3,000 workloads: ~3.8 MB. */
const BIG = generateCluster(3000);
/** 1,000 workloads: ~1.3 MB. Both are above the 512 kB from which pastes are loaded in slices (plain text). */
const MID = generateCluster(1000);

interface PasteSnapshot {
  readOnly: boolean;
  lengthNow: number;
}

type Win = {
  podpath: {
    editor(): {
      focus(): void;
      getValue(): string;
      getRawOptions(): { readOnly?: boolean };
      getModel(): { getFullModelRange(): unknown; getValueLength(): number; getLineCount(): number; getLineContent(n: number): string; getLanguageId(): string; getValue(): string };
      setSelection(r: unknown): void;
      setPosition(p: unknown): void;
      trigger(src: string, id: string, args: unknown): void;
    };
    store: { getState(): { text: string } };
    analysis: { getState(): { graph: { nodes: { id: string }[] } | null } };
  };
  __texts: Record<string, string>;
  __loadingSeen: string[];
  /** Every analysis request: the text's length, and how much of it the editor held when it was sent. */
  __analyzed: { length: number; editorLength: number }[];
};

/** Keeps texts in the page (sent once) so comparisons happen there, not by shipping megabytes back. */
async function keep(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(([n, t]) => {
    const w = window as unknown as Win;
    w.__texts = w.__texts ?? {};
    w.__texts[n] = t;
  }, [name, text] as const);
}

/** Records every text the loading banner shows (the load may be over before a locator could look). */
async function watchLoadingBanner(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Win;
    w.__loadingSeen = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="editor-loading"]');
      if (el?.textContent && w.__loadingSeen[w.__loadingSeen.length - 1] !== el.textContent) w.__loadingSeen.push(el.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/**
 * Pastes kept texts as Ctrl+V does (a ClipboardEvent on Monaco's focused input), one after the other in the
 * same task; `whole` selects everything first. Then tries to type. Returns the editor's state right after.
 */
async function paste(page: Page, names: string[], opts: { whole: boolean; typeAfter?: string }): Promise<PasteSnapshot> {
  return page.evaluate(
    ({ names, whole, typeAfter }) => {
      const w = window as unknown as Win;
      const ed = w.podpath.editor();
      ed.focus();
      if (whole) ed.setSelection(ed.getModel().getFullModelRange());
      for (const n of names) {
        const data = new DataTransfer();
        data.setData('text/plain', w.__texts[n]);
        (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }
      if (typeAfter) ed.trigger('keyboard', 'type', { text: typeAfter });
      return { readOnly: ed.getRawOptions().readOnly === true, lengthNow: ed.getModel().getValueLength() };
    },
    { names, ...opts },
  );
}

async function loaded(page: Page): Promise<void> {
  await expect(page.getByTestId('editor-loading')).toHaveCount(0, { timeout: 60_000 });
}

/** Whether the editor and the store hold exactly the kept text `name`. */
async function holds(page: Page, name: string): Promise<{ editor: boolean; store: boolean }> {
  return page.evaluate((n) => {
    const w = window as unknown as Win;
    const want = w.__texts[n];
    return { editor: w.podpath.editor().getValue() === want, store: w.podpath.store.getState().text === want };
  }, name);
}

async function pressInEditor(page: Page, keys: string): Promise<void> {
  await page.evaluate(() => (window as unknown as Win).podpath.editor().focus());
  await page.keyboard.press(keys);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as Win;
    w.__analyzed = [];
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        if (opts?.name !== 'podpath-analysis') return;
        const post = this.postMessage.bind(this) as (m: unknown, t?: Transferable[]) => void;
        this.postMessage = (m: unknown, t?: Transferable[] | StructuredSerializeOptions) => {
          const d = m as { type?: string; text?: string };
          if (d?.type === 'analyze' && typeof d.text === 'string') w.__analyzed.push({ length: d.text.length, editorLength: w.podpath?.editor()?.getModel().getValueLength() ?? -1 });
          post(m, t as Transferable[]);
        };
      }
    } as typeof Worker;
  });
  await openApp(page);
  await waitForGraph(page);
  await keep(page, 'big', BIG.yaml);
  await keep(page, 'mid', MID.yaml);
});

test('a large paste is loaded in slices: read-only with progress, then the exact text, the graph, undo and redo', async ({ page }) => {
  const before = await storeState<string>(page, 'text');
  await keep(page, 'before', before);
  await watchLoadingBanner(page);

  const snap = await paste(page, ['big'], { whole: true, typeAfter: 'TYPED-WHILE-LOADING' });
  // The paste went to the store at once; the editor holds only part of it and refuses typing meanwhile.
  expect(snap.readOnly).toBe(true);
  expect(snap.lengthNow).toBeLessThan(BIG.yaml.length);
  expect(await storeState<string>(page, 'text').then((t) => t.length)).toBe(BIG.yaml.length);
  await page.screenshot({ path: shotPath('large-paste-loading.png') });
  await loaded(page);

  expect(await holds(page, 'big')).toEqual({ editor: true, store: true });
  const lines = BIG.yaml.split('\n');
  const shape = await page.evaluate(() => {
    const m = (window as unknown as Win).podpath.editor().getModel();
    return { count: m.getLineCount(), last: m.getLineContent(m.getLineCount() - 1), language: m.getLanguageId() };
  });
  expect(shape.count).toBe(lines.length);
  expect(shape.last).toBe(lines[lines.length - 2]);
  expect(shape.language).toBe('plaintext');
  const seen = await page.evaluate(() => (window as unknown as Win).__loadingSeen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen[0]).toMatch(/^Loading 3\.\d MB… \d{1,2} %/);
  await expect(page.getByText('large input: highlighting, folding and schema checks off')).toBeVisible();

  // The graph of the pasted cluster (aggregated: one node per namespace).
  await expect
    .poll(() => page.evaluate((ns) => (window as unknown as Win).podpath.analysis.getState().graph?.nodes.some((n) => n.id.includes(ns)) ?? false, BIG.namespaces[BIG.namespaces.length - 1]), { timeout: 60_000 })
    .toBe(true);
  await waitForGraph(page);
  // The worker got the pasted text at once (while the editor still held part of it), and never a partial text.
  const analyzed = await page.evaluate(() => (window as unknown as Win).__analyzed);
  const ofPaste = analyzed.filter((a) => a.length === BIG.yaml.length);
  expect(ofPaste.length).toBeGreaterThan(0);
  expect(ofPaste[0].editorLength).toBeLessThan(BIG.yaml.length);
  expect(analyzed.filter((a) => a.length !== BIG.yaml.length && a.length !== before.length && a.length !== 0)).toEqual([]);

  // Typing works again; Ctrl+Z undoes the typing, then the paste; Ctrl+Y brings the paste back.
  await pressInEditor(page, 'End');
  await page.keyboard.type('#x');
  await expect.poll(() => storeState<string>(page, 'text').then((t) => t.length)).toBe(BIG.yaml.length + 2);
  await pressInEditor(page, 'Control+z');
  await expect.poll(() => holds(page, 'big')).toEqual({ editor: true, store: true });
  await pressInEditor(page, 'Control+z');
  await loaded(page);
  await expect.poll(() => holds(page, 'before')).toEqual({ editor: true, store: true });
  await pressInEditor(page, 'Control+y');
  await expect.poll(() => holds(page, 'big'), { timeout: 30_000 }).toEqual({ editor: true, store: true });
});

test('a second large paste during the load wins, and undo goes back to the text before both', async ({ page }) => {
  await keep(page, 'before', await storeState<string>(page, 'text'));
  const snap = await paste(page, ['big', 'mid'], { whole: true });
  expect(snap.readOnly).toBe(true);
  expect(snap.lengthNow).toBeLessThan(MID.yaml.length);
  await loaded(page);
  expect(await holds(page, 'mid')).toEqual({ editor: true, store: true });
  expect(await page.evaluate(() => (window as unknown as Win).podpath.editor().getModel().getLanguageId())).toBe('plaintext');
  // The graph is the second paste's: the first paste's last namespace never appears.
  await expect
    .poll(() => page.evaluate((ns) => (window as unknown as Win).podpath.analysis.getState().graph?.nodes.some((n) => n.id.includes(ns)) ?? false, MID.namespaces[MID.namespaces.length - 1]), { timeout: 60_000 })
    .toBe(true);
  await waitForGraph(page);
  const hasBigOnly = await page.evaluate((ns) => (window as unknown as Win).podpath.analysis.getState().graph?.nodes.some((n) => n.id.includes(ns)) ?? false, BIG.namespaces[BIG.namespaces.length - 1]);
  expect(hasBigOnly).toBe(false);

  await pressInEditor(page, 'Control+z');
  await loaded(page);
  await expect.poll(() => holds(page, 'before')).toEqual({ editor: true, store: true });
});

test('a large paste at the cursor keeps the text around it; the text survives a reload', async ({ page }) => {
  const before = await storeState<string>(page, 'text');
  // Cursor at the very end: the result is the old text followed by the pasted one.
  await page.evaluate(() => {
    const ed = (window as unknown as Win).podpath.editor();
    const m = ed.getModel();
    ed.setPosition({ lineNumber: m.getLineCount(), column: m.getLineContent(m.getLineCount()).length + 1 });
  });
  await keep(page, 'joined', before + BIG.yaml);
  await paste(page, ['big'], { whole: false });
  await loaded(page);
  expect(await holds(page, 'joined')).toEqual({ editor: true, store: true });

  // Autosave: too large for localStorage, kept in IndexedDB and restored on reload.
  await page.waitForTimeout(2_500); // the autosave of a large text waits 1.5 s after the last change
  await page.reload();
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  await keep(page, 'joined', before + BIG.yaml);
  await loaded(page);
  await expect.poll(() => holds(page, 'joined'), { timeout: 30_000 }).toEqual({ editor: true, store: true });
});

test('a real Ctrl+V of a 1.3 MB dump goes through the same path; undo brings back the YAML editor', async ({ page }) => {
  await keep(page, 'before', await storeState<string>(page, 'text'));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => {
    const w = window as unknown as Win;
    return navigator.clipboard.writeText(w.__texts.mid);
  });
  await page.evaluate(() => {
    const ed = (window as unknown as Win).podpath.editor();
    ed.focus();
    ed.setSelection(ed.getModel().getFullModelRange());
  });
  await watchLoadingBanner(page);
  await page.keyboard.press('Control+v');
  await loaded(page);
  // Taken by the app (sliced load with its banner), not applied by Monaco as one edit.
  await expect.poll(() => page.evaluate(() => (window as unknown as Win).__loadingSeen[0] ?? '')).toMatch(/^Loading 1\.\d MB… \d{1,2} %/);
  await expect.poll(() => holds(page, 'mid'), { timeout: 30_000 }).toEqual({ editor: true, store: true });
  expect(await page.evaluate(() => (window as unknown as Win).podpath.editor().getModel().getLanguageId())).toBe('plaintext');
  await expect
    .poll(() => page.evaluate((ns) => (window as unknown as Win).podpath.analysis.getState().graph?.nodes.some((n) => n.id.includes(ns)) ?? false, MID.namespaces[MID.namespaces.length - 1]), { timeout: 60_000 })
    .toBe(true);
  await pressInEditor(page, 'Control+z');
  await loaded(page);
  await expect.poll(() => holds(page, 'before')).toEqual({ editor: true, store: true });
  expect(await page.evaluate(() => (window as unknown as Win).podpath.editor().getModel().getLanguageId())).toBe('yaml');
  await expect(page.getByText('paste, drop or open .yaml / .json, a folder or a must-gather archive')).toBeVisible();
});

test('opening a large file loads it the same way (sliced, read-only meanwhile), and undo brings the old text back', async ({ page }) => {
  await keep(page, 'before', await storeState<string>(page, 'text'));
  await watchLoadingBanner(page);
  await page.getByTestId('file-input').setInputFiles([{ name: 'cluster.yaml', mimeType: 'application/yaml', buffer: Buffer.from(BIG.yaml) }]);
  await expect.poll(() => page.evaluate(() => (window as unknown as Win).__loadingSeen[0] ?? ''), { timeout: 30_000 }).toMatch(/^Loading 3\.\d MB… \d{1,2} %/);
  await loaded(page);
  await expect.poll(() => holds(page, 'big'), { timeout: 30_000 }).toEqual({ editor: true, store: true });
  await expect(page.getByRole('status').filter({ hasText: 'Loaded cluster.yaml' })).toBeVisible();
  await pressInEditor(page, 'Control+z');
  await loaded(page);
  await expect.poll(() => holds(page, 'before')).toEqual({ editor: true, store: true });
});
