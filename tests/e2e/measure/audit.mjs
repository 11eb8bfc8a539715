// Audits the published app the way a careful IT focal point would (a measurement, not a
// test): `node tests/e2e/measure/audit.mjs` after `bash .ci/build`.
// It publishes dist/ (.ci/publish.mjs) into a temporary folder, serves it under a sub-path
// with the headers of its _headers file and compressed (as GitHub Pages, Netlify and
// Cloudflare do, and the README's nginx and Apache snippets), and prints
// - Lighthouse's performance, accessibility, best-practices and SEO scores and every audit
//   that is not passed, for a phone on a slow 4G connection (Lighthouse's default) and for
//   a desktop;
// - the installable-app (PWA) findings, which Lighthouse 12 no longer has: Chromium's own
//   installability verdict, the manifest as Chromium reads it, the service worker, and a
//   reload with the server stopped.
// Lighthouse (pinned in .ci/package.json as optional) is installed on first use; the
// browser is Debian's Chromium (nothing is downloaded).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, serveStatic, launchBrowser, openApp, waitForServiceWorker, CHROMIUM, FLAGS } from '../harness.mjs';

const require = createRequire(join(root, '.ci', 'package.json'));
function resolveLighthouse() {
  try {
    return require.resolve('lighthouse');
  } catch {
    console.log('installing Lighthouse (once; .ci/package.json pins it)…');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: join(root, '.ci'), stdio: 'inherit' });
    return require.resolve('lighthouse');
  }
}
const { default: lighthouse } = await import(pathToFileURL(resolveLighthouse()).href);
const { launch } = require('chrome-launcher');
const { publish, listFiles } = await import(join(root, '.ci', 'publish.mjs'));

const PREFIX = '/cashplan/';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function runLighthouse(url, label, settings) {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...FLAGS] });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES }, {
      extends: 'lighthouse:default', settings,
    });
    const { lhr } = result;
    console.log(`\n## Lighthouse ${lhr.lighthouseVersion}, ${label} (${lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0]})`);
    for (const id of CATEGORIES) {
      const category = lhr.categories[id];
      console.log(`${category.title.padEnd(16)} ${Math.round(category.score * 100)}`);
    }
    for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive']) {
      const audit = lhr.audits[id];
      if (audit) console.log(`  ${audit.title}: ${audit.displayValue}`);
    }
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode))
      .sort((a, b) => a.score - b.score);
    console.log(failing.length ? 'not passed:' : 'every scored audit passed');
    for (const a of failing) console.log(`  - ${a.title} (score ${a.score.toFixed(2)}${a.displayValue ? `, ${a.displayValue}` : ''}) [${a.id}]`);
  } finally {
    chrome.kill();
  }
}

async function installableApp(server) {
  console.log('\n## Installable app (Chromium, what Lighthouse 12 no longer audits)');
  const browser = await launchBrowser();
  try {
    const page = await openApp(browser.context, server.url);
    await waitForServiceWorker(page);
    const cdp = await browser.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    console.log(`installable: ${installabilityErrors.length === 0 ? 'yes' : installabilityErrors.map((e) => e.errorId).join(', ')}`);
    const { url, errors } = await cdp.send('Page.getAppManifest');
    console.log(`manifest ${new URL(url).pathname}: ${errors.length ? errors.map((e) => e.message).join('; ') : 'no errors'}`);
    const details = await page.evaluate(async () => {
      const manifestUrl = document.querySelector('link[rel=manifest]').href;
      const json = await (await fetch(manifestUrl)).json();
      const registration = await navigator.serviceWorker.getRegistration();
      return {
        name: json.name, start: new URL(json.start_url, manifestUrl).pathname, scope: new URL(json.scope, manifestUrl).pathname,
        icons: json.icons.map((i) => `${i.sizes} ${i.type} ${i.purpose}`), theme: json.theme_color, display: json.display,
        worker: registration && new URL(registration.scope).pathname,
      };
    });
    console.log(`name "${details.name}", ${details.display}, theme ${details.theme}; start ${details.start}, scope ${details.scope}`);
    console.log(`icons: ${details.icons.join('; ')}`);
    console.log(`service worker for ${details.worker}`);
    await server.stop();
    await page.reload();
    await page.getByRole('heading', { name: 'Plans in this browser' }).waitFor({ timeout: 10_000 });
    console.log('reload with the server stopped: the app starts');
  } finally {
    await browser.close();
  }
}

const temp = mkdtempSync(join(tmpdir(), 'cashplan-audit-'));
try {
  const site = join(temp, 'site');
  publish(join(root, 'dist'), site);
  const server = await serveStatic(site, { prefix: PREFIX, headersFile: true, compress: true });
  // Warm the server's compression cache, so the first measured load does not wait for it.
  for (const file of listFiles(site)) await fetch(`${server.url}${file}`, { headers: { 'accept-encoding': 'br' } }).catch(() => {});
  console.log(`published dist/ and served it at ${server.url} with its _headers, compressed as static hosts do`);
  await runLighthouse(server.url, 'phone on slow 4G (simulated)', {});
  await runLighthouse(server.url, 'desktop', { preset: 'desktop', formFactor: 'desktop', screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttling: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 } });
  await installableApp(server);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
