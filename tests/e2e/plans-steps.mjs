// Steps the plans and sharing journeys share: creating a plan, adding areas, checking
// which areas a page shows, importing a 5W CSV and downloading plan files.
import { readFileSync } from 'node:fs';
import { confirmHxlImport } from './harness.mjs';

export async function createPlan(page, name, country = 'SYR') {
  await page.getByLabel('Plan name').fill(name);
  await page.getByLabel('Country (ISO3)').fill(country);
  await page.getByRole('button', { name: 'Create plan' }).click();
  await openTab(page, 'Data');
}

export async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name }).click();
  if (name === 'Data') await page.getByRole('tablist', { name: 'Tables' }).waitFor();
}

/** Shows one of the Data page's tables (Areas, Activities, …). */
export async function openTable(page, name) {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

export async function addArea(page, code) {
  await openTable(page, 'Areas');
  await page.getByLabel('P-code').fill(code);
  await page.getByLabel('Name', { exact: true }).fill(`Area ${code}`);
  await page.getByRole('button', { name: 'Add area' }).click();
  await areaShown(page, code);
}

/** The area codes of the Data page's areas table. */
export async function areasShown(page) {
  await openTable(page, 'Areas');
  await page.locator('#areas-table').waitFor();
  return page.locator('#areas-table tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
}

export async function areaShown(page, code) {
  await openTable(page, 'Areas');
  await page.locator(`#areas-table tr[data-id="${code}"]`).waitFor({ state: 'attached' });
}

export async function areaGone(page, code) {
  await openTable(page, 'Areas');
  await page.locator(`#areas-table tr[data-id="${code}"]`).waitFor({ state: 'detached' });
}

export async function addActivity(page, org, targeted, reached) {
  await openTable(page, 'Activities');
  await page.getByLabel('Reporting organisation').fill(org);
  await page.locator('#activity-sector').selectOption('MPC');
  await page.locator('#activity-area').fill('SY02');
  await page.getByLabel('People targeted').fill(String(targeted));
  await page.getByLabel('People reached').fill(String(reached));
  await page.getByRole('button', { name: 'Add activity' }).click();
  await page.locator('#activities-table tbody tr', { hasText: org }).first().waitFor();
}

/** Imports 5W rows (objects with org, targeted, reached, id, what) as an HXL CSV. */
export async function importActivities(page, rows) {
  const lines = ['Organisation,Sector,Area,Activity,Targeted,Reached,ID', '#org+prog,#sector,#adm1+code,#activity,#targeted,#reached,#meta+id',
    ...rows.map((r) => [r.org, 'MPC', 'SY02', r.what ?? '', r.targeted, r.reached, r.id].join(','))];
  await openTab(page, 'Import');
  await page.locator('#import-hxl-files').setInputFiles({ name: '5w.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.locator('#import-hxl-preview').waitFor();
  await confirmHxlImport(page);
}

/** Clicks a button that offers a download; returns the file name and the parsed file. */
export async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, json: JSON.parse(readFileSync(path, 'utf8')) };
}

/** The row of the activities table with this text (and not `without`), as its cells' text. */
export async function activityRow(page, text, without) {
  await openTable(page, 'Activities');
  const row = page.locator('#activities-table tbody tr', { hasText: text, ...(without ? { hasNotText: without } : {}) });
  await row.first().waitFor();
  return row.first().locator('td').allInnerTexts();
}
