// The boundaries module (cashplan-geo, a third wasm file) in the browser: loaded on first
// use through window.cashplanGeo(), it reads the real Syria COD-AB zip and GeoJSON and
// returns the simplified boundaries; precached, so it also works with the server stopped.
// The Map page is not built yet: this drives the module's exports as the page will.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, waitForServiceWorker, root } from './harness.mjs';

const real = [join(root, '..', 'shared/data/real/cod-ab-syria'), join(root, '..', '..', 'shared/data/real/cod-ab-syria')]
  .find((dir) => existsSync(dir));
const ZIP = 'syr_adm0-2_uncs_unocha_20201217_shp.zip';

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Calls an export of the boundaries module in the page with the file's bytes. */
function callGeo(page, name, file, bytes, options) {
  return page.evaluate(async ({ name, file, base64, options }) => {
    const module = await window.cashplanGeo();
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const args = [file, bytes];
    if (options !== undefined) args.push(options);
    try { return { ok: JSON.parse(module[name](...args)) }; } catch (error) { return { error: String(error) }; }
  }, { name, file, base64: Buffer.from(bytes).toString('base64'), options });
}

test('the boundaries module reads and simplifies the real Syria files, also offline', async (t) => {
  if (!real) {
    console.error('\n!!! SKIPPED: the Syria COD-AB files are not at ../shared/data/real/cod-ab-syria !!!\n');
    t.skip('real files absent');
    return;
  }
  const page = await openApp(browser.context, server.url);
  await waitForServiceWorker(page);
  const zip = readFileSync(join(real, ZIP));

  const summary = await callGeo(page, 'read_boundaries', ZIP, zip);
  assert.deepEqual(summary.ok.layers.map((l) => [l.features, l.mapping?.level]), [[1, 0], [14, 1], [62, 2]]);
  assert.equal(summary.ok.layers[2].mapping.pcode, 'ADM2_PCODE');

  const options = JSON.stringify({ level: 2, tolerance: 0.003, mappings: {} });
  const imported = await callGeo(page, 'import_boundaries', ZIP, zip, options);
  const [set, stats] = imported.ok;
  assert.equal(set.features.length, 62);
  assert.deepEqual([stats[0].vertices_read, stats[0].vertices_kept], [76433, 5185]);
  assert.equal(set.features.find((f) => f.pcode === 'SY0203').names.en, 'Afrin');

  const broken = await callGeo(page, 'read_boundaries', 'broken.geojson', Buffer.from('{"type":"FeatureCollection","features":['));
  assert.match(broken.error, /^broken\.geojson: not valid GeoJSON/);

  // With the server stopped, a fresh load of the module comes from the service worker.
  await server.stop();
  await page.reload();
  await page.getByRole('heading', { name: 'Plans in this browser' }).waitFor();
  const offline = await callGeo(page, 'read_boundaries', ZIP, zip);
  assert.equal(offline.ok.layers.length, 3);
});
