// Helpers for the share/embed/security browser tests (kept apart from helpers.ts so these tests do not
// depend on the app tests' helpers while those change): open the app with clean storage, wait for the
// analysis, drive the store.
import { expect, type Page } from '@playwright/test';

type StoreHandle = { getState(): Record<string, unknown> & Record<string, (...a: unknown[]) => void> };

/** Opens `path` with empty localStorage; records page errors and console errors. */
export async function openClean(page: Page, path = './'): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    try {
      if (!sessionStorage.getItem('pp-share-test-cleared')) {
        localStorage.clear();
        sessionStorage.setItem('pp-share-test-cleared', '1');
      }
    } catch {
      /* about:blank and opaque origins have no storage */
    }
  });
  await page.goto(path);
  return errors;
}

/** The graph shows nodes and no analysis is pending. */
export async function waitForGraph(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const cy = (window as unknown as { __podpathCy?: { nodes(): { length: number } } }).__podpathCy;
    return !!cy && cy.nodes().length > 0;
  });
  await page.waitForFunction(() => !document.querySelector('.pp-busy-on'));
}

export async function storeState<T>(page: Page, key: string): Promise<T> {
  return page.evaluate((k) => (window as unknown as { podpath: { store: StoreHandle } }).podpath.store.getState()[k], key) as Promise<T>;
}

/** Calls a store action, e.g. act(page, 'setProfile', 'openshift'). */
export async function act(page: Page, action: string, ...args: unknown[]): Promise<void> {
  await page.evaluate(
    ({ action, args }) => {
      const st = (window as unknown as { podpath: { store: StoreHandle } }).podpath.store.getState();
      (st[action] as (...a: unknown[]) => void)(...args);
    },
    { action, args },
  );
}

export async function setText(page: Page, text: string): Promise<void> {
  await act(page, 'loadState', { text, scenarioId: null });
}

export async function setQuery(page: Page, q: { from: string; to: string; port?: number }): Promise<void> {
  await act(page, 'setTraceQuery', { ...q, protocol: 'TCP' });
}

export async function expectEditor(page: Page): Promise<void> {
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
}

/** Clicks into the editor until Monaco has the focus, so that keys go to its text and not to the page (right
 *  after a megabyte text the first click can land while the editor is still settling, and Ctrl+A then selects
 *  the whole page). */
export async function focusEditor(page: Page): Promise<void> {
  await expect(async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await expect(page.locator('.monaco-editor.focused').first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}
