// The dashboard: the overview's transfer value and overlap cards, and the organisation and
// modality filters kept in the URL. Expected figures are worked out from tests/fixtures/hxl
// (flags as in tests/fixtures/cli/harmonise.hxl.csv) plus one imported row, NGO B's
// multipurpose cash in Mare' (C1426), 50 USD without saying how often (a cash activity
// without any value is refused on every path, README "Rules every path applies"):
//   flags: IRC MPC, WFP MPC (+1.9 %), Mercy Corps ERL, Violet SHL within tolerance;
//     WFP FSC has no standard and NGO B no frequency → 4 within, 0 above, 0 below, 2 not comparable.
//   overlap: IRC (18,000) and NGO B (6,000) in Mare' MPC → 24,000 of 30,000 in need, 80.0 %.
//   IRC only, admin 4: C1426|MPC reached 12,000 of 30,000 → 40.0 % partial; WFP's cash in
//     Sarmada (C4164|MPC, no PIN) disappears; needs stay whole (132,000); reached 12,000.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, serveApp, launchBrowser, openApp, waitSaved, confirmHxlImport, assertAccessible } from './harness.mjs';

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const fixtures = ['areas', 'needs', 'activities', 'standards', 'meb', 'rates']
  .map((name) => join(root, 'tests', 'fixtures', 'hxl', `${name}.csv`));
const cell = (page, key) => page.locator(`[data-cell="${key}"]`);
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ');

async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name }).click();
}

async function importFiles(page, files) {
  await page.locator('#import-hxl-files').setInputFiles(files);
  await page.locator('#import-hxl-preview').waitFor();
  await confirmHxlImport(page);
}

test('the overview shows flags and overlaps, and filters by organisation through the URL', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('NW Syria dashboard');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await openTab(page, 'Import');
  await importFiles(page, fixtures);
  await importFiles(page, { name: 'ngo-b.csv', mimeType: 'text/csv',
    buffer: Buffer.from('#org+prog,#sector,#adm4+code,#modality,#targeted,#status,#value+transfer,#currency\nNGO B,MPC,C1426,Cash,6000,ongoing,50,USD\n') });
  await waitSaved(page);

  await openTab(page, 'Overview');
  const counts = page.locator('#dash-flag-counts');
  await counts.waitFor();
  assert.equal(await text(counts), '4 within tolerance 0 above tolerance 0 below tolerance 2 not comparable');
  const deviations = page.locator('#dash-deviations tbody tr');
  assert.equal(await deviations.count(), 1, 'only WFP MPC deviates from its standard');
  assert.match(await text(deviations.first()), /WFP Sarmada \(C4164\) MPC \+1\.9 % within tolerance/);
  assert.match(await page.locator('#dash-transfer-link').getAttribute('href'), /^#\/plan\/[^/]+\/harmonise$/);
  assert.match(await text(page.locator('#dash-overlaps h2')), /Overlaps to discuss \(1\)/);
  // One area and sector; its organisations sorted by name.
  assert.match(await text(page.locator('#dash-overlaps li')),
    /^IRC and NGO B · Mare' \(C1426\) · MPC · 1 pair of activities · targeted together 24,000 of 30,000 in need \(80\.0 %\)$/);
  assert.equal(await page.locator('#dash-filter-note').count(), 0, 'no note without a filter');
  assert.match(await cell(page, 'C4164|MPC').innerText(), /no PIN/);

  // Only IRC's activities: its reach against the whole need.
  await page.locator('#filter-org').selectOption('IRC');
  await page.locator('#dash-filter-note').waitFor();
  assert.match(await text(page.locator('#dash-filter-note')), /^Showing activities of IRC only\./);
  assert.match(page.url(), /[?&]org=IRC(&|$)/, 'the filter is kept in the URL');
  const checkIrcOnly = async () => {
    assert.match(await cell(page, 'C1426|MPC').innerText(), /40\.0 % partial/);
    assert.equal(await cell(page, 'C4164|MPC').count(), 0, "WFP's cash in Sarmada is not IRC's");
    assert.match(await cell(page, 'C4164|WSH').innerText(), /0\.0 % none/);
    const totals = await text(page.locator('#totals'));
    assert.match(totals, /People in need 132,000 Targeted 18,000 Reached 12,000/);
    assert.match(totals, /Partners 1/);
    assert.equal(await text(page.locator('#dash-flag-counts')), '1 within tolerance 0 above tolerance 0 below tolerance 0 not comparable');
    assert.match(await text(page.locator('#dash-overlaps h2')), /\(1\)/, "IRC is one side of the overlap");
    assert.match(await page.locator('#dash-overlaps-link').getAttribute('href'), /\/harmonise\?org=IRC$/);
  };
  await checkIrcOnly();
  await waitSaved(page);

  // A bookmark: the reload opens the same narrowed view.
  await page.reload();
  await cell(page, 'C1426|MPC').waitFor();
  assert.equal(await page.locator('#filter-org').inputValue(), 'IRC');
  await checkIrcOnly();

  // Voucher only: WFP's food vouchers, and no overlap (both sides are cash).
  await page.locator('#filter-modality').selectOption('voucher');
  await page.locator('#dash-filter-note', { hasText: 'Showing voucher activities of IRC only' }).waitFor();
  assert.match(page.url(), /modality=voucher/);
  await page.locator('#filter-org').selectOption('');
  await page.locator('#dash-filter-note', { hasText: 'Showing voucher activities only' }).waitFor();
  assert.equal(await cell(page, 'C1426|MPC').count(), 1, 'the need stays in the matrix');
  assert.match(await cell(page, 'C1426|MPC').innerText(), /0\.0 % none/);
  assert.match(await text(page.locator('#dash-overlaps h2')), /\(0\)/);

  // Clear filters restores the whole plan.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.locator('#dash-filter-note').waitFor({ state: 'detached' });
  assert.doesNotMatch(page.url(), /org=|modality=/);
  assert.match(await cell(page, 'C4164|MPC').innerText(), /no PIN/);
  assert.equal(await text(page.locator('#dash-flag-counts')), '4 within tolerance 0 above tolerance 0 below tolerance 2 not comparable');
  assert.equal(await page.locator('#filter-org').inputValue(), '');
  await assertAccessible(page, 'Overview of the dashboard plan');
});

/** The matrix's rows as shown: area header and gap column. */
const matrixRows = (page) => page.locator('#gap-matrix tbody tr').evaluateAll((rows) => rows.map((r) => ({
  area: r.querySelector('th').innerText, gap: Number(r.cells[r.cells.length - 2].innerText.replace(/,/g, '')),
})));

test('the gap matrix sorts by gap, folds quiet areas and becomes a compact heat map, by keyboard too', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByRole('button', { name: 'Open NW Syria dashboard' }).click();
  await openTab(page, 'Overview');
  await cell(page, 'C1426|MPC').waitFor();
  const byArea = await matrixRows(page);
  assert.ok(byArea.length >= 3, JSON.stringify(byArea));

  // Gap, largest first; again, smallest first; Area restores the order by code.
  const gapHeader = page.locator('#gap-matrix thead th', { hasText: 'Gap' });
  await gapHeader.getByRole('button').click();
  assert.equal(await gapHeader.getAttribute('aria-sort'), 'descending');
  const largest = await matrixRows(page);
  assert.deepEqual(largest.map((r) => r.gap), [...byArea.map((r) => r.gap)].sort((a, b) => b - a));
  assert.ok(largest[0].gap > largest.at(-1).gap, 'the fixture has different gaps');
  await gapHeader.getByRole('button').click();
  assert.equal(await gapHeader.getAttribute('aria-sort'), 'ascending');
  assert.deepEqual((await matrixRows(page)).map((r) => r.gap), [...byArea.map((r) => r.gap)].sort((a, b) => a - b));
  await page.locator('#gap-matrix thead th').first().getByRole('button', { name: 'Area' }).click();
  assert.deepEqual(await matrixRows(page), byArea);

  // Only WASH: areas with neither a WASH need nor a WASH activity fold away until asked for.
  await page.locator('#filter-sector').selectOption('WSH');
  const quiet = page.locator('#gap-quiet');
  await quiet.waitFor();
  const folded = (await matrixRows(page)).length;
  const hidden = Number((await quiet.innerText()).match(/Show (\d+) areas? without people in need or activities/)[1]);
  assert.ok(hidden > 0 && folded > 0, `${folded} shown, ${hidden} folded`);
  assert.equal(await quiet.getAttribute('aria-expanded'), 'false');
  await quiet.click();
  assert.equal((await matrixRows(page)).length, folded + hidden);
  assert.match(await quiet.innerText(), /^Hide /);
  await quiet.click();
  assert.equal((await matrixRows(page)).length, folded);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await cell(page, 'C4164|MPC').waitFor();

  // Compact heat map: colour alone until a cell has the focus, then its band in words; the
  // accessible name always starts with them. Enter opens the activities behind the cell.
  await page.locator('#gap-compact').click();
  assert.equal(await page.locator('#gap-compact').getAttribute('aria-pressed'), 'true');
  const none = cell(page, 'C4164|WSH');
  assert.match(await none.getAttribute('class'), /\bheat-none\b/);
  const words = none.locator('.heat-words');
  assert.equal(await words.isVisible(), false, 'no words until focused');
  assert.match(await none.getAttribute('aria-label'), /^0\.0 % none — /);
  await none.focus();
  assert.equal(await words.isVisible(), true);
  assert.equal(await words.innerText(), '0.0 % none');
  await assertAccessible(page, 'compact heat map with a focused cell');
  await page.keyboard.press('Enter');
  await page.locator('#cell-detail').waitFor();
  assert.equal(await none.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth) <= 0, true);
  await page.setViewportSize({ width: 360, height: 740 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth) <= 0, true,
    'the compact matrix fits a 360 px phone');
  await page.setViewportSize({ width: 1280, height: 720 });
});
