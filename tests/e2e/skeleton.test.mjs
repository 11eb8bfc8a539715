// The foundation journey: create a plan, enter an area, a need and an activity, see the
// coverage, reload, export, import into a fresh profile, and work offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveApp, launchBrowser, openApp, waitForServiceWorker, waitSaved, portAccepts } from './harness.mjs';

let server, first, second;
before(async () => { server = await serveApp(); first = await launchBrowser(); second = await launchBrowser(); });
after(async () => { await first?.close(); await second?.close(); await server?.stop(); });

async function createPlan(page, name, country) {
  await page.getByLabel('Plan name').fill(name);
  await page.getByLabel('Country (ISO3)').fill(country);
  await page.getByRole('button', { name: 'Create plan' }).click();
  await page.getByRole('link', { name: 'Data' }).click();
  await page.getByRole('tab', { name: /^Areas/ }).click();
  await page.getByRole('heading', { name: 'Add an area' }).waitFor();
}

async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name }).click();
}

async function enterData(page) {
  await page.getByRole('tab', { name: /^Areas/ }).click();
  await page.getByLabel('P-code').fill('SY02');
  await page.getByLabel('Name', { exact: true }).fill('Aleppo');
  await page.getByRole('button', { name: 'Add area' }).click();

  await page.getByRole('tab', { name: /^People in need/ }).click();
  await page.locator('#need-area').fill('SY02');
  await page.locator('#need-sector').selectOption('MPC');
  await page.locator('#need-pin').fill('1,000');
  await page.getByRole('button', { name: 'Add need' }).click();

  await page.getByRole('tab', { name: /^Activities/ }).click();
  await page.getByLabel('Reporting organisation').fill('NGO A');
  await page.locator('#activity-sector').selectOption('MPC');
  await page.locator('#activity-area').fill('SY02');
  await page.getByLabel('People targeted').fill('600');
  await page.getByLabel('People reached').fill('250');
  await page.getByLabel('Site or camp', { exact: true }).fill('Camp A');
  await page.getByLabel(/^Latitude/).fill('36.2021');
  await page.getByLabel(/^Longitude/).fill('37.1343');
  await page.getByLabel(/^Reporting month/).fill('2024-02');
  await page.getByRole('button', { name: 'Add activity' }).click();
}

test('a plan is created, edited, saved, exported, imported elsewhere and works offline', async () => {
  const page = await openApp(first.context, server.url);
  await createPlan(page, 'Earthquake response', 'SYR');

  // A bad entry is refused with a message beside the field, and nothing is added.
  await page.getByRole('tab', { name: /^Activities/ }).click();
  await page.getByLabel('Reporting organisation').fill('NGO A');
  await page.locator('#activity-sector').selectOption('MPC');
  await page.getByLabel('People targeted').fill('-5');
  await page.getByLabel(/^Latitude/).fill('36.2021');
  await page.getByRole('button', { name: 'Add activity' }).click();
  await page.locator('#activity-targeted-error', { hasText: 'negative' }).waitFor();
  await page.locator('#activity-area-error', { hasText: 'Required' }).waitFor();
  await page.locator('#activity-longitude-error', { hasText: 'a latitude without its longitude' }).waitFor();

  await enterData(page);
  await page.locator('#activities-table tbody tr').first().waitFor();
  assert.equal(await page.locator('#activities-table tbody tr').count(), 1);
  await openTab(page, 'Overview');
  const coverage = page.locator('[data-cell="SY02|MPC"]');
  await assert.doesNotReject(coverage.waitFor());
  assert.match(await coverage.innerText(), /25\.0\s*%/);
  assert.match(await coverage.innerText(), /low/);
  await waitSaved(page);

  // Saved in IndexedDB: there after a reload, on the same page (the URL keeps the view).
  await page.reload();
  await coverage.waitFor();
  assert.match(await coverage.innerText(), /25\.0\s*%/);
  await coverage.click();
  await page.locator('#cell-detail', { hasText: 'NGO A' }).waitFor();

  // Export the plan file.
  await openTab(page, 'Import');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-plan').click()]);
  assert.match(download.suggestedFilename(), /^earthquake-response-\d{4}-\d{2}-\d{2}\.cashplan\.json$/);
  const path = await download.path();
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(exported.type, 'cashplan');
  assert.equal(exported.version, 1);
  // The site, coordinates and month typed in the form are in the plan.
  const typed = JSON.stringify(exported);
  for (const part of ['"site":"Camp A"', '"latitude":36.2021', '"longitude":37.1343', '"month":"2024-02"']) {
    assert.ok(typed.includes(part), `the exported activity has ${part}`);
  }

  // Import it into a fresh browser profile, after a preview.
  const other = await openApp(second.context, server.url);
  await other.locator('#import-plan-file').setInputFiles(path);
  await other.locator('#import-preview', { hasText: 'new to this browser' }).waitFor();
  await other.getByRole('button', { name: 'Import', exact: true }).click();
  await other.getByRole('button', { name: 'Open Earthquake response' }).click();
  await other.locator('[data-cell="SY02|MPC"]').waitFor();
  assert.match(await other.locator('[data-cell="SY02|MPC"]').innerText(), /25\.0\s*%/);

  // A file that is not a plan is refused with a clear message, and nothing changes.
  await other.getByRole('button', { name: 'All plans' }).click();
  await other.locator('#import-plan-file').setInputFiles({ name: 'notes.cashplan.json', mimeType: 'application/json', buffer: Buffer.from('{"type":"cashplan","vers') });
  await other.getByRole('alert').filter({ hasText: 'notes.cashplan.json' }).waitFor();
  assert.equal(await other.locator('.plans li').count(), 1);

  // Offline: stop the server, check it is really gone, reload: app and data are there.
  await waitForServiceWorker(page);
  await server.stop();
  assert.equal(await portAccepts(server.port), false, 'the server must refuse connections');
  await openTab(page, 'Overview');
  await page.reload();
  await page.locator('[data-cell="SY02|MPC"]').waitFor();
  assert.match(await page.locator('[data-cell="SY02|MPC"]').innerText(), /25\.0\s*%/);
  await openTab(page, 'Data');
  await page.locator('#activities-table tbody tr', { hasText: 'NGO A' }).waitFor();
});
