// Map drawing benchmark (not a test): the real NW Syria 4W on the real Syria COD-AB
// boundaries (admin 2: 62 areas, 76k vertices before simplification), drawn again and again
// with changing filters, timed from the URL change to the new drawing in the page — what a
// coordinator waits for: the map's figures (gap report, overlaps, harmonisation), the SVG
// from the on-demand boundaries module and its insertion into the page.
// Run `bash .ci/build` first (release numbers), then
// `node tests/e2e/measure/map-draw.mjs [times] [--points] [--screenshot FILE.png]`; with
// --screenshot it also saves the Map page's drawing for March 2023 with the dots (the
// README's picture, docs/map-syria-admin2.png).
// The issue asks for Syria admin 3 (272 areas) too; the real files here stop at admin 2
// (syr_adm0-2_…zip), so this measures admin 2 only and says so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, waitSaved, root } from '../harness.mjs';

const TIMES = Number(process.argv[2] ?? 40);
const POINTS = process.argv.includes('--points');
const shotAt = process.argv.indexOf('--screenshot');
const SCREENSHOT = shotAt > 0 ? process.argv[shotAt + 1] : null;
const real = [join(root, '..', 'shared/data/real'), join(root, '..', '..', 'shared/data/real')]
  .find((dir) => existsSync(join(dir, 'cod-ab-syria')) && existsSync(join(dir, 'nws-cwg-4w-2023.csv')));
if (!real) throw new Error('the real files are not at ../shared/data/real (cod-ab-syria, nws-cwg-4w-2023.csv)');
const zip = join(real, 'cod-ab-syria', 'syr_adm0-2_uncs_unocha_20201217_shp.zip');
console.log(`admin 3: no Syria admin 3 boundaries in ${join(real, 'cod-ab-syria')} (the zip holds admin 0–2); measuring admin 2 only`);

// The plan as a colleague would send it: the 4W imported and the boundaries stored, by the command line.
const dir = mkdtempSync(join(tmpdir(), 'cashplan-map-draw-'));
const plan = join(dir, 'nw-syria.cashplan.json');
const cli = (...args) => execFileSync('cargo', ['run', '--quiet', '--bin', 'cashplan', '--', ...args], { cwd: root, stdio: 'pipe' });
cli('new', plan, '--name', 'NW Syria 4W', '--country', 'SYR');
cli('import', plan, join(real, 'nws-cwg-4w-2023.csv'), '--mapping', join(root, 'tests/fixtures/sheets/nws-cwg-4w.mapping.json'),
  '--create-areas', '--skip-bad-rows');
cli('boundaries', plan, zip, '--create-areas');

// Filters that each change the map: the months with data, all months, and an organisation.
const FILTERS = ['period=2023-03', 'period=2023-02', '', 'period=2023-01', 'org=GOAL', 'period=2023-04', 'modality=voucher'];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const server = await serveApp();
const browser = await launchBrowser();
// The browser's pipe does not keep Node alive while the page works.
const keepAlive = setInterval(() => {}, 1000);
try {
  const page = await openApp(browser.context, server.url);
  await page.locator('#import-plan-file').setInputFiles(plan);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Open NW Syria 4W' }).click();
  await waitSaved(page);
  const base = await page.evaluate(() => location.hash.split('?')[0].replace(/\/[a-z]+$/, '/map'));
  const hash = (filter) => `${base}?level=2${filter ? `&${filter}` : ''}${POINTS ? '&points=1' : ''}`;
  await page.evaluate((h) => { location.hash = h; }, hash(''));
  for (let i = 0; i < 120 && !(await page.locator('#map-drawing path.area').count()); i++) {
    await new Promise((r) => setTimeout(r, 500));
  }
  const areas = await page.locator('#map-drawing path.area').count();
  const times = [];
  for (let i = 0; i < TIMES; i++) {
    // Each step's filter differs from the last one's, so the map is computed and drawn anew.
    const filter = FILTERS[i % FILTERS.length];
    // Started in the page; the page notes when the new drawing is in it.
    await page.evaluate(([h, marker]) => {
      window.__drawn = null;
      const start = performance.now();
      const observer = new MutationObserver(() => {
        // The page shows "Reading the map's figures…" meanwhile: the drawing is a new element.
        if (document.querySelector('#map-drawing svg desc')?.textContent.includes(marker)) {
          observer.disconnect();
          window.__drawn = performance.now() - start;
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      location.hash = h;
    }, [hash(filter), describe(filter)]);
    let ms = null;
    for (let wait = 0; ms === null; wait++) {
      if (wait > 3000) {
        const desc = await page.evaluate(() => document.querySelector('#map-drawing desc')?.textContent);
        throw new Error(`no drawing for ${filter} after 30 s; the drawing says: ${desc}; ${await page.evaluate(() => location.hash)}`);
      }
      await new Promise((r) => setTimeout(r, 10));
      ms = await page.evaluate(() => window.__drawn);
    }
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = quantile(times, 0.5), p95 = quantile(times, 0.95);
  console.log(`Syria admin 2 (${areas} areas${POINTS ? ', with the dots' : ''}), ${TIMES} draws with changing filters: ` +
    `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, fastest ${times[0].toFixed(1)} ms, slowest ${times[times.length - 1].toFixed(1)} ms`);
  if (SCREENSHOT) {
    await page.setViewportSize({ width: 520, height: 900 });
    await page.evaluate((h) => { location.hash = h; }, `${base}?level=2&period=2023-03&points=1`);
    await page.waitForFunction(() => document.querySelector('#map-drawing desc')?.textContent.includes('Month: 2023-03')
      && document.querySelector('#map-drawing circle.point'));
    // The area with focus shows its figures as text under the map.
    await page.locator('#map-drawing path[data-pcode="SY0203"]').focus();
    await page.locator('#map-area', { hasText: 'Afrin' }).waitFor();
    await page.locator('#map-figure').screenshot({ path: SCREENSHOT });
    console.log(`saved ${SCREENSHOT}`);
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  clearInterval(keepAlive);
  await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
  await server.stop();
}

/** What the drawing's description says for a filter (`Month: 2023-03`, `Organisation: GOAL`, …). */
function describe(filter) {
  const [key, value] = filter.split('=');
  if (key === 'period') return `Month: ${value}`;
  if (key === 'org') return `Organisation: ${value}`;
  if (key === 'modality') return `Modality: ${value}`;
  return 'Month: all months · Organisation: all · Modality: all';
}
