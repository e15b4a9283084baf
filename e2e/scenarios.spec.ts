// Every built-in scenario loads from the picker and its preset trace shows the expected verdict.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { graphNodeIds, openApp, pickScenario, traceVerdict, waitForGraph } from './helpers';

interface Entry {
  id: string;
  title: string;
  expect: { allowed: boolean; verdict?: string; reached?: string };
}

const scenarios = JSON.parse(readFileSync(new URL('../public/examples/index.json', import.meta.url), 'utf8')) as Entry[];

test.describe('scenario gallery', () => {
  for (const s of scenarios) {
    test(`${s.id}: preset trace is ${s.expect.verdict ?? (s.expect.allowed ? 'allowed' : 'denied')}`, async ({ page }) => {
      const watched = await openApp(page);
      await waitForGraph(page);
      await pickScenario(page, s.id);
      const v = await traceVerdict(page);
      expect(v.allowed).toBe(String(s.expect.allowed));
      if (s.expect.verdict) expect(v.verdict).toBe(s.expect.verdict);
      if (s.expect.reached) await expect(page.getByTestId('trace-result')).toContainText(`Lands on ${s.expect.reached}`);
      expect((await graphNodeIds(page)).length).toBeGreaterThan(1);
      await expect(page.getByTestId('hop').first()).toBeVisible();
      expect(watched.errors).toEqual([]);
    });
  }
});
