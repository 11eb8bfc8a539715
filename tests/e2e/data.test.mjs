// The data page a coordinator uses all day: 20,000 imported activities stay quick (only the
// rows in view are in the page), sort, search, inline edits with checks, the sector lead
// that the overview names for every gap, bulk delete and undo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, launchBrowser, openApp, confirmHxlImport, waitSaved } from './harness.mjs';
import { createPlan, addArea, openTable } from './plans-steps.mjs';
import { bigPlanFiles, district, org } from './big-plan.mjs';

const ROWS = 20_000;

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const slow = { timeout: 120_000 };

test('20,000 activities: virtual rows, sort, search, inline edits, lead in the overview, bulk delete and undo', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('Big 5W');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  const tabs = page.getByRole('navigation', { name: 'Plan pages' });

  // Import areas, needs and 20,000 activities together.
  await tabs.getByRole('link', { name: 'Import' }).click();
  await page.locator('#import-hxl-files').setInputFiles(bigPlanFiles(ROWS));
  await page.locator('#import-hxl-preview').waitFor(slow);
  await confirmHxlImport(page);

  // Only the rows in view are in the page, but the count says all 20,000.
  await tabs.getByRole('link', { name: 'Data' }).click();
  const count = page.locator('#activities-table-count');
  await page.locator('#activities-table-count', { hasText: 'of 20,000 matching activities' }).waitFor(slow);
  const rows = page.locator('#activities-table tbody tr[data-id]');
  assert.ok(await rows.count() > 5, 'the first rows are shown');
  assert.ok(await page.locator('#activities-table tr').count() < 200, 'fewer than 200 rows in the page');

  // Scrolling to the bottom shows the last row.
  await page.locator('.tbl-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator(`#activities-table tr[aria-rowindex="${ROWS + 1}"]`).waitFor();
  assert.match(await count.innerText(), /–20,000 of 20,000/);
  assert.ok(await page.locator('#activities-table tr').count() < 200);

  // Sort by reached: ascending, then descending.
  const reachedHeader = page.locator('#activities-table th', { hasText: 'Reached' });
  await reachedHeader.getByRole('button').click();
  assert.equal(await reachedHeader.getAttribute('aria-sort'), 'ascending');
  const reachedCell = (row) => row.locator('td').nth(8);
  assert.equal(await reachedCell(rows.first()).innerText(), '2');
  await reachedHeader.getByRole('button').click();
  assert.equal(await reachedHeader.getAttribute('aria-sort'), 'descending');
  assert.equal(await reachedCell(rows.first()).innerText(), (2 * ROWS).toLocaleString('en-US'));

  // Search narrows the rows: every word must match.
  let expected = 0;
  for (let i = 1; i <= ROWS; i++) if (org(i) === 'IRC' && district(i) === 'SY0302') expected++;
  await page.getByLabel('Search activities').fill('IRC SY0302');
  await page.locator('#activities-table-count', { hasText: `of ${expected} matching activities (20,000 in all)` }).waitFor();
  for (const text of await rows.allInnerTexts()) assert.match(text, /IRC[\s\S]*SY0302/);

  // Bulk delete two selected activities, after a confirmation; Undo brings them back.
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Delete selected (2)' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete 2' }).click();
  await page.locator('#activities-table-count', { hasText: `of ${expected - 2} matching activities (19,998 in all)` }).waitFor();
  await page.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
  await page.locator('#activities-table-count', { hasText: `of ${expected} matching activities (20,000 in all)` }).waitFor();

  // The 5W form: the area is picked from the tree by typing names; problems show beside their fields.
  await page.getByLabel('Reporting organisation').fill('NGO B');
  await page.locator('#activity-sector').selectOption('MPC');
  await page.locator('#activity-area').fill('governorate 03 district 0302');
  await page.getByRole('option', { name: 'Governorate 03 › District 0302 (SY0302)' }).click();
  assert.equal(await page.locator('#activity-area').inputValue(), 'SY0302');
  await page.locator('#activity-modality').selectOption('cash');
  await page.locator('#activity-start').fill('2024-03-01');
  await page.locator('#activity-end').fill('2024-02-01');
  await page.getByRole('button', { name: 'Add activity' }).click();
  await page.locator('#activity-value-error', { hasText: 'without a transfer value' }).waitFor();
  await page.locator('#activity-end-error', { hasText: 'is before start' }).waitFor();
  assert.match(await count.innerText(), /\(20,000 in all\)/, 'nothing was added');

  // An invalid inline edit shows the message beside the field and changes nothing.
  await page.getByRole('tab', { name: /^Areas/ }).click();
  const aleppo = page.locator('#areas-table tr[data-id="SY01"]');
  await aleppo.getByRole('button', { name: 'Edit area' }).click();
  await page.locator('#areas-table-edit-population').fill('-5');
  await page.locator('#areas-table-edit-population').press('Enter');
  await page.locator('#areas-table-edit-population-error', { hasText: 'negative' }).waitFor();
  assert.equal(await page.locator('#areas-table-edit-population').getAttribute('aria-describedby'), 'areas-table-edit-population-error');
  await page.locator('#areas-table-edit-population').press('Escape');
  await aleppo.getByRole('button', { name: 'Edit area' }).waitFor();
  assert.match(await aleppo.innerText(), /100,000/);

  // Standards are a Data table too: added with the form, sorted, searched and edited inline.
  await page.getByRole('tab', { name: /^Standards/ }).click();
  for (const [sector, value] of [['MPC', '120'], ['FSC', '90']]) {
    await page.locator('#new-std-sector').selectOption(sector);
    await page.locator('#new-std-value').fill(value);
    await page.getByRole('button', { name: 'Add standard' }).click();
    await page.locator(`#standards-table tr[data-id="${sector}|transfer|*|-"]`).waitFor();
  }
  const standards = page.locator('#standards-table tbody tr[data-id]');
  const valueHeader = page.locator('#standards-table th', { hasText: 'Recommended value' });
  await valueHeader.getByRole('button').click();
  assert.equal(await valueHeader.getAttribute('aria-sort'), 'ascending');
  assert.equal(await standards.first().getAttribute('data-id'), 'FSC|transfer|*|-');
  await page.getByLabel('Search standards').fill('MPC');
  await page.locator('#standards-table-count', { hasText: 'of 1 matching standards (2 in all)' }).waitFor();
  const mpcStandard = page.locator('#standards-table tr[data-id="MPC|transfer|*|-"]');
  await mpcStandard.getByRole('button', { name: 'Edit standard MPC' }).click();
  await page.locator('#standards-table-edit-value').fill('135');
  await page.locator('#standards-table-edit-value').press('Enter');
  await mpcStandard.filter({ hasText: '135' }).waitFor();
  await mpcStandard.getByRole('button', { name: 'Edit standard MPC' }).click();
  await page.locator('#standards-table-edit-value').fill('abc');
  await page.locator('#standards-table-edit-value').press('Enter');
  await page.locator('#standards-table-edit-value-error', { hasText: '“abc” is not an amount' }).waitFor();
  await page.locator('#standards-table-edit-value').press('Escape');
  await mpcStandard.getByRole('button', { name: 'Edit standard MPC' }).waitFor();
  assert.match(await mpcStandard.innerText(), /135/);

  // The sector lead, edited inline, is who the overview holds accountable for the gaps.
  await page.getByRole('tab', { name: /^Sectors/ }).click();
  const mpc = page.locator('#sectors-table tr[data-id="MPC"]');
  await mpc.getByRole('button', { name: 'Edit sector MPC' }).click();
  await page.locator('#sectors-table-edit-lead').fill('UNHCR Syria');
  await page.locator('#sectors-table-edit-lead').press('Enter');
  await mpc.filter({ hasText: 'UNHCR Syria' }).waitFor();
  await tabs.getByRole('link', { name: 'Overview' }).click();
  await page.locator('#worst-gaps', { hasText: 'accountable: UNHCR Syria' }).waitFor(slow);
});

test('what someone is typing survives the page re-rendering around it (going offline, an autosave)', async () => {
  const page = await openApp(browser.context, server.url);
  await createPlan(page, 'Typing');
  await addArea(page, 'SY01');
  await waitSaved(page);
  // The page re-renders when the network goes and comes back (the header says so).
  const rerender = async () => {
    await browser.context.setOffline(true);
    await page.locator('#network-status.offline').waitFor();
    await browser.context.setOffline(false);
    await page.locator('#network-status.offline').waitFor({ state: 'detached' });
  };

  // An inline edit: the typed population is what Enter saves.
  const row = page.locator('#areas-table tr[data-id="SY01"]');
  await row.getByRole('button', { name: 'Edit area' }).click();
  await page.locator('#areas-table-edit-population').fill('250');
  await rerender();
  assert.equal(await page.locator('#areas-table-edit-population').inputValue(), '250');
  await page.locator('#areas-table-edit-population').press('Enter');
  await row.filter({ hasText: '250' }).waitFor();

  // The 5W form's dates stay as typed, and their check runs on them.
  await openTable(page, 'Activities');
  await page.locator('#activity-start').fill('2024-03-01');
  await page.locator('#activity-end').fill('2024-02-01');
  await rerender();
  assert.equal(await page.locator('#activity-start').inputValue(), '2024-03-01');
  await page.getByRole('button', { name: 'Add activity' }).click();
  await page.locator('#activity-end-error', { hasText: 'is before start' }).waitFor();
  assert.equal(await page.locator('#activity-end').inputValue(), '2024-02-01', 'the date with the problem is still there to fix');
});
