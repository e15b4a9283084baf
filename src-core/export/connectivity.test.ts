// CSV and Markdown of the connectivity list: untrusted names stay text in a spreadsheet and a ticket.
import { describe, expect, it } from 'vitest';
import { connectivityToCsv, connectivityToMarkdown, csvCell } from './connectivity';

const c = { profile: 'kubernetes', stats: { endpoints: 3, rows: 2 }, undetermined: [], groups: [
  { from: 'shop/web', to: ['shop/db'], ports: ['TCP 5432'] },
  { from: 'x/=HYPERLINK("http://evil")', to: ['x/a,b|c'], ports: ['TCP 80', 'UDP 53'] },
] };

describe('connectivity exports', () => {
  it('CSV: RFC 4180 quoting, formulas defused', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('a"b,c')).toBe('"a""b,c"');
    expect(connectivityToCsv(c)).toBe('from,to,ports,verdict\r\nshop/web,shop/db,TCP 5432,allowed\r\n"x/=HYPERLINK(""http://evil"")","x/a,b|c",TCP 80 UDP 53,allowed\r\n');
  });
  it('Markdown: a table, metacharacters escaped', () => {
    const md = connectivityToMarkdown(c);
    expect(md).toContain('| shop/web | shop/db | TCP 5432 |');
    expect(md).toContain('| x/=HYPERLINK("http://evil") | x/a,b\\|c | TCP 80, UDP 53 |');
  });
});
