// Issue 3 in the browser: import the HXL fixtures, read the gap matrix at two admin levels,
// export the gap report, and find everything again after an offline reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, serveApp, launchBrowser, openApp, waitForServiceWorker, waitSaved, portAccepts, confirmHxlImport } from './harness.mjs';

const fixture = (name) => join(root, 'tests', 'fixtures', 'hxl', name);
let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const cell = (page, key) => page.locator(`[data-cell="${key}"]`);
async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name }).click();
}

test('HXL fixtures import into a gap matrix with the right numbers, also offline', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('NW Syria');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await openTab(page, 'Import');

  // A file with a bad row is refused whole, with file, row and column named.
  await page.locator('#import-hxl-files').setInputFiles({ name: 'bad-needs.csv', mimeType: 'text/csv',
    buffer: Buffer.from('#adm1+code,#sector,#inneed\nSY99,MPC,-3\n') });
  const refused = page.locator('#import-errors');
  await refused.waitFor();
  assert.match(await refused.innerText(), /bad-needs\.csv/);
  assert.match(await refused.innerText(), /row 2/i);
  await refused.getByRole('button', { name: 'Dismiss' }).click();

  // Needs and activities chosen before the areas they refer to still import: files are ordered.
  await page.locator('#import-hxl-files').setInputFiles([fixture('activities.csv'), fixture('needs.csv'), fixture('areas.csv')]);
  const preview = page.locator('#import-hxl-preview');
  await preview.waitFor();
  assert.match(await preview.innerText(), /areas\.csv: areas — 12 new/);
  assert.match(await preview.innerText(), /activities\.csv: activities — 6 new/);
  await confirmHxlImport(page);
  await waitSaved(page);

  await openTab(page, 'Overview');
  // Default level: the deepest with needs (communities). IRC reached 12,000 of 30,000 in Mare'.
  assert.match(await cell(page, 'C1426|MPC').innerText(), /40\.0 % partial/);
  assert.match(await cell(page, 'C4164|WSH').innerText(), /0\.0 % none/);
  assert.match(await cell(page, 'C4164|MPC').innerText(), /no PIN/);
  assert.match(await page.locator('#totals').innerText(), /132,000/);
  assert.match(await page.locator('#unallocated').innerText(), /Not allocated at admin level 4 \(2 activities, 4 needs\)/);
  // The worst gap names the cluster lead accountable for it.
  assert.match(await page.locator('#worst-gaps li').first().innerText(), /Sarmada.*gap of 90,000 people.*UNICEF/s);

  // Sub-districts: WFP's vouchers in A'zaz reached 42,000 of 180,000.
  await page.locator('#filter-level').selectOption('3');
  await cell(page, 'SY020300|FSC').waitFor();
  assert.match(await cell(page, 'SY020300|FSC').innerText(), /23\.3 % low/);
  assert.match(page.url(), /level=3/, 'the filter is kept in the URL');

  // The gap report as HXL CSV.
  await openTab(page, 'Import');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-gaps').click()]);
  assert.equal(download.suggestedFilename(), 'nw-syria-gaps-admin3.csv');
  const csv = readFileSync(await download.path(), 'utf8').split('\n');
  assert.equal(csv[1], '#adm3+code,#adm3+name,#sector,#inneed,#targeted,#reached,#indicator+coverage+pct,#indicator+coverage+planned+pct,#indicator+gap,#indicator+gap+planned,#org+num,#indicator+band,#org+lead');
  assert.ok(csv.includes("SY020300,A'zaz,FSC,180000,60000,42000,23.3,33.3,138000,120000,1,low,WFP / FAO"), csv.join('\n'));

  // For sharing outside the group: counts under the threshold are hidden in every download
  // from then on (here Mercy Corps' 900 people and 180 households reached), and the file says so.
  await page.getByLabel('Hide small counts in the tables, reports, workbook and maps downloaded').check();
  const threshold = page.getByLabel('Hide counts of fewer than');
  await threshold.fill('1');
  await threshold.press('Tab');
  await page.locator('#export-protect-error', { hasText: 'outside 2 to 1000' }).waitFor();
  await threshold.fill('1000');
  await threshold.press('Tab');
  await page.locator('#export-protect-note', { hasText: 'written as <1000' }).waitFor();
  assert.equal(await page.locator('#export-protect-error').count(), 0);
  const [table] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'activities', exact: true }).click()]);
  assert.equal(table.suggestedFilename(), 'nw-syria-activities-protected.csv');
  const rows = readFileSync(await table.path(), 'utf8').split('\n');
  const mercy = rows.find((r) => r.startsWith('Mercy Corps') || r.includes(',Mercy Corps,'));
  assert.ok(mercy && mercy.includes('<1000') && !mercy.includes(',900,') && !mercy.includes(',180,'), mercy);
  assert.match(rows[1], /#meta\+privacy/);
  // The choice is remembered by this browser; turning it off gives the full figures again.
  await page.reload();
  assert.equal(await page.getByLabel('Hide small counts in the tables, reports, workbook and maps downloaded').isChecked(), true);
  await page.getByLabel('Hide small counts in the tables, reports, workbook and maps downloaded').uncheck();
  const [full] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'activities', exact: true }).click()]);
  assert.equal(full.suggestedFilename(), 'nw-syria-activities.csv');
  assert.ok(readFileSync(await full.path(), 'utf8').includes(',900,'));

  // Offline: the server is gone, the app and the imported data are still there.
  await openTab(page, 'Overview');
  await waitForServiceWorker(page);
  await server.stop();
  assert.equal(await portAccepts(server.port), false);
  await page.reload();
  await cell(page, 'SY020300|FSC').waitFor();
  assert.match(await cell(page, 'SY020300|FSC').innerText(), /23\.3 % low/);
  assert.match(await page.locator('#network-status').innerText(), /Online|Offline/);
});
