// Shared end-to-end test harness: serves dist/ on 127.0.0.1, drives Debian's Chromium
// with playwright-core, and always cleans both up, even when a test fails.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const require = createRequire(join(root, '.ci', 'package.json'));
const { chromium } = require('playwright-core');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const { MIME } = await import(join(root, '.ci', 'publish.mjs'));

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const cleanups = [];
process.on('exit', () => { for (const c of cleanups) { try { c(); } catch { /* already gone */ } } });

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when something accepts connections on the port, false when refused. */
export function portAccepts(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Serves dist/ (the built app) on a free loopback port. */
export async function serveApp(directory = join(root, 'dist')) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', directory], { stdio: 'ignore' });
  const kill = () => child.kill('SIGKILL');
  cleanups.push(kill);
  // A test file whose `after` hook failed before stopping the server must still exit (the
  // exit handler above kills the server then).
  child.unref();
  for (let i = 0; i < 100 && !(await portAccepts(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        kill();
        await exited;
      }
    },
  };
}

/** The rules of a `_headers` file (Netlify, Cloudflare Pages): a path pattern, then its headers. */
function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (/^\s/.test(line)) {
      const colon = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    } else {
      const pattern = line.trim().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ pattern: new RegExp(`^${pattern}$`), headers: [] });
    }
  }
  return rules;
}

/**
 * Serves a folder with Node's http module under a path prefix (`/some/sub/path/`), the way
 * GitHub Pages serves a project site: MIME types by extension (`.wasm` as application/wasm),
 * `dir/` as `dir/index.html`, `dir` redirected to `dir/`, 404 outside the prefix. With
 * `headersFile`, the folder's `_headers` rules are sent as a Netlify-style host would, and
 * a header given twice for one path is an error (hosts would join the two values). With
 * `compress`, text and wasm are sent brotli- or gzip-compressed as the common hosts do
 * (the audit measures what users download).
 */
export async function serveStatic(directory, { prefix = '/', headersFile = false, compress = false } = {}) {
  // Compressed once per file and encoding, as a host's cache would: compressing the 1.7 MB
  // wasm on every request would make the server, not the app, what a measurement sees.
  const cache = new Map();
  const compressed = (file, encoding, body) => {
    const key = `${encoding} ${file}`;
    if (!cache.has(key)) cache.set(key, encoding === 'br' ? brotliCompressSync(body) : gzipSync(body));
    return cache.get(key);
  };
  const rules = headersFile ? parseHeadersFile(readFileSync(join(directory, '_headers'), 'utf8')) : [];
  const requests = [];
  const server = createHttpServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://host').pathname);
    requests.push(path);
    if (path === prefix.replace(/\/$/, '')) {
      response.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) { response.writeHead(404).end('outside the site'); return; }
    const sitePath = `/${path.slice(prefix.length)}`;
    let file = normalize(join(directory, sitePath));
    if (!file.startsWith(directory + sep) && file !== directory) { response.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || sitePath.split('/').some((part) => part.startsWith('.') || part === '_headers')) {
      response.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' };
    const given = new Set();
    for (const rule of rules.filter((r) => r.pattern.test(sitePath))) {
      for (const [name, value] of rule.headers) {
        if (given.has(name)) { response.writeHead(500).end(`_headers gives ${name} twice for ${sitePath}`); return; }
        given.add(name);
        headers[name] = value;
      }
    }
    let body = readFileSync(file);
    const accepts = request.headers['accept-encoding'] ?? '';
    if (compress && COMPRESSIBLE.test(headers['content-type'])) {
      const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
      if (encoding) {
        body = compressed(file, encoding, body);
        headers['content-encoding'] = encoding;
        headers.vary = 'Accept-Encoding';
      }
    }
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address();
  const stop = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${port}${prefix}`, port, requests, stop };
}

const COMPRESSIBLE = /^(text\/|application\/(wasm|manifest|json)|image\/svg)/;

/** Messages of the page and its console that say the Content-Security-Policy blocked something. */
const CSP_MESSAGE = /Content Security Policy|CSP violation/i;

/**
 * Starts headless Chromium with a fresh profile directory. Every page reports what the
 * Content-Security-Policy blocks (the `securitypolicyviolation` event and Chromium's own
 * console errors) into `cspViolations`; `close()` fails the test file if there were any.
 */
export async function launchBrowser({ profile: kept } = {}) {
  // A profile given by the caller outlives this browser (the fault journeys reopen it after
  // killing the browser); otherwise each browser has a fresh one, removed on close.
  const profile = kept ?? mkdtempSync(join(tmpdir(), 'cashplan-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, acceptDownloads: true,
    viewport: { width: 1280, height: 720 },
  });
  const cspViolations = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
    });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && CSP_MESSAGE.test(message.text())) cspViolations.push(message.text());
  });
  const close = async () => {
    await context.close().catch(() => {});
    if (!kept) rmSync(profile, { recursive: true, force: true });
    assert.deepEqual(cspViolations, [], 'the Content-Security-Policy blocked something during this journey');
  };
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  return { context, close, cspViolations, profile };
}

/**
 * Runs axe-core on the page as it is and fails on any serious or critical violation,
 * naming the rule, how many elements and the first few of them.
 */
export async function assertAccessible(page, where) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    // Experimental rules too: label-content-name-mismatch (a button's visible words must be
    // part of its name, for speech input) is one.
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'];
    const result = await window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: tags } });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({
      rule: v.id, impact: v.impact, help: v.help, elements: v.nodes.length,
      first: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  assert.deepEqual(found, [], `${where}: axe finds serious or critical accessibility problems`);
}

/** Opens the app and waits until it has rendered and storage has answered. */
export async function openApp(context, url) {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Plans in this browser' }).waitFor();
  return page;
}

/** Waits until the service worker controls the page, so it can start offline. */
export async function waitForServiceWorker(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  }, null, { timeout: 30_000 });
}

/**
 * Confirms the HXL import preview and waits until the rows are in the plan: the preview
 * gives way to a progress line ("Adding N rows…"), which goes once the import is applied.
 */
export async function confirmHxlImport(page) {
  await page.getByRole('button', { name: 'Import these rows' }).click();
  await page.waitForFunction(() => !document.querySelector('#import-hxl-preview') && !document.querySelector('#import-hxl-progress'),
    null, { timeout: 120_000 });
}

export async function waitSaved(page) {
  await page.locator('#save-status', { hasText: 'All changes saved' }).waitFor({ timeout: 10_000 });
}
