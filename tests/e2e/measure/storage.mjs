// Storage benchmark (not a test): imports a generated plan with 100k activities into the
// built app, then times saving it to IndexedDB and loading it again after a reload.
// Run `bash .ci/build` first (release numbers), then `node tests/e2e/measure/storage.mjs [activities]`.
// The app logs "cashplan: saved|loaded <plan> in X ms (...)" around each store call
// (src/store/indexeddb.rs); those lines give the exact storage time, the wall clock
// around them what a user waits for.
import { serveApp, launchBrowser, openApp, waitSaved, confirmHxlImport } from '../harness.mjs';

const ACTIVITIES = Number(process.argv[2] ?? 100_000);
const GOVERNORATES = 14;
const DISTRICTS = 10;
const SECTORS = ['MPC', 'FSC', 'WSH'];
const ORGS = ['WFP', 'IRC', 'UNICEF', 'NRC', 'Mercy Corps', 'CARE', 'Save the Children', 'DRC'];

const code = (n) => String(n).padStart(2, '0');
function areasCsv() {
  const rows = ['#adm1+name,#adm1+code,#adm2+name,#adm2+code,#population,#indicator+hhsize'];
  for (let g = 1; g <= GOVERNORATES; g++) {
    rows.push(`Governorate ${g},SY${code(g)},,,1000000,5`);
    for (let d = 1; d <= DISTRICTS; d++) rows.push(`Governorate ${g},SY${code(g)},District ${g}.${d},SY${code(g)}${code(d)},100000,5`);
  }
  return rows.join('\n') + '\n';
}
function activitiesCsv(count) {
  const rows = ['#org+prog,#sector,#adm1+code,#adm2+code,#activity,#modality,#targeted,#reached,#value+transfer+hh,#currency,#date+start,#date+end,#status'];
  for (let i = 0; i < count; i++) {
    const g = 1 + (i % GOVERNORATES), d = 1 + (Math.floor(i / GOVERNORATES) % DISTRICTS);
    rows.push([ORGS[i % ORGS.length], SECTORS[i % SECTORS.length], `SY${code(g)}`, `SY${code(g)}${code(d)}`,
      `Distribution round ${i}`, i % 2 ? 'Cash' : 'Voucher', 1000 + (i % 5000), 500 + (i % 2500), 100 + (i % 50),
      'USD', '2024-01', '2024-06', 'Ongoing'].join(','));
  }
  return rows.join('\n') + '\n';
}

const server = await serveApp();
const browser = await launchBrowser();
const timings = [];
try {
  const page = await openApp(browser.context, server.url);
  page.on('console', (message) => {
    const match = /^cashplan: (saved|loaded)(?: \(([^)]*)\))? \S+ in ([\d.]+) ms \((.*)\)$/.exec(message.text());
    if (match) timings.push({ what: match[1], ms: Number(match[3]), detail: [match[4], match[2]].filter(Boolean).join('; ') });
  });
  await page.getByLabel('Plan name').fill('Benchmark');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await waitSaved(page);
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name: 'Import' }).click();
  await page.locator('#import-hxl-files').setInputFiles([
    { name: 'areas.csv', mimeType: 'text/csv', buffer: Buffer.from(areasCsv()) },
    { name: 'activities.csv', mimeType: 'text/csv', buffer: Buffer.from(activitiesCsv(ACTIVITIES)) },
  ]);
  await page.locator('#import-hxl-preview').waitFor({ timeout: 120_000 });
  timings.length = 0;
  const clicked = performance.now();
  await confirmHxlImport(page);
  await page.locator('#save-status', { hasText: 'All changes saved' }).waitFor({ timeout: 120_000 });
  const importSaved = performance.now() - clicked;
  const saves = timings.filter((t) => t.what === 'saved');

  // Load: a reload reopens the plan the URL names; "visible" = the Data page lists activities.
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name: 'Overview' }).click();
  await page.locator('#totals').waitFor({ timeout: 120_000 });
  timings.length = 0;
  const reloaded = performance.now();
  await page.reload();
  await page.locator('#totals').waitFor({ timeout: 120_000 });
  const loadVisible = performance.now() - reloaded;
  const loads = timings.filter((t) => t.what === 'loaded');

  // An edit: deleting one activity changes one record, so one chunk at most.
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name: 'Data' }).click();
  const rows = page.locator('#activities-table tbody tr[data-id]');
  await rows.first().waitFor({ timeout: 120_000 });
  timings.length = 0;
  const edited = performance.now();
  await rows.first().getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Delete selected (1)' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete 1' }).click();
  await page.locator('#save-status', { hasText: 'All changes saved' }).waitFor({ timeout: 120_000 });
  const editSaved = performance.now() - edited;
  const editSaves = timings.filter((t) => t.what === 'saved');

  const row = (step, ms, detail = '') => console.log(`${step.padEnd(44)} ${String(Math.round(ms)).padStart(7)} ms  ${detail}`);
  console.log(`\nStorage benchmark: ${ACTIVITIES.toLocaleString('en')} activities (${new Date().toISOString()})`);
  for (const s of saves) row('store.save (inside the app)', s.ms, s.detail);
  row('import click -> "All changes saved" (wall)', importSaved, '(includes import and analysis)');
  for (const l of loads) row('store.load (inside the app)', l.ms, l.detail);
  row('reload -> overview totals visible (wall)', loadVisible, '(includes wasm start and analysis)');
  for (const s of editSaves) row('store.save after deleting one activity', s.ms, s.detail);
  row('delete click -> "All changes saved" (wall)', editSaved);
} finally {
  await browser.close();
  await server.stop();
}
