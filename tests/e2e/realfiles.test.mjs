// Real files in, as a new user (issue 11): the P-code gazetteer (English and Arabic names),
// the HNO as published (a blank first row, the header on row 2, one people-in-need column per
// sector, the inter-sector PiN on its own sheet), then a partner's cash 4W with the template's
// odd headers. The mapping screen speaks the plan's words (no hashtags); the rejected rows
// download with the reason for each; the Overview measures multipurpose cash against the
// inter-sector people in need and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, root, assertAccessible, waitSaved } from './harness.mjs';

const fixture = (name) => join(root, 'tests', 'fixtures', 'realfiles', name);
/** A hashtag as HXL writes one (`#org+prog`); a header such as `# of Individuals` is none. */
const HASHTAG = /#[a-z][a-z0-9_]*(\+[a-z0-9_]+)*/i;

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name }).click();
}

/** The mapping screen's text, selects' options included, with no hashtag in it. */
async function assertNoHashtags(page, where) {
  const text = await page.locator('#sheet-mapping').evaluate((el) =>
    [el.innerText, ...[...el.querySelectorAll('option')].map((o) => o.textContent)].join('\n'));
  const found = text.match(HASHTAG);
  assert.equal(found, null, `${where}: the mapping screen shows the hashtag ${found?.[0]}`);
}

/** Rows of a CSV text (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [[]];
  let cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows.at(-1).push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.at(-1).push(cell); cell = ''; rows.push([]);
    } else cell += c;
  }
  if (cell !== '' || rows.at(-1).length) rows.at(-1).push(cell);
  return rows.filter((r) => r.length > 1 || r[0]);
}

/** Imports the checked rows and waits for the notice that starts with `said`, then the save. */
async function importChecked(page, said) {
  await page.locator('#sheet-import').click();
  await page.getByText(`Imported ${said}`).waitFor();
  await waitSaved(page);
}

/** Checks the mapped rows, imports them and gives the counts the preview showed. */
async function checkAndImport(page, said) {
  await page.locator('#sheet-check').click();
  await page.locator('#sheet-counts').waitFor();
  const counts = await page.locator('#sheet-counts').innerText();
  await importChecked(page, said);
  return counts;
}

test('gazetteer, wide HNO and a partner 4W in; MPC coverage against the inter-sector PiN', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('Syria real files');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await openTab(page, 'Import');

  // 1. The gazetteer: areas with their Arabic names.
  await page.locator('#sheet-file').setInputFiles(fixture('gazetteer.csv'));
  await page.locator('#sheet-mapping').waitFor();
  assert.equal(await page.getByLabel('admin1Name_ar', { exact: true }).inputValue(), '#adm1+name+i_ar');
  await assertNoHashtags(page, 'the gazetteer');
  const gazetteer = await checkAndImport(page, 'gazetteer.csv:');
  assert.match(gazetteer, /Rows read\s+3/);

  // 2. The HNO workbook: the header on row 2, sector columns become one need per sector.
  await page.locator('#sheet-file').setInputFiles(fixture('hno-wide.xlsx'));
  await page.getByRole('button', { name: 'PiN by sector' }).click();
  await page.locator('#sheet-mapping').waitFor();
  assert.match(await page.locator('#sheet-mapping').innerText(), /4 rows under the header row 2/);
  const food = page.locator('tr[data-column="Food_PIN"]');
  assert.equal(await food.getByLabel('One column per').inputValue(), '#sector');
  assert.equal(await food.getByLabel("this column's sector").inputValue(), 'FSC');
  assert.equal(await page.locator('tr[data-column="Food_Severity"]').getByLabel('One column per').inputValue(), '#sector');
  await assertNoHashtags(page, 'the HNO');
  await assertAccessible(page, 'the wide-to-long mapping screen');

  // What is typed in the month box survives a re-render of the screen (it once had a value
  // attribute that put the draft's empty month back): type, change another option, look.
  const month = page.locator('#sheet-fixed-month');
  await month.evaluate((el) => { el.value = '2023-03'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.locator('#sheet-skip-bad-rows').check();
  await page.locator('#sheet-skip-bad-rows').uncheck();
  assert.equal(await month.inputValue(), '2023-03', 'the month typed is still there after the screen re-rendered');
  await month.fill('');
  await month.dispatchEvent('change');

  const hno = await checkAndImport(page, 'hno-wide.xlsx: 10 rows');
  assert.match(hno, /needs to add\s+10/i);

  // The inter-sector PiN, on the workbook's other sheet.
  await page.locator('#sheet-file').setInputFiles(fixture('hno-wide.xlsx'));
  await page.getByRole('button', { name: 'Inter-sector' }).click();
  await page.locator('#sheet-mapping').waitFor();
  assert.equal(await page.locator('tr[data-column="Intersector_PIN"]').getByLabel("this column's sector").inputValue(), 'IS');
  await checkAndImport(page, 'hno-wide.xlsx: 3 rows');

  // 3. The partner's 4W with the template's headers (line breaks, `#`, `&`, `/`).
  await page.locator('#sheet-file').setInputFiles(fixture('partner-4w.csv'));
  await page.locator('#sheet-mapping').waitFor();
  assert.equal(await page.getByLabel('# of Individuals Reached', { exact: true }).inputValue(), '#reached');
  assert.equal(await page.getByLabel('Modality & Restrictions', { exact: true }).inputValue(), '#modality+restriction');
  assert.equal(await page.getByLabel('CODE OF IMPLEMENTING PARTNER', { exact: true }).inputValue(), '#org+impl');
  await assertNoHashtags(page, 'the partner 4W');
  await page.locator('#sheet-create-areas').uncheck();
  await page.locator('#sheet-skip-bad-rows').check();
  await page.locator('#sheet-check').click();
  const rejected = page.locator('#sheet-rejected');
  await rejected.waitFor();
  const problems = await rejected.innerText();
  assert.match(problems, /2 rows with problems/);
  assert.equal(problems.match(HASHTAG), null, `the problems speak the screen's words: ${problems}`);
  assert.match(await page.locator('#sheet-counts').innerText(), /Rejected \(skipped\)\s+2/);

  // The rejected rows to send back: the partner's own columns, the row and the reason.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#sheet-rejected-csv').click()]);
  const rows = parseCsv(readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, ''));
  assert.deepEqual(rows[0].slice(0, 2), ['Row in your file', 'Why it was not imported']);
  assert.ok(rows[0].includes('CODE OF IMPLEMENTING PARTNER'), rows[0].join(' | '));
  assert.equal(rows.length, 1 + 2, JSON.stringify(rows));
  // A CSV's rows keep the text line they start on: the header's line breaks take lines 1-3.
  assert.deepEqual(rows.slice(1).map((r) => r[0]), ['6', '7'], 'the rows as the partner\'s file numbers them');
  for (const row of rows.slice(1)) {
    assert.ok(row[1].trim().length > 10, `every rejected row says why: ${row.join(' | ')}`);
    assert.equal(row[1].match(HASHTAG), null, `in the screen's words: ${row[1]}`);
  }
  assert.ok(rows[1].includes('SY0799') && rows[2].includes('a hundred'), JSON.stringify(rows));
  await importChecked(page, 'partner-4w.csv: 2 rows');

  // 4. The Overview: multipurpose cash against the inter-sector PiN, and it says so.
  await openTab(page, 'Overview');
  const afrin = page.locator('[data-cell="SY0203|MPC"]');
  await afrin.waitFor();
  assert.match(await afrin.innerText(), /50\.0\s*%/, '350 reached of an inter-sector PiN of 700');
  assert.match(await afrin.getAttribute('aria-label'), /of the IS people in need/);
  assert.match(await page.locator('[data-cell="SY0700|MPC"]').innerText(), /50\.0\s*%/, '1,200 of 2,400');
  assert.match(await page.locator('#totals-basis').innerText(), /Compared with the inter-sector people in need/);
  assert.match(await page.locator('#totals-inter-sector').innerText(), /People in need \(inter-sector\)\s+4,300/);
  assert.deepEqual(browser.cspViolations, []);
});
