// A partner's own workbook in and the plan's workbook out: choose the sheet, fix the one
// column the proposal does not know, preview, import (new areas included), see the coverage
// in the gap matrix, then export the workbook and read its sheets back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, root, assertAccessible } from './harness.mjs';

const PARTNER = join(root, 'tests', 'fixtures', 'sheets', 'partner-5w.xlsx');

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name }).click();
}

/** The sheets of an .xlsx as {name: rows of cell texts}, read with python's zipfile. */
function readWorkbook(path) {
  const script = `
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
shared = re.findall(r'<si>.*?</si>', z.read('xl/sharedStrings.xml').decode()) if 'xl/sharedStrings.xml' in z.namelist() else []
shared = [''.join(re.findall(r'<t[^>]*>(.*?)</t>', s, re.S)) for s in shared]
book = z.read('xl/workbook.xml').decode()
names = re.findall(r'<sheet [^>]*name="([^"]+)"', book)
out = {}
for i, name in enumerate(names, 1):
    xml = z.read(f'xl/worksheets/sheet{i}.xml').decode()
    rows = []
    for row in re.findall(r'<row[^>]*>(.*?)</row>', xml, re.S):
        cells = []
        for attrs, body in re.findall(r'<c([^>]*)>(.*?)</c>', row, re.S):
            v = re.search(r'<v>(.*?)</v>', body)
            text = v.group(1) if v else ''.join(re.findall(r'<t[^>]*>(.*?)</t>', body))
            if 't="s"' in attrs: text = shared[int(text)]
            column = 0
            for letter in re.search(r'r="([A-Z]+)', attrs).group(1): column = column * 26 + ord(letter) - 64
            cells.extend([''] * (column - 1 - len(cells)))
            cells.append(text)
        rows.append(cells)
    out[name] = rows
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}

test('a partner workbook is mapped, previewed, imported and the plan exported as a workbook', async () => {
  const page = await openApp(browser.context, server.url);
  await page.getByLabel('Plan name').fill('Partner 5W');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await openTab(page, 'Import');

  await page.locator('#sheet-file').setInputFiles(PARTNER);
  // Two sheets: the read-me and the data.
  await page.getByRole('button', { name: '5W March' }).click();
  await page.locator('#sheet-mapping').waitFor();
  assert.match(await page.locator('#sheet-mapping').innerText(), /3 rows under the header row 3/);

  // The proposal leaves "Persons served" out; the user maps it to people reached.
  const served = page.getByLabel('Persons served', { exact: true });
  assert.equal(await served.inputValue(), '');
  assert.equal(await page.getByLabel('Partner', { exact: true }).inputValue(), '#org+prog');
  await served.selectOption('#reached');
  assert.equal(await page.getByLabel('Create missing areas from the P-code and name columns').isChecked(), true);
  await assertAccessible(page, 'the spreadsheet mapping screen');

  await page.getByRole('button', { name: 'Check the rows' }).click();
  const counts = page.locator('#sheet-counts');
  await counts.waitFor();
  const text = await counts.innerText();
  assert.match(text, /Rows read\s+3/);
  assert.match(text, /New areas\s+4/);
  assert.match(text, /activities to add\s+3/);
  assert.match(text, /Rejected \(skipped\)\s+0/);
  await assertAccessible(page, 'the spreadsheet import preview');
  await page.locator('#sheet-import').click();
  await page.getByText('Undo reverses the whole import').waitFor();

  // A need for the cell, then the gap matrix shows the reached share: 500 of 1,000.
  await openTab(page, 'Data');
  await page.getByRole('tab', { name: /^People in need/ }).click();
  await page.locator('#need-area').fill('SY0200');
  await page.locator('#need-sector').selectOption('FSC');
  await page.locator('#need-pin').fill('1000');
  await page.getByRole('button', { name: 'Add need' }).click();
  await openTab(page, 'Overview');
  const cell = page.locator('[data-cell="SY0200|FSC"]');
  await cell.waitFor();
  assert.match(await cell.innerText(), /50\.0\s*%/);
  assert.match(await cell.innerText(), /partial/);

  // The same headers again: the mapping comes back by itself.
  await openTab(page, 'Import');
  await page.locator('#sheet-file').setInputFiles(PARTNER);
  await page.getByRole('button', { name: '5W March' }).click();
  await page.getByText('The mapping used last time for these headers was restored.').waitFor();
  assert.equal(await page.getByLabel('Persons served', { exact: true }).inputValue(), '#reached');
  await page.getByRole('button', { name: 'Cancel' }).click();

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-workbook').click()]);
  assert.equal(download.suggestedFilename(), 'partner-5w.xlsx');
  const book = readWorkbook(await download.path());
  assert.deepEqual(Object.keys(book), ['Areas', 'People in need', 'Activities (5W)', 'Gaps admin 2', 'Transfer values']);
  const activities = book['Activities (5W)'];
  assert.equal(activities.length, 2 + 3, 'header row, hashtag row, 3 activities');
  assert.ok(activities[1].includes('#org+prog') && activities[1].includes('#reached'), activities[1].join(' '));
  const reached = activities[1].indexOf('#reached');
  assert.deepEqual(activities.slice(2).map((r) => Number(r[reached] || 0)).sort((a, b) => a - b), [0, 200, 300]);
  const gaps = book['Gaps admin 2'];
  const sectorColumn = gaps[1].indexOf('#sector');
  const fsc = gaps.find((r) => r.includes('SY0200') && r[sectorColumn] === 'FSC');
  assert.ok(fsc, JSON.stringify(gaps));
  assert.ok(fsc.includes('1000') && fsc.includes('500'), fsc.join(' '));
  // The on-demand module was loaded twice over (reading, writing): the page's
  // Content-Security-Policy let it, and blocked nothing.
  assert.deepEqual(browser.cspViolations, []);
});
