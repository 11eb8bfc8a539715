// The monthly reporting round on the real NW Syria CWG 4W: a plan built from it with the
// command line, a round opened on the Rounds page (partners proposed), a partner's pack
// downloaded, figures edited in it as the partner would (tests/e2e/xlsx-cells.mjs, no app
// code), the file received back through the keyed spreadsheet import, the partner received
// with the right counts, the Overview's totals moved by exactly the edited amounts; the same
// file again changes nothing. axe passes on the page, and at 360 px it does not scroll
// sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveApp, launchBrowser, openApp, waitSaved, assertAccessible } from './harness.mjs';
import { openTab } from './plans-steps.mjs';
import { readRows, setNumbers, readZip } from './xlsx-cells.mjs';
import { realFiles, planFromThe4w } from './real-plan.mjs';

const real = realFiles('nws-cwg-4w-2023.csv');
const PARTNER = 'ATAA';
const MONTH = '2023-03';

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/**
 * The Overview's totals, by their terms (numbers without separators). Until the analysis of
 * the plan as it is now answers, the page shows the last one: with `changedFrom`, waits for
 * a Targeted total other than that.
 */
async function totals(page, changedFrom) {
  await openTab(page, 'Overview');
  await page.locator('#totals').waitFor();
  if (changedFrom !== undefined) {
    await page.waitForFunction((old) => {
      const dd = [...document.querySelectorAll('#totals div')].find((d) => d.querySelector('dt').innerText.trim() === 'Targeted')?.querySelector('dd');
      return dd && Number(dd.innerText.replace(/[^\d]/g, '')) !== old;
    }, changedFrom, { timeout: 60_000 });
  }
  return page.locator('#totals').evaluate((dl) => Object.fromEntries([...dl.querySelectorAll('div')]
    .map((d) => [d.querySelector('dt').innerText.trim(), Number(d.querySelector('dd').innerText.replace(/[^\d]/g, ''))])));
}

/** The partner's line of the round's status table, cell by cell. */
async function partnerLine(page) {
  const row = page.locator(`#round-status tr[data-partner="${PARTNER}"]`);
  await row.waitFor();
  return row.locator('th, td').allInnerTexts();
}

/** Receives `bytes` as the partner's file and imports what the keyed preview says. */
async function receive(page, name, bytes) {
  await page.getByLabel(`Receive file from ${PARTNER}`).setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  // The pack has a second sheet (the accepted values): the report is the one to read.
  await page.getByRole('button', { name: `Report ${MONTH}` }).click({ timeout: 60_000 });
  await page.locator('#sheet-check').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#sheet-replace').inputValue(), MONTH, 'the file is read as the partner\'s report of the round\'s month');
  await page.locator('#sheet-check').click();
  await page.locator('#sheet-keyed-counts').waitFor({ timeout: 60_000 });
  const counts = await page.locator('#sheet-keyed-counts').innerText();
  await page.locator('#sheet-import').click();
  await page.locator('#round-receiving').waitFor({ state: 'detached', timeout: 60_000 });
  await waitSaved(page);
  return counts;
}

test('open a round, send a partner its pack, take the edited pack back, see the round and the totals move', async (t) => {
  if (!real) {
    console.error('\n!!! SKIPPED: the real 4W is not at ../shared/data/real/nws-cwg-4w-2023.csv !!!\n');
    t.skip('real files absent');
    return;
  }
  const planFile = planFromThe4w(real);
  const page = await openApp(browser.context, server.url);
  await page.locator('#import-plan-file').setInputFiles(planFile);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Open NW Syria 4W' }).click();
  const before = await totals(page);
  assert.ok(before.Targeted > 0, JSON.stringify(before));

  // Open the round: the partners who reported up to March are proposed.
  await openTab(page, 'Rounds');
  await page.getByLabel('Month reported').fill(MONTH);
  await page.getByLabel('Due date').fill('2023-04-10');
  const proposed = (await page.getByLabel('Partners expected, one per line').inputValue()).split('\n');
  assert.ok(proposed.includes(PARTNER) && proposed.length >= 10, proposed.join(', '));
  await page.getByLabel('Partners expected, one per line').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('#round-status').waitFor();
  await waitSaved(page);
  assert.deepEqual((await partnerLine(page)).slice(0, 3), [PARTNER, 'late', '—'], 'nothing received, the due date past');
  assert.match(await page.locator('#round-reminders').inputValue(), new RegExp(`^${PARTNER}: your report for ${MONTH} is late, due 2023-04-10\\.$`, 'm'));
  await assertAccessible(page, 'Rounds, a round opened');

  // The partner's pack: its March activities with their ids and the HXL row.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download pack for ${PARTNER}` }).click()]);
  assert.equal(download.suggestedFilename(), `nw-syria-4w-${PARTNER.toLowerCase()}-${MONTH}.xlsx`);
  const pack = readFileSync(await download.path());
  const rows = readRows(pack);
  assert.equal(rows.length, 5, 'ATAA reported five activities for March');
  assert.ok(rows.every((r) => r['#meta+id'] && r['#org+prog'] === PARTNER), JSON.stringify(rows[0]));
  const report = readZip(pack).get('xl/worksheets/sheet1.xml').toString('utf8');
  const lists = report.split('<dataValidation ').slice(1).filter((v) => v.startsWith('type="list"'));
  for (const list of ['$A$3', '$B$3', '$C$3', '$D$3']) {
    assert.ok(lists.some((v) => v.includes(`<formula1>Lists!${list}:`)), `a drop-down from Lists!${list}…: ${lists.join(' | ')}`);
  }

  // The partner corrects two figures.
  const edits = [{ row: rows[0].row, tag: '#targeted', value: Number(rows[0]['#targeted']) + 100 },
    { row: rows[2].row, tag: '#targeted', value: Number(rows[2]['#targeted']) + 37 }];
  const edited = setNumbers(pack, edits);
  assert.deepEqual(readRows(edited).map((r) => Number(r['#targeted'])),
    rows.map((r, i) => Number(r['#targeted']) + (i === 0 ? 100 : i === 2 ? 37 : 0)));

  // Received back: two updated, nothing new or removed; the round says so.
  const counts = await receive(page, `${PARTNER}-${MONTH}.xlsx`, edited);
  assert.match(counts, /Updated\s*2/);
  assert.match(counts, /New\s*0/);
  const line = await partnerLine(page);
  assert.deepEqual([line[1], line[3], line[4], line[5], line[6]], ['received', '0', '2', '0', '0'], line.join(' | '));
  assert.match(line[2], new RegExp(`^${PARTNER}-${MONTH}\\.xlsx \\(`));
  assert.doesNotMatch(await page.locator('#round-reminders').inputValue(), new RegExp(`^${PARTNER}:`, 'm'));

  const after = await totals(page, before.Targeted);
  assert.equal(after.Targeted - before.Targeted, 137, 'targeted moved by exactly the edited amounts');
  assert.equal(after.Reached, before.Reached);
  assert.equal(after['People in need'], before['People in need']);

  // The same file again: every row unchanged, the totals as they were, the file recorded.
  await openTab(page, 'Rounds');
  const again = await receive(page, `${PARTNER}-${MONTH}.xlsx`, edited);
  assert.match(again, /Updated\s*0/);
  assert.match(again, /Unchanged\s*5/);
  const second = await partnerLine(page);
  assert.deepEqual([second[1], second[3], second[4], second[5]], ['received', '0', '0', '0'], second.join(' | '));
  assert.match(second[2], /, 2 files$/);
  const history = await page.locator('#round-history tbody tr').allInnerTexts();
  assert.equal(history.filter((r) => r.includes(PARTNER)).length, 2, history.join('\n'));
  assert.deepEqual(await totals(page), after, 'a second import of the same file changes nothing');

  // The page at 360 px: nothing scrolls sideways, axe finds nothing serious.
  await openTab(page, 'Rounds');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.locator('#round-status').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `the Rounds page at 360 px scrolls sideways by ${overflow} px`);
  await assertAccessible(page, 'Rounds at 360 px');
});
