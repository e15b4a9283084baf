// Browser measurements for `npm run bench` (filled in once the app lands): headless Chromium
// (playwright-core + /usr/bin/chromium) against the built app in dist/, served on localhost.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './measure';

export interface BrowserFigures {
  pasteToGraph: number;
  longestTask: number;
  typingToVerdicts: number;
}

export async function measureBrowser(opts: { workloads: number; runs: number; log: (s: string) => void }): Promise<BrowserFigures | { skipped: string }> {
  void opts;
  if (!existsSync(join(REPO, 'dist', 'index.html'))) return { skipped: 'no built app in dist/ (run `npm run build` first).' };
  return { skipped: 'the browser measurement is not wired yet.' };
}

export function browserRows(b: BrowserFigures, columns: number): { label: string; cells: string[]; target: string; ok?: boolean }[] {
  const pad = (v: string) => [...Array(columns - 1).fill(''), v];
  return [
    { label: 'browser: paste → graph shown', cells: pad(`${b.pasteToGraph.toFixed(0)} ms`), target: '≤ 3 s', ok: b.pasteToGraph <= 3000 },
    { label: 'browser: longest main-thread block', cells: pad(`${b.longestTask.toFixed(0)} ms`), target: '≤ 100 ms', ok: b.longestTask <= 100 },
    { label: 'browser: typing → verdicts (300 objects)', cells: pad(`${b.typingToVerdicts.toFixed(0)} ms`), target: '≤ 50 ms', ok: b.typingToVerdicts <= 50 },
  ];
}
