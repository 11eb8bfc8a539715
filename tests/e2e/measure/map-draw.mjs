// Map drawing benchmark (not a test): a plan's map drawn again and again with changing filters,
// timed from the URL change to the new drawing in the page — what a coordinator waits for: the
// map's figures (gap report, overlaps, harmonisation), the SVG from the on-demand boundaries
// module and its insertion into the page.
// - By default: the real NW Syria 4W on the real Syria COD-AB boundaries, admin 2 (62 areas,
//   76k vertices before simplification).
// - With `--synthetic N`: admin 3 for N areas. The real files here stop at admin 2
//   (syr_adm0-2_…zip) and this machine cannot fetch HDX, so the real admin 2 is cut into N cells
//   with jagged shared edges, as many vertices as the real admin 3 has (272 areas: about 140k;
//   see synthetic-admin3.mjs), with an HNO and a 4W made up for them. `--synthetic 272` stands
//   for Syria admin 3, `--synthetic 1100` for "1,000+ areas".
// Run `bash .ci/build` first (release numbers), then
// `node tests/e2e/measure/map-draw.mjs [times] [--points] [--synthetic N] [--screenshot FILE.png]`;
// `--dist DIR` serves another build (say, one bound without wasm-opt, which keeps the function
// names) and `--profile` prints where the page spent its time over the draws (Chrome's CPU
// profiler, self time per function);
// with --screenshot it also saves the Map page's drawing for March 2023 with the dots (for the
// real files: the README's picture, docs/map-syria-admin2.png).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, waitSaved, root } from '../harness.mjs';
import { syntheticAdmin3, syntheticFigures } from './synthetic-admin3.mjs';

const TIMES = Number(process.argv[2] ?? 40);
const POINTS = process.argv.includes('--points');
const option = (name) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : null);
const SCREENSHOT = option('--screenshot');
const DIST = option('--dist');
const PROFILE = process.argv.includes('--profile');
const SYNTHETIC = option('--synthetic') === null ? null : Number(option('--synthetic'));
const real = [join(root, '..', 'shared/data/real'), join(root, '..', '..', 'shared/data/real')]
  .find((dir) => existsSync(join(dir, 'cod-ab-syria')) && existsSync(join(dir, 'nws-cwg-4w-2023.csv')));
if (!real) throw new Error('the real files are not at ../shared/data/real (cod-ab-syria, nws-cwg-4w-2023.csv)');
const zip = join(real, 'cod-ab-syria', 'syr_adm0-2_uncs_unocha_20201217_shp.zip');

// The plan as a colleague would send it, made by the command line.
const dir = mkdtempSync(join(tmpdir(), 'cashplan-map-draw-'));
const plan = join(dir, 'nw-syria.cashplan.json');
const cli = (...args) => execFileSync('cargo', ['run', '--quiet', '--bin', 'cashplan', '--', ...args], { cwd: root, stdio: 'pipe' });
cli('new', plan, '--name', 'NW Syria 4W', '--country', 'SYR');
let level = 2, place = { pcode: 'SY0203', name: 'Afrin' };
if (SYNTHETIC) {
  // Admin 0–2 from the real zip, then the cells of admin 3 and their figures.
  cli('boundaries', plan, zip, '--create-areas');
  const admin2 = join(dir, 'admin2.geojson');
  cli('boundaries', plan, '--out', admin2, '--level', '2');
  // Sides of 2^7 segments give the real admin 3's vertex density at 272 areas; finer cells, 2^6.
  const made = syntheticAdmin3(JSON.parse(readFileSync(admin2, 'utf8')), SYNTHETIC, SYNTHETIC > 500 ? 6 : 7);
  const figures = syntheticFigures(made.centres);
  for (const [name, text] of [['admin3.geojson', JSON.stringify(made.collection)], ['needs.csv', figures.needs],
    ['activities.csv', figures.activities]]) writeFileSync(join(dir, name), text);
  const stored = cli('boundaries', plan, join(dir, 'admin3.geojson'), '--create-areas').toString().split('\n')[1].trim();
  cli('import', plan, join(dir, 'needs.csv'), join(dir, 'activities.csv'));
  console.log(`synthetic admin 3 (the real files stop at admin 2): ${stored}`);
  level = 3;
  place = { pcode: made.centres[0][0], name: made.collection.features[0].properties.ADM3_EN };
} else {
  console.log(`admin 3: no Syria admin 3 boundaries in ${join(real, 'cod-ab-syria')} (the zip holds admin 0–2); ` +
    'measuring admin 2 (use --synthetic 272 for a stand-in)');
  cli('import', plan, join(real, 'nws-cwg-4w-2023.csv'), '--mapping', join(root, 'tests/fixtures/sheets/nws-cwg-4w.mapping.json'),
    '--create-areas', '--skip-bad-rows');
  cli('boundaries', plan, zip, '--create-areas');
}

// Filters that each change the map: the months with data, all months, and an organisation.
const FILTERS = ['period=2023-03', 'period=2023-02', '', 'period=2023-01', 'org=GOAL', 'period=2023-04', 'modality=voucher'];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const server = await serveApp(...(DIST ? [DIST] : []));
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
  const hash = (filter) => `${base}?level=${level}${filter ? `&${filter}` : ''}${POINTS ? '&points=1' : ''}`;
  await page.evaluate((h) => { location.hash = h; }, hash(''));
  for (let i = 0; i < 120 && !(await page.locator('#map-drawing path.area').count()); i++) {
    await new Promise((r) => setTimeout(r, 500));
  }
  const areas = await page.locator('#map-drawing path.area').count();
  const profiler = PROFILE ? await browser.context.newCDPSession(page) : null;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }
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
  if (profiler) printProfile((await profiler.send('Profiler.stop')).profile);
  times.sort((a, b) => a - b);
  const median = quantile(times, 0.5), p95 = quantile(times, 0.95);
  console.log(`${SYNTHETIC ? 'Synthetic admin 3' : 'Syria admin 2'} (${areas} areas${POINTS ? ', with the dots' : ''}), ${TIMES} draws with changing filters: ` +
    `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, fastest ${times[0].toFixed(1)} ms, slowest ${times[times.length - 1].toFixed(1)} ms`);
  if (SCREENSHOT) {
    await page.setViewportSize({ width: 520, height: 900 });
    await page.evaluate((h) => { location.hash = h; }, `${base}?level=${level}&period=2023-03&points=1`);
    await page.waitForFunction(() => document.querySelector('#map-drawing desc')?.textContent.includes('Month: 2023-03')
      && document.querySelector('#map-drawing circle.point'));
    // The area with focus shows its figures as text under the map.
    await page.locator(`#map-drawing path[data-pcode="${place.pcode}"]`).focus();
    await page.locator('#map-area', { hasText: place.name }).waitFor();
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

/** The functions the page spent most time in (self time), from a CPU profile. */
function printProfile(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const gaps = profile.timeDeltas;
  profile.samples.forEach((id, k) => {
    const frame = byId.get(id).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (gaps[k] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`CPU profile, ${total.toFixed(0)} ms sampled; self time:`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  }
}
