// Typing and the verdict (issue 6), as behaviour rather than timings: a keystroke in a small input is
// analysed at once (no debounce), the trace is answered before the graph and findings of the same
// keystroke, the verdict shown always belongs to the newest text after a burst of typing, and an edit
// that leaves the topology alone does not replace the graph (nothing for the main thread to redraw).
import { expect, test, type Page } from '@playwright/test';
import { editorText, openApp, pickScenario, selectInEditor, traceVerdict, waitForGraph } from './helpers';

const SCENARIO = 'lumi-k-route-targetport-503';

/** Records, from now on, every analysis store update that bumps the version or flips `busy`: which of
 *  trace / graph / findings it replaced, and whether the analysis was still busy after it. */
async function recordUpdates(page: Page): Promise<void> {
  await page.evaluate(() => {
    type S = { trace: unknown; graph: unknown; findings: unknown; busy: boolean; version: number };
    const w = window as unknown as { podpath: { analysis: { subscribe(f: (s: S, p: S) => void): () => void } }; __ppUpdates?: { trace: boolean; graph: boolean; findings: boolean; busy: boolean }[]; __ppStop?: () => void };
    w.__ppStop?.();
    w.__ppUpdates = [];
    w.__ppStop = w.podpath.analysis.subscribe((s, p) => {
      if (s.version === p.version && s.busy === p.busy) return;
      w.__ppUpdates!.push({ trace: s.trace !== p.trace, graph: s.graph !== p.graph, findings: s.findings !== p.findings, busy: s.busy });
    });
  });
}

async function updates(page: Page): Promise<{ trace: boolean; graph: boolean; findings: boolean; busy: boolean }[]> {
  return page.evaluate(() => (window as unknown as { __ppUpdates: { trace: boolean; graph: boolean; findings: boolean; busy: boolean }[] }).__ppUpdates);
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, SCENARIO);
});

test('the verdict of a keystroke comes first, on its own, before its graph', async ({ page }) => {
  expect((await traceVerdict(page)).allowed).toBe('false');
  await selectInEditor(page, '80', 'port:\n    targetPort: 80');
  await page.keyboard.type('8080');
  await expect.poll(async () => (await traceVerdict(page)).allowed).toBe('true');

  // One keystroke that changes the Route's targetPort (and so the graph's backend label and the verdict).
  await recordUpdates(page);
  await page.keyboard.press('Backspace');
  await expect.poll(async () => (await traceVerdict(page)).allowed).toBe('false');
  const seen = await updates(page);
  const firstTrace = seen.findIndex((u) => u.trace);
  const firstGraph = seen.findIndex((u) => u.graph);
  expect(firstTrace).toBeGreaterThanOrEqual(0);
  // The update that brought the verdict brought nothing else; the graph followed in a later one.
  expect(seen[firstTrace]).toMatchObject({ graph: false, findings: false, busy: true });
  expect(firstGraph).toBeGreaterThan(firstTrace);
  expect(seen[seen.length - 1].busy).toBe(false);
});

test('after a burst of typing the verdict shown is the one for the final text', async ({ page }) => {
  expect((await traceVerdict(page)).allowed).toBe('false');
  await selectInEditor(page, '80', 'port:\n    targetPort: 80');
  // Fix, break, fix, break: no pause between keys, so requests overtake each other in the worker.
  for (const burst of ['8080', 'Backspace*4', '80', 'Backspace*2', '8080', 'Backspace*3']) {
    if (burst.startsWith('Backspace')) for (let i = Number(burst.slice(10)); i > 0; i--) await page.keyboard.press('Backspace');
    else await page.keyboard.type(burst);
  }
  // The text now reads `targetPort: 8` (the last burst removed "080"): no endpoint port 8, denied.
  expect(await editorText(page)).toContain('targetPort: 8\n');
  expect((await traceVerdict(page)).allowed).toBe('false');
  await page.keyboard.type('080');
  expect((await traceVerdict(page)).allowed).toBe('true');
  await expect(page.getByTestId('trace-result')).not.toHaveClass(/pp-stale/);
  // The store says the verdict on screen is the newest text's (false while a newer request is out).
  expect(await page.evaluate(() => (window as unknown as { podpath: { analysis: { getState(): { verdictCurrent: boolean } } } }).podpath.analysis.getState().verdictCurrent)).toBe(true);
});

test('typing a comment re-answers the trace but replaces neither graph nor verdict (nothing to redraw)', async ({ page }) => {
  const verdict = await traceVerdict(page);
  await page.evaluate(() => {
    const w = window as unknown as { __ppShown?: unknown[]; podpath: { analysis: { getState(): { graph: unknown; trace: unknown; version: number } }; editor(): { getModel(): { getLineCount(): number; getLineMaxColumn(l: number): number }; setPosition(p: unknown): void; focus(): void } } };
    const a = w.podpath.analysis.getState();
    w.__ppShown = [a.graph, a.trace, a.version];
    const ed = w.podpath.editor();
    const m = ed.getModel();
    ed.setPosition({ lineNumber: m.getLineCount(), column: m.getLineMaxColumn(m.getLineCount()) });
    ed.focus();
  });
  await recordUpdates(page);
  await page.keyboard.type('\n# a note');
  // Every keystroke was answered (the last request is done) ...
  await expect.poll(async () => (await updates(page)).some((u) => u.busy) && !(await updates(page)).at(-1)?.busy).toBe(true);
  expect(await traceVerdict(page)).toEqual(verdict);
  // ... and nothing on screen was replaced: same graph and trace objects, no new version to render.
  const same = await page.evaluate(() => {
    const w = window as unknown as { __ppShown: unknown[]; podpath: { analysis: { getState(): { graph: unknown; trace: unknown; version: number } } } };
    const a = w.podpath.analysis.getState();
    return [a.graph === w.__ppShown[0], a.trace === w.__ppShown[1], a.version === w.__ppShown[2]];
  });
  expect(same).toEqual([true, true, true]);
});
