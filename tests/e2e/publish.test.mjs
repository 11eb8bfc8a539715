// What a group puts on its static host (.ci/publish), served under a sub-path as GitHub Pages
// serves a project site (https://org.github.io/cashplan/), with the headers of its _headers
// file: content-hashed names everywhere, an installable app, and the offline journey — a
// reload with the server gone, and a spreadsheet opened offline through the on-demand
// module under its hashed name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, serveStatic, launchBrowser, openApp, waitForServiceWorker, waitSaved, assertAccessible } from './harness.mjs';
import { createPlan, addArea, areaShown, openTab } from './plans-steps.mjs';

const { publish, listFiles, metaPolicy, headerPolicy, LONG_CACHE } = await import(join(root, '.ci', 'publish.mjs'));
const PREFIX = '/some/sub/path/';
const PARTNER = join(root, 'tests', 'fixtures', 'sheets', 'partner-5w.xlsx');

let temp, site, server, browser;
before(async () => {
  temp = mkdtempSync(join(tmpdir(), 'cashplan-publish-'));
  site = join(temp, 'site');
  publish(join(root, 'dist'), site);
  server = await serveStatic(site, { prefix: PREFIX, headersFile: true });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); rmSync(temp, { recursive: true, force: true }); });

const siteFiles = () => listFiles(site);

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(file) {
  const bytes = readFileSync(join(site, file));
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG', `${file} is a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

const HASHED = /\.[0-9a-f]{10}\.(js|wasm|css|svg|png)$/;

test('the published folder names modules and assets by their content, and says how to serve each', () => {
  const files = siteFiles();
  const app = files.filter((f) => !f.startsWith('.') && f !== '_headers');
  const stable = ['index.html', 'manifest.webmanifest', 'sw.js'];
  assert.deepEqual(app.filter((f) => !HASHED.test(f)), stable, 'all but the entry page, the manifest and the service worker are hashed');
  for (const module of ['pkg/cashplan', 'pkg/cashplan_xl']) {
    assert.ok(files.some((f) => new RegExp(`^${module}\\.[0-9a-f]{10}\\.js$`).test(f)), `${module} glue`);
    assert.ok(files.some((f) => new RegExp(`^${module}_bg\\.[0-9a-f]{10}\\.wasm$`).test(f)), `${module} wasm`);
  }

  // Every name a file loads exists; the old unhashed names are gone from every file.
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  const start = readFileSync(join(site, app.find((f) => f.startsWith('start.'))), 'utf8');
  for (const [text, base] of [[html, ''], [start, '']]) {
    for (const [, name] of text.matchAll(/["']\.\/([^"']+\.(?:js|wasm|css|svg|png|webmanifest))["']/g)) {
      assert.ok(files.includes(base + name), `${name} is published`);
    }
  }
  assert.doesNotMatch(html + start, /pkg\/cashplan(_xl)?\.js|app\.css|register-sw\.js"/, 'no unhashed name is loaded');

  // The service worker precaches exactly the app's files, by their hashed names.
  const sw = readFileSync(join(site, 'sw.js'), 'utf8');
  const precache = JSON.parse(sw.match(/const PRECACHE = (\[.*\]);/)[1]);
  assert.deepEqual(precache, ['./', ...app.filter((f) => f !== 'sw.js').map((f) => `./${f}`)]);

  // _headers: the meta policy (plus frame-ancestors) for every path, no long cache for the
  // stable names, a year for each hashed one, and wasm as application/wasm.
  const headers = readFileSync(join(site, '_headers'), 'utf8');
  assert.equal(headerPolicy(html), `${metaPolicy(html)}; frame-ancestors 'none'`);
  assert.ok(headers.includes(`/*\n  Content-Security-Policy: ${headerPolicy(html)}\n`), headers);
  for (const file of stable) assert.match(headers, new RegExp(`^/${file.replace('.', '\\.')}\\n(  .*\\n)*  Cache-Control: no-cache$`, 'm'), file);
  for (const file of app.filter((f) => HASHED.test(f))) {
    const rule = headers.split('\n\n').join('\n').split(/\n(?=\/)/).find((r) => r.startsWith(`/${file}\n`));
    assert.ok(rule?.includes(`Cache-Control: ${LONG_CACHE}`), `${file}: ${rule}`);
    if (file.endsWith('.wasm')) assert.ok(rule.includes('Content-Type: application/wasm'), rule);
  }
  // The README's nginx and Apache snippets carry the same policy.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.equal(readme.split(headerPolicy(html)).length - 1, 2, 'the README quotes the header policy in its nginx and Apache snippets');
});

test('the manifest is complete and works under a sub-path', () => {
  const manifest = JSON.parse(readFileSync(join(site, 'manifest.webmanifest'), 'utf8'));
  for (const field of ['name', 'short_name', 'description', 'theme_color', 'background_color']) assert.ok(manifest[field], field);
  assert.ok(manifest.short_name.length <= 12, 'the short name fits under an icon');
  assert.equal(manifest.display, 'standalone');
  // Relative to the manifest, so they name the sub-path the app is published under.
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.scope, './');
  const png = (purpose, size) => manifest.icons.find((i) => i.type === 'image/png' && i.purpose === purpose && i.sizes === `${size}x${size}`);
  for (const [purpose, size] of [['any', 192], ['any', 512], ['maskable', 512]]) {
    const icon = png(purpose, size);
    assert.ok(icon, `a ${size} px ${purpose} PNG icon`);
    assert.match(icon.src, HASHED, 'icons are published under hashed names');
    assert.deepEqual(pngSize(icon.src), [size, size], icon.src);
  }
});

test('at a domain root the same folder starts, with the policy header, and its service worker takes the root', async () => {
  const atRoot = await serveStatic(site, { prefix: '/', headersFile: true });
  try {
    const page = await openApp(browser.context, atRoot.url);
    await waitForServiceWorker(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    assert.equal(new URL(scope).pathname, '/');
    const entry = await page.request.get(atRoot.url);
    assert.match(entry.headers()['content-security-policy'], /^default-src 'self';/);
    assert.equal(entry.headers()['cache-control'], 'no-cache');
    await page.close();
  } finally {
    await atRoot.stop();
  }
});

test('under a sub-path the app installs, reloads offline and opens a spreadsheet offline', async () => {
  const wasmTypes = new Map();
  browser.context.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasmTypes.set(new URL(response.url()).pathname, response.headers()['content-type']);
  });
  const page = await openApp(browser.context, server.url);
  assert.equal(new URL(page.url()).pathname, PREFIX);
  const entry = await page.request.get(server.url);
  assert.match(entry.headers()['content-security-policy'], /frame-ancestors 'none'/);
  await assertAccessible(page, 'home, published under a sub-path');

  await createPlan(page, 'Published');
  await addArea(page, 'SY01');
  await waitSaved(page);
  await waitForServiceWorker(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  assert.equal(new URL(scope).pathname, PREFIX, 'the service worker serves only the sub-path');
  for (const [path, type] of wasmTypes) assert.equal(type, 'application/wasm', path);
  assert.ok([...wasmTypes.keys()].every((p) => p.startsWith(PREFIX) && HASHED.test(p)), [...wasmTypes.keys()].join(' '));

  // Chromium's own verdict on installing the app (Chrome/Edge "Install app").
  const cdp = await browser.context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium can install the app');
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  assert.equal(new URL(manifest.url).pathname, `${PREFIX}manifest.webmanifest`);

  // The host goes away: the app and the plan still open, and a spreadsheet is read by the
  // on-demand module, which only the service worker's precache can provide now.
  await server.stop();
  await page.reload();
  await areaShown(page, 'SY01');
  await openTab(page, 'Import');
  await page.locator('#sheet-file').setInputFiles(PARTNER);
  await page.getByRole('button', { name: '5W March' }).click();
  await page.locator('#sheet-mapping').waitFor();
  assert.match(await page.locator('#sheet-mapping').innerText(), /3 rows under the header row 3/);
  assert.deepEqual(browser.cspViolations, []);
});
