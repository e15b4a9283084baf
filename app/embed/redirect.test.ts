// public/embed/redirect.js: /embed/ forwards to the app's embed mode on the same origin only — a path that
// starts with `//` or `/\` must not become another host (it would carry the whole workspace in `#v1:`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = readFileSync(join(__dirname, '..', '..', 'public', 'embed', 'redirect.js'), 'utf8');

/** Runs the script against an address; returns where it sent the page (or null). */
function redirect(href: string): string | null {
  const url = new URL(href);
  let to: string | null = null;
  const location = { href: url.href, pathname: url.pathname, search: url.search, hash: url.hash, protocol: url.protocol, host: url.host, replace: (u: string) => (to = u) };
  new Function('location', 'URL', SRC)(location, URL);
  return to;
}

describe('embed/redirect.js', () => {
  it('forwards /embed/ to ?embed, keeping the query and the fragment', () => {
    expect(redirect('https://h.example/podpath/embed/?panes=graph#v1:abc')).toBe('https://h.example/podpath/?embed&panes=graph#v1:abc');
    expect(redirect('https://h.example/embed/index.html#v1:x')).toBe('https://h.example/?embed#v1:x');
  });

  it('never leaves the host: `//evil/embed/`, `///evil`, `/\\evil` stay on it', () => {
    for (const path of ['//evil.example/embed/', '///evil.example/embed/', '/%2F/evil.example/embed/']) {
      const to = redirect(`https://h.example${path}#v1:secret`);
      expect(to, path).not.toBeNull();
      expect(new URL(to as string).host, path).toBe('h.example');
    }
    // A backslash path as the browser reports it (it normalises `\` to `/` for http(s)).
    const to = redirect('https://h.example/\\evil.example/embed/#v1:secret');
    expect(new URL(to as string).host).toBe('h.example');
  });

  it('file:// sites keep working', () => {
    expect(redirect('file:///home/me/dist/embed/index.html#v1:x')).toBe('file:///home/me/dist/?embed#v1:x');
  });
});
