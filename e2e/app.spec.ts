// The app loads its default scenario in Chromium: editor, graph and the preset trace, no console errors.
import { expect, test } from '@playwright/test';
import { openApp, waitForGraph, graphNodeIds } from './helpers';

test('loads the default scenario with no console errors', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  const ids = await graphNodeIds(page);
  expect(ids.some((id) => id.startsWith('Service/'))).toBe(true);
  await expect(page.getByTestId('scenario-picker')).not.toHaveValue('');
  await expect(page.getByTestId('trace-result')).toBeVisible();
  await expect(page.getByTestId('hop').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/default.png' });
  expect(watched.errors).toEqual([]);
});
