// The one sanitiser (issue 16): bidi overrides/isolates and control characters are shown escaped wherever
// manifest text is shown — the app's panels and graph, the SVG/Markdown/text exports and the CLI use it.
import { describe, expect, it } from 'vitest';
import { displayText, neutralize, neutralizeLine } from './untrusted';
import { oneLine } from './export/common';
import { clean } from './cli/format';

const EVIL = 'invoice\u202Etxt.exe \u2066x\u2069 \u001b[31mred\u0000';

describe('neutralize', () => {
  it('shows bidi and control characters as escapes, keeps line breaks and ordinary text', () => {
    expect(neutralize(EVIL)).toBe('invoice\\u{202e}txt.exe \\u{2066}x\\u{2069} \\u{1b}[31mred\\u{0}');
    expect(neutralize('a\nb\tc é 名前')).toBe('a\nb\tc é 名前');
    expect(neutralizeLine('a\r\nb')).toBe('a b');
  });

  it('is the sanitiser of the exports and the CLI', () => {
    expect(oneLine(EVIL)).toBe(neutralizeLine(EVIL));
    expect(clean(EVIL)).toBe(neutralize(EVIL));
  });

  it('cuts long names in the middle, neutralised, within the limit', () => {
    const long = 'a'.repeat(5000) + '\u202E' + 'z'.repeat(5000);
    const shown = displayText(long, 120);
    expect(shown.length).toBe(120);
    expect(shown.startsWith('aaa')).toBe(true);
    expect(shown.endsWith('zzz')).toBe(true);
    expect(shown).toContain('…');
    expect(displayText('short')).toBe('short');
  });
});
