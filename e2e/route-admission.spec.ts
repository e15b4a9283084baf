// A real `oc get all,route -o yaml` dump pasted into a fresh app: a wildcard Route the default
// IngressController refuses and an edge Route whose certificate has no key are shown as denied, with the
// platform's reason (RouteNotAdmitted / ExtendedValidationFailed), the field and a fix; lint lists both.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { editorText, openApp, pasteText, setQuery, shotPath, storeState, traceVerdict, waitForGraph } from './helpers';

const dump = readFileSync('src-core/analyze/edge/fixtures/dump-routes.yaml', 'utf8');

test('a pasted dump: rejected routes are denied with the router\'s reason', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('profile-picker').selectOption('openshift');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+a');
  await pasteText(page, dump);
  await expect.poll(() => editorText(page)).toBe(dump);
  expect(await storeState<string>(page, 'profile')).toBe('openshift');

  await setQuery(page, { from: 'internet', to: 'http://any.shop.apps.example.com/' });
  expect(await traceVerdict(page)).toMatchObject({ allowed: 'false', verdict: 'denied' });
  const hop = page.getByTestId('hop').filter({ hasText: 'RouteNotAdmitted' }).first();
  await expect(hop).toBeVisible();
  await expect(hop).toHaveAttribute('data-verdict', 'denied');
  await expect(hop).toContainText('wildcard routes are not allowed');
  await expect(page.getByTestId('fix').first()).toContainText('WildcardsAllowed');
  await page.screenshot({ path: shotPath('route-not-admitted.png') });

  await setQuery(page, { from: 'internet', to: 'https://secure.shop.apps.example.com/' });
  expect(await traceVerdict(page)).toMatchObject({ allowed: 'false' });
  await expect(page.getByTestId('hop').filter({ hasText: 'ExtendedValidationFailed' }).first()).toContainText('no key specified');

  await setQuery(page, { from: 'internet', to: 'http://shop.apps.example.com/' });
  expect(await traceVerdict(page)).toMatchObject({ allowed: 'true' });
  expect(watched.errors).toEqual([]);
});
