// Reads the output of `npm test` and prints one closing line, "N passed, N failed[, N skipped]", adding up
// Vitest's "Tests  ..." line and Playwright's "N passed / N failed / N skipped" lines.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = text.match(/^\s*Tests\s+(.*)$/m);
if (vitest) {
  passed += Number(vitest[1].match(/(\d+) passed/)?.[1] ?? 0);
  failed += Number(vitest[1].match(/(\d+) failed/)?.[1] ?? 0);
  skipped += Number(vitest[1].match(/(\d+) skipped/)?.[1] ?? 0);
}
// Playwright's list reporter ends with lines like "  12 passed (40.1s)", "  1 failed", "  2 skipped".
const pwStart = text.search(/^Running \d+ tests? using/m);
if (pwStart >= 0) {
  const pw = text.slice(pwStart);
  passed += Number(pw.match(/^\s+(\d+) passed/m)?.[1] ?? 0);
  failed += Number(pw.match(/^\s+(\d+) failed/m)?.[1] ?? 0);
  skipped += Number(pw.match(/^\s+(\d+) skipped/m)?.[1] ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
