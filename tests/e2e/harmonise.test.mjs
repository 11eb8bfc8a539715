// The harmonisation journey: import the HXL fixtures, see who deviates from the agreed
// transfer values, find an overlap, use the calculator, change a standard and watch the
// flags follow. Expected figures are worked out by hand from tests/fixtures/hxl:
//   IRC MPC C1426: 120 USD/HH monthly vs 120 nationwide MPC standard → 0.0 %, within;
//     MEB SY02 192 → 62.5 %; criteria {Displaced} vs {Displaced, Female-headed} → 0.50.
//   WFP MPC C4164: 3900 TRY monthly from 2024-01; TRY→USD is 1 / 31.9 (the 0.0307 rate
//     starts 2024-03) → 122.26 USD, +1.9 %, within; MEB SY07 4100 TRY → 95.1 %.
//   WFP FSC SY020300: the only FSC standard is for SY07 → no standard.
//   Mercy Corps ERL: 10 USD/day vs 10 → within, above the 8 USD market wage.
//   Violet SHL: 250 one-off vs 250 one-off → within.  Syria Relief WSH: in-kind.
// With the MPC standard at 135: IRC 120/135 − 1 = −11.1 % (below the 10 % tolerance);
// WFP 122.257/135 − 1 = −9.4 % (within).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { serveApp, launchBrowser, openApp, waitSaved, root, confirmHxlImport, assertAccessible } from './harness.mjs';

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const fixtures = ['areas', 'needs', 'activities', 'standards', 'meb', 'rates']
  .map((name) => join(root, 'tests', 'fixtures', 'hxl', `${name}.csv`));

async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name }).click();
}

/** The deviation row of an organisation's activity in a sector. */
function row(page, org, sector) {
  return page.locator('#harm-deviations tbody tr').filter({ hasText: org }).filter({ has: page.locator('td', { hasText: new RegExp(`^${sector}$`) }) });
}

async function assertRow(page, org, sector, expected) {
  const cells = row(page, org, sector);
  await cells.waitFor();
  const text = await cells.innerText();
  for (const part of expected) assert.ok(text.includes(part), `${org} ${sector}: expected “${part}” in “${text}”`);
}

test('a coordinator sees deviations, overlaps and proposals, and edits a standard', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('NW Syria CWG');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();

  await openTab(page, 'Import');
  await page.locator('#import-hxl-files').setInputFiles(fixtures);
  await page.locator('#import-hxl-preview').waitFor();
  await confirmHxlImport(page);

  // A second partner serving Mare' with multipurpose cash at open dates: an overlap with IRC.
  // (Imported: the data form refuses cash without a value, which is what this row tests.)
  await page.locator('#import-hxl-files').setInputFiles({ name: 'ngo-b.csv', mimeType: 'text/csv',
    buffer: Buffer.from('#org+prog,#sector,#adm4+code,#modality,#targeted,#status,#value+transfer,#currency\nNGO B,MPC,C1426,Cash,6000,ongoing,50,USD\n') });
  await confirmHxlImport(page);

  await openTab(page, 'Harmonisation');
  await page.locator('#harm-deviations').waitFor();
  assert.match(await page.locator('#harm-counts').innerText(),
    /6 cash and voucher activities: 4 compared with a standard — 4 within tolerance, 0 above, 0 below; 2 could not be compared\. 1 other/);

  await assertRow(page, 'IRC', 'MPC', ['120.00', 'per household per month', 'USD', '0.0 %', 'within tolerance', '62.5 %', 'similarity 0.50', 'missing: Female-headed households']);
  await assertRow(page, 'WFP', 'MPC', ['122.26', '+1.9 %', 'within tolerance', '95.1 %', 'similarity 0.00']);
  await assertRow(page, 'WFP', 'FSC', ['no standard', 'Add a standard for this sector']);

  // The same report as the command line's, as HXL CSV.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-harmonisation').click()]);
  const lines = readFileSync(await download.path(), 'utf8').split('\n');
  assert.equal(lines[1], '#meta+id,#org+prog,#adm3+code,#adm4+code,#sector,#modality+conditionality,#value+transfer+normalised,#value+recommended,#currency,#indicator+deviation+pct,#indicator+flag,#indicator+meb+pct,#indicator+targeting+similarity');
  assert.ok(lines.some((l) => /^a-[0-9a-f]+,WFP,,C4164,MPC,unconditional,122\.26,120\.00,USD,1\.9,ok,95\.1,0\.00$/.test(l)), lines.join('\n'));
  await assertRow(page, 'Mercy Corps', 'ERL', ['10.00', 'per day worked', 'within tolerance', 'above market wage']);
  await assertRow(page, 'Violet', 'SHL', ['250.00', 'per household per payment', 'within tolerance']);
  await assertRow(page, 'NGO B', 'MPC', ['no frequency', 'Add the payment frequency']);
  assert.match(await page.locator('#harm-not-compared').innerText(), /1 activity — in-kind/);

  // Rows are in id order (ids derive from the rows' content, so the order is stable).
  const ids = await page.locator('#harm-deviations tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.activity));
  assert.deepEqual(ids, [...ids].sort());

  // The strip chart says in words what it draws.
  const mpcChart = page.locator('figure[data-sector="MPC"] svg');
  assert.match(await mpcChart.getAttribute('aria-label'), /^MPC, USD per household per month: 2 activities, 0 above, 0 below tolerance\. Recommended 120\.00 \(±10 %\)/);
  assert.match(await page.locator('figure[data-sector="MPC"] svg title').first().textContent(), /2 activities, 0 above, 0 below tolerance/);

  // Statistics per area at the deepest level (admin 4).
  const group = page.locator('#harm-groups tr[data-group="C4164|MPC"]');
  assert.match(await group.innerText(), /Sarmada \(C4164\)[\s\S]*122\.26[\s\S]*122\.26[\s\S]*122\.26[\s\S]*0\.00[\s\S]*100\.0 %/);

  // The overlap to take to the meeting.
  const overlap = page.locator('#harm-overlaps tbody tr');
  assert.equal(await overlap.count(), 1);
  const overlapText = await overlap.innerText();
  for (const part of ['Mare\' (C1426)', 'MPC', 'IRC', 'NGO B', '2024-02-01 to 2024-04-30', '24000', '30000', '80.0 %']) {
    assert.ok(overlapText.includes(part), `overlap: expected “${part}” in “${overlapText}”`);
  }
  // One area and sector, one pair behind it: open it with the keyboard.
  const show = page.locator('#harm-overlaps').getByRole('button', { name: 'Show 1 pair of activities' });
  assert.equal(await show.getAttribute('aria-expanded'), 'false');
  await show.focus();
  await page.keyboard.press('Enter');
  const pair = page.locator('#harm-overlaps tr[data-overlap]');
  await pair.waitFor();
  const pairText = await pair.innerText();
  for (const part of ['IRC', 'cash · 2024-02-01 to 2024-04-30 · targeted 18000', 'NGO B', 'cash · open start to open end · targeted 6000', '24000', '80.0 %']) {
    assert.ok(pairText.includes(part), `pair: expected “${part}” in “${pairText}”`);
  }
  assert.equal(await page.locator('#harm-overlaps').getByRole('button', { name: 'Hide 1 pair of activities' }).getAttribute('aria-expanded'), 'true');
  await assertAccessible(page, 'Harmonisation with an overlap opened');
  // The summary as HXL, one row per area and sector.
  const [byArea] = await Promise.all([page.waitForEvent('download'), page.locator('#export-overlaps').click()]);
  const overlapRows = readFileSync(await byArea.path(), 'utf8').trim().split('\n');
  assert.equal(overlapRows.length, 3, overlapRows.join('\n'));
  assert.match(overlapRows[1], /#sector,#org\+prog\+list,#activity\+num,#indicator\+pairs\+num/);
  assert.match(overlapRows[2], /C1426,MPC,IRC and NGO B,2,1,2024-02-01,2024-04-30,24000,30000,80\.0$/);

  // Filters: what could not be compared (no standard, no frequency), then by area name.
  await page.locator('#harm-filter-flag').selectOption('not-comparable');
  assert.equal(await page.locator('#harm-deviations tbody tr').count(), 2);
  await page.locator('#harm-filter-flag').selectOption('');
  await page.locator('#harm-filter-area').fill('sarm');
  await page.locator('#harm-shown', { hasText: 'Showing 1 of 6' }).waitFor();
  await page.locator('#harm-filter-area').fill('');

  // The calculator: 80 % of Aleppo's MEB (192) − 20 = 133.60, next to what partners pay.
  await page.locator('#calc-area').selectOption('SY02');
  await page.locator('#calc-sector').selectOption('MPC');
  await page.locator('#calc-date').fill('2024-03-01');
  await page.locator('#calc-share').fill('80');
  await page.locator('#calc-other').fill('20');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await page.locator('#harm-calc-proposed', { hasText: '133.60 USD' }).waitFor();
  assert.equal(await page.locator('#harm-calc-median').innerText(), '120.00 USD');
  await page.locator('#calc-share').fill('150');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await page.locator('#calc-share-error', { hasText: 'from 0 to 100' }).waitFor();
  await page.locator('#calc-share').fill('80');
  await page.locator('#calc-date').fill('2023-06-01');
  await page.getByRole('button', { name: 'Calculate' }).click();
  assert.match(await page.locator('#harm-calc-error').innerText(), /No MEB applies to area SY02 on 2023-06-01: add a MEB/);

  // A bad standard is refused beside its fields.
  await page.locator('#std-sector').selectOption('MPC');
  await page.locator('#std-value').fill('12,5');
  await page.getByRole('button', { name: 'Add standard' }).click();
  await page.locator('#std-value-error', { hasText: 'thousands separators' }).waitFor();

  // Raise the MPC standard to 135: IRC falls below tolerance, WFP stays within.
  // By keyboard: Enter on Edit moves the focus to the value, Enter in the field saves.
  await page.locator('tr[data-standard="MPC|transfer|*|2024-01-01"]').getByRole('button', { name: 'Edit' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Save standard' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'std-value', 'the form takes the focus');
  assert.equal(await page.locator('#std-value').inputValue(), '120');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('135');
  await page.keyboard.press('Enter');
  await assertRow(page, 'IRC', 'MPC', ['135.00', '-11.1 %', 'below tolerance']);
  await assertRow(page, 'WFP', 'MPC', ['-9.4 %', 'within tolerance']);
  assert.match(await mpcChart.getAttribute('aria-label'), /2 activities, 0 above, 1 below tolerance\. Recommended 135\.00/);
  await page.locator('#harm-filter-flag').selectOption('outside');
  assert.equal(await page.locator('#harm-deviations tbody tr').count(), 1);
  await assertRow(page, 'IRC', 'MPC', ['below tolerance']);
  await page.locator('#harm-filter-flag').selectOption('');
  await waitSaved(page);

  // Delete the standard: its activities now have none.
  await page.locator('tr[data-standard="MPC|transfer|*|2024-01-01"]').getByRole('button', { name: 'Delete' }).click();
  await assertRow(page, 'IRC', 'MPC', ['no standard']);

  // Usable on a 360 px phone: the page itself does not scroll sideways (tables do).
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 360 px screen`);
});
