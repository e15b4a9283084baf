// The controls around the panes: profile picker re-analyses, the keyboard reaches tabs and the graph,
// the theme switch, and the panes resize (by mouse and keyboard).
import { expect, test } from '@playwright/test';
import { openApp, pickScenario, storeState, traceVerdict, waitForGraph } from './helpers';

test('switching the profile re-analyses: without LUMI-K defaults the cross-namespace call is allowed', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'lumi-k-cross-namespace');
  expect((await traceVerdict(page)).allowed).toBe('false');
  await page.getByTestId('profile-picker').selectOption('kubernetes');
  await expect.poll(async () => (await traceVerdict(page)).allowed).toBe('true');
  expect(watched.errors).toEqual([]);
});

test('keyboard: tabs with arrow keys, graph filter + Enter selects a node, gutters resize', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await page.getByRole('tab', { name: 'Trace' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Findings/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Details' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Details' })).toBeFocused();

  await page.getByTestId('graph-filter').fill('kind=nothing-matches-this');
  await page.getByTestId('graph-filter').fill('Service');
  await page.getByTestId('graph-filter').press('Enter');
  await expect.poll(() => storeState<string>(page, 'selection')).toMatch(/^Service\//);
  await expect(page.getByTestId('details')).toContainText('Service');
  const faded = await page.evaluate(() => (window as unknown as { __podpathCy: { $(s: string): { length: number } } }).__podpathCy.$('node.faded').length);
  expect(faded).toBeGreaterThan(0);
  await page.getByTestId('graph-filter').press('Escape');
  await expect(page.getByTestId('graph-filter')).toHaveValue('');

  // The graph itself: focus it, move between nodes with the arrows, Enter opens details, Escape clears.
  await page.getByTestId('graph').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => storeState<string | null>(page, 'selection')).not.toBeNull();
  const first = await storeState<string>(page, 'selection');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => storeState<string | null>(page, 'selection')).not.toBe(first);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Details' })).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('graph').focus();
  await page.keyboard.press('Escape');
  await expect.poll(() => storeState<string | null>(page, 'selection')).toBeNull();

  const gutter = page.getByRole('separator').first();
  const before = await gutter.getAttribute('aria-valuenow');
  await gutter.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(gutter).not.toHaveAttribute('aria-valuenow', before ?? '');
});

test('the theme switch changes the page and the editor, and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page);
  await waitForGraph(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs-dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('a finding jumps to its line in the editor', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'route-ip-allowlist-malformed');
  await page.getByRole('tab', { name: /Findings/ }).click();
  const finding = page.getByTestId('findings').locator('li').first();
  await expect(finding).toContainText('allowlist');
  await finding.locator('.pp-finding-main').click();
  await expect(page.locator('.monaco-editor .pp-line-highlight').first()).toBeVisible();
  const highlighted = page.locator('.monaco-editor .view-line').filter({ hasText: 'ip_allowlist' });
  await expect(highlighted.first()).toBeVisible();
});
