// The Data page's table, sort and search are kept in the URL: a reload or a bookmark shows
// the same rows, typing a search does not fill the Back button's history, and a visit to
// another page of the plan keeps the view. Areas from tests/fixtures/hxl/areas.csv:
// "mare" finds Mare' the sub-district (SY020302, 120,000 people) and Mare' the community
// (C1426, 45,000), so by population, largest first, SY020302 leads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, serveApp, launchBrowser, openApp, waitSaved, confirmHxlImport } from './harness.mjs';

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const historyLength = (page) => page.evaluate(() => history.length);

async function assertAreasView(page, why) {
  const areasTab = page.getByRole('tab', { name: /^Areas/ });
  await page.locator('#areas-table-count', { hasText: 'of 2 matching areas' }).waitFor();
  assert.equal(await areasTab.getAttribute('aria-selected'), 'true', `${why}: the Areas tab is selected`);
  assert.equal(await page.getByRole('tab', { name: /^Activities/ }).getAttribute('aria-selected'), 'false');
  const population = page.locator('#areas-table th', { hasText: 'Population' });
  assert.equal(await population.getAttribute('aria-sort'), 'descending', `${why}: sorted by population, largest first`);
  assert.equal(await page.locator('#areas-table th[aria-sort]').count(), 1, 'one sorted column');
  assert.equal(await page.getByLabel('Search areas').inputValue(), 'mare', `${why}: the search box holds the text`);
  const rows = page.locator('#areas-table tbody tr[data-id]');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id)), ['SY020302', 'C1426']);
}

test('table, sort and search survive a reload and a visit to another page', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('Bookmarked view');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  const pages = page.getByRole('navigation', { name: 'Plan pages' });
  await pages.getByRole('link', { name: 'Import' }).click();
  await page.locator('#import-hxl-files').setInputFiles(join(root, 'tests', 'fixtures', 'hxl', 'areas.csv'));
  await page.locator('#import-hxl-preview').waitFor();
  await confirmHxlImport(page);
  await waitSaved(page);

  await pages.getByRole('link', { name: 'Data' }).click();
  assert.match(page.url(), /#\/plan\/[^/?]+\/data$/, 'the default view adds nothing to the URL');
  await page.getByRole('tab', { name: /^Areas/ }).click();
  await page.locator('#areas-table').waitFor();
  assert.match(page.url(), /\/data\?table=areas$/);
  const afterTab = await historyLength(page);

  // Two clicks: ascending, then descending; then a search typed key by key.
  const population = page.locator('#areas-table th', { hasText: 'Population' });
  await population.getByRole('button').click();
  assert.equal(await population.getAttribute('aria-sort'), 'ascending');
  await population.getByRole('button').click();
  await page.getByLabel('Search areas').pressSequentially('mare');
  await assertAreasView(page, 'as typed');
  await page.waitForFunction(() => location.hash.endsWith('?table=areas&sort=-population&q=mare'));
  assert.equal(await historyLength(page), afterTab, 'sorting and typing replace the history entry');

  // Another page and back: the page links carry the view.
  await pages.getByRole('link', { name: 'Overview' }).click();
  await page.locator('#table-title').waitFor({ state: 'detached' });
  await pages.getByRole('link', { name: 'Data' }).click();
  await assertAreasView(page, 'back from the overview');

  await page.reload();
  await assertAreasView(page, 'after a reload');

  // Another table starts unsorted and unsearched; Back returns to the areas as they were.
  await page.getByRole('tab', { name: /^Sectors/ }).click();
  await page.locator('#sectors-table').waitFor();
  assert.equal(await page.getByLabel('Search sectors').inputValue(), '');
  assert.match(page.url(), /\/data\?table=sectors$/);
  await page.goBack();
  await assertAreasView(page, 'after Back');

  // An old or mistyped bookmark still opens: an unknown sort is ignored, the rest applies.
  const base = page.url().split('#')[0];
  const plan = page.url().match(/#\/plan\/([^/]+)\//)[1];
  await page.goto(`${base}#/plan/${plan}/data?table=areas&sort=-budget&q=mare`);
  await page.reload();
  await page.locator('#areas-table-count', { hasText: 'of 2 matching areas' }).waitFor();
  assert.equal(await page.locator('#areas-table th[aria-sort]').count(), 0, 'no column claims the unknown sort');
});
