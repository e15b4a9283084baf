// Shared helpers for the app's browser tests: fresh page with console-error capture, waiting for the
// analysis, reading the store, typing into Monaco.
import { expect, type Page } from '@playwright/test';

export interface Watched {
  errors: string[];
}

/** Opens the app with a clean localStorage and records console errors and page errors. */
export async function openApp(page: Page, path = './', keepStorage = false): Promise<Watched> {
  const watched: Watched = { errors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.errors.push(m.text());
  });
  page.on('pageerror', (e) => watched.errors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400) watched.errors.push(`${r.status()} ${r.url()}`);
  });
  if (!keepStorage) {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('pp-test-cleared')) {
        localStorage.clear();
        sessionStorage.setItem('pp-test-cleared', '1');
      }
    });
  }
  await page.goto(path);
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  return watched;
}

/** Waits until the graph shows at least one node and the analysis is idle. */
export async function waitForGraph(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const cy = (window as unknown as { __podpathCy?: { nodes(): { length: number } } }).__podpathCy;
    return !!cy && cy.nodes().length > 0;
  });
  await expect(page.getByTestId('busy')).toHaveText('');
}

export async function storeState<T>(page: Page, pick: string): Promise<T> {
  return page.evaluate((p) => {
    const s = (window as unknown as { podpath: { store: { getState(): Record<string, unknown> } } }).podpath.store.getState();
    return s[p] as T;
  }, pick) as Promise<T>;
}

export async function graphNodeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: { nodes(): { map(f: (n: { id(): string }) => string): string[] } } }).__podpathCy;
    return cy.nodes().map((n) => n.id());
  });
}

export async function graphEdges(page: Page): Promise<{ id: string; label: string; classes: string }[]> {
  return page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: { edges(): { map(f: (e: { id(): string; data(k: string): string; classes(): string[] }) => { id: string; label: string; classes: string }): { id: string; label: string; classes: string }[] } } }).__podpathCy;
    return cy.edges().map((e) => ({ id: e.id(), label: e.data('label') ?? '', classes: e.classes().join(' ') }));
  });
}

/** Sets the editor text through the store (as a paste or scenario would). */
export async function setText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    (window as unknown as { podpath: { store: { getState(): { loadState(p: { text: string; scenarioId: null }): void } } } }).podpath.store.getState().loadState({ text: t, scenarioId: null });
  }, text);
}

export async function setQuery(page: Page, q: { from: string; to: string; port?: number }): Promise<void> {
  await page.evaluate((query) => {
    (window as unknown as { podpath: { store: { getState(): { setTraceQuery(q: unknown): void } } } }).podpath.store.getState().setTraceQuery({ ...query, protocol: 'TCP' });
  }, q);
}

/** Clicks into Monaco at the start of line `line` (1-based). */
export async function clickEditorLine(page: Page, line: number): Promise<void> {
  await page.evaluate((l) => {
    const ed = (window as unknown as { __podpathEditor?: { setPosition(p: unknown): void; revealLine(n: number): void; focus(): void } }).__podpathEditor;
    ed?.revealLine(l);
  }, line);
  const lineEl = page.locator('.monaco-editor .view-lines .view-line').first();
  await lineEl.waitFor();
}

/** Selects the first occurrence of `needle` after `after` in the editor (as a user's drag-select would). */
export async function selectInEditor(page: Page, needle: string, after = ''): Promise<void> {
  await page.evaluate(
    ({ needle, after }) => {
      type Ed = {
        getModel(): { getValue(): string; getPositionAt(o: number): { lineNumber: number; column: number } };
        setSelection(r: unknown): void;
        focus(): void;
        revealLineInCenter(l: number): void;
      };
      const ed = (window as unknown as { podpath: { editor(): Ed } }).podpath.editor();
      const model = ed.getModel();
      const text = model.getValue();
      const from = after ? text.indexOf(after) : 0;
      const at = text.indexOf(needle, from < 0 ? 0 : from);
      if (at < 0) throw new Error(`"${needle}" not in the editor`);
      const s = model.getPositionAt(at);
      const e = model.getPositionAt(at + needle.length);
      ed.setSelection({ startLineNumber: s.lineNumber, startColumn: s.column, endLineNumber: e.lineNumber, endColumn: e.column });
      ed.revealLineInCenter(s.lineNumber);
      ed.focus();
    },
    { needle, after },
  );
}

export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { podpath: { editor(): { getValue(): string } } }).podpath.editor().getValue());
}

/** The trace result's verdict once the analysis is idle. */
export async function traceVerdict(page: Page): Promise<{ allowed: string | null; verdict: string | null }> {
  await expect(page.getByTestId('busy')).toHaveText('');
  const r = page.getByTestId('trace-result');
  await expect(r).toBeVisible();
  return { allowed: await r.getAttribute('data-allowed'), verdict: await r.getAttribute('data-verdict') };
}

export async function pickScenario(page: Page, id: string): Promise<void> {
  await page.getByTestId('scenario-picker').selectOption(id);
  await expect.poll(() => storeState<string>(page, 'scenarioId')).toBe(id);
  await expect(page.getByTestId('busy')).toHaveText('');
}

/** Pastes text at the cursor through the clipboard, as a user's Ctrl+V would. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+v');
}

/** Clicks with the mouse on `needle` (the first one after `after`) in the editor. */
export async function clickInEditor(page: Page, needle: string, after = ''): Promise<void> {
  const point = await page.evaluate(
    ({ needle, after }) => {
      type Ed = {
        getModel(): { getValue(): string; getPositionAt(o: number): { lineNumber: number; column: number } };
        revealLineInCenter(l: number): void;
        getScrolledVisiblePosition(p: unknown): { top: number; left: number; height: number } | null;
        getDomNode(): HTMLElement;
      };
      const ed = (window as unknown as { podpath: { editor(): Ed } }).podpath.editor();
      const text = ed.getModel().getValue();
      const at = text.indexOf(needle, Math.max(0, after ? text.indexOf(after) : 0));
      const pos = ed.getModel().getPositionAt(at + 1);
      ed.revealLineInCenter(pos.lineNumber);
      const vis = ed.getScrolledVisiblePosition(pos)!;
      const box = ed.getDomNode().getBoundingClientRect();
      return { x: box.left + vis.left + 2, y: box.top + vis.top + vis.height / 2 };
    },
    { needle, after },
  );
  await page.mouse.click(point.x, point.y);
}

/** Where a screenshot goes: docs/screenshots/ when PODPATH_UPDATE_SCREENSHOTS=1 (to refresh the README's
 *  pictures on purpose), else test-results/screens/ so a test run leaves the tree clean. */
export function shotPath(name: string): string {
  return process.env.PODPATH_UPDATE_SCREENSHOTS ? `docs/screenshots/${name}` : `test-results/screens/${name}`;
}
