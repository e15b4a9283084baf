// The container recipe's web server (Dockerfile): nginx serving the built dist/ with the server block
// docker/nginx-conf.mjs makes from public/_headers. Started here on a free port (Debian's nginx, as .ci/run
// installs it): every response carries the security headers, worker scripts get the no-network policy,
// and the app loads and analyses under them with no CSP violation.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { nginxConf, parseHeaders } from '../docker/nginx-conf.mjs';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
let nginx: ChildProcess | null = null;
let base = '';

const freePort = () => new Promise<number>((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => res(p));
  });
});

test.beforeAll(async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'podpath-nginx-'));
  const server = nginxConf(parseHeaders(readFileSync(join(repo, 'public/_headers'), 'utf8')))
    .replace('listen 8080;', `listen 127.0.0.1:${port};`)
    .replace('root /usr/share/nginx/html;', `root ${join(repo, 'dist')};`);
  writeFileSync(join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n${server}}\n`);
  nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
  base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('nginx did not start');
});

test.afterAll(() => {
  nginx?.kill();
});

test('the container serves the security headers and the app works under them', async ({ page }) => {
  const headers = parseHeaders(readFileSync(join(repo, 'public/_headers'), 'utf8')).find((r) => r.pattern === '/*')!.headers;
  const r = await fetch(base);
  for (const [k, v] of headers) expect(r.headers.get(k)).toBe(v);
  expect(r.headers.get('content-security-policy')).toContain("connect-src 'self'");

  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(base);
  await expect(page.getByTestId('graph')).toBeVisible();
  await expect(page.getByTestId('trace-result')).toBeVisible({ timeout: 30_000 });
  expect(violations).toEqual([]);

  // A worker script fetched directly gets the no-network policy (and still the other headers).
  const workers = readdirSync(join(repo, 'dist/assets')).filter((f) => /worker.*\.js$/.test(f));
  expect(workers.length).toBeGreaterThan(0);
  const w = await fetch(`${base}assets/${workers[0]}`);
  expect(w.status).toBe(200);
  expect(w.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; connect-src 'none'");
  expect(w.headers.get('x-content-type-options')).toBe('nosniff');
});
