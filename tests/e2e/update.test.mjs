// A new deployment: the open app says a new version is ready, reloading takes it, and the
// plan the user was working on is intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, serveApp, launchBrowser, openApp, waitForServiceWorker, waitSaved } from './harness.mjs';

let site, server, browser;
before(async () => {
  site = mkdtempSync(join(tmpdir(), 'cashplan-site-'));
  cpSync(join(root, 'dist'), site, { recursive: true });
  server = await serveApp(site);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); rmSync(site, { recursive: true, force: true }); });

/** What a new build changes: the styles, and so the service worker's cache version. */
function deployNewVersion() {
  writeFileSync(join(site, 'app.css'), readFileSync(join(site, 'app.css'), 'utf8') + '\n/* new version */\n');
  const sw = readFileSync(join(site, 'sw.js'), 'utf8');
  writeFileSync(join(site, 'sw.js'), sw.replace(/const CACHE = 'cashplan-[^']*'/, "const CACHE = 'cashplan-next-version'"));
}

test('a new version is announced, and reloading into it loses nothing', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('Update drill');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await waitSaved(page);
  await waitForServiceWorker(page);
  assert.equal(await page.locator('#update-banner').count(), 0, 'no banner for the first install');

  deployNewVersion();
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const banner = page.locator('#update-banner');
  await banner.waitFor({ timeout: 30_000 });
  assert.match(await banner.innerText(), /new version of cashplan is ready/);

  // An edit still in the autosave pause when the user reloads: it is saved first.
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name: 'Data' }).click();
  await page.getByRole('tab', { name: /^Areas/ }).click();
  await page.getByLabel('P-code').fill('SY99');
  await page.getByLabel('Name', { exact: true }).fill('Unsaved when the update came');
  await page.getByRole('button', { name: 'Add area' }).click();
  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload now' }).click()]);
  await page.locator('header', { hasText: 'Update drill' }).waitFor();
  await page.getByRole('tab', { name: /^Areas/ }).click();
  await page.locator('tr', { hasText: 'Unsaved when the update came' }).waitFor();
  const css = await page.evaluate(async () => (await fetch('./app.css')).text());
  assert.match(css, /new version/, 'the page now runs the new version');
  const caches = await page.evaluate(async () => (await window.caches.keys()).filter((k) => k.startsWith('cashplan-')));
  assert.deepEqual(caches, ['cashplan-next-version'], 'the old cache is gone');
});
