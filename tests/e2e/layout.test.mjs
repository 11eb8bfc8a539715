// Every page of a filled plan at a laptop's 1280×720 and a phone's 360 px: the page itself
// never scrolls sideways (wide tables scroll inside their own region), every form control
// has a label a screen reader announces, every button has a name, axe-core finds nothing
// serious on any page (each Data table included), and the Content-Security-Policy blocks
// nothing (the harness fails the file on any violation; checked here page by page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, waitSaved, root, confirmHxlImport, assertAccessible } from './harness.mjs';

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const fixtures = ['areas', 'needs', 'activities', 'standards', 'meb', 'rates']
  .map((name) => join(root, 'tests', 'fixtures', 'hxl', `${name}.csv`));

/** Each plan page and an element that is there once it has rendered. */
const PAGES = [['Overview', '#gap-matrix'], ['Data', '#activities-table tbody tr[data-id]'], ['Import', '#import-hxl-files'], ['Rounds', '#round-open'], ['Harmonisation', '#harm-counts']];
const SIZES = [{ width: 1280, height: 720 }, { width: 360, height: 740 }];
const TABLES = ['Activities', 'People in need', 'Areas', 'Sectors', 'Organisations', 'Standards', 'MEB', 'Exchange rates'];

/** Controls without an accessible name, described so a failure says which. */
function unlabelled(page) {
  return page.evaluate(() => {
    const named = (el) => (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title');
    const visible = (el) => el.getClientRects().length > 0 && el.type !== 'hidden';
    const fields = [...document.querySelectorAll('input, select, textarea')].filter(visible).filter((el) => !named(el));
    const buttons = [...document.querySelectorAll('button')].filter(visible).filter((b) => !b.innerText.trim() && !named(b));
    return [...fields, ...buttons].map((el) => el.outerHTML.slice(0, 120));
  });
}

function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('every page fits a 360 px phone and a 1280 px laptop, with every control labelled', async () => {
  const page = await openApp(browser.context, server.url);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    assert.ok(await overflow(page) <= 0, `home at ${size.width} px is wider than the screen`);
    assert.deepEqual(await unlabelled(page), [], `home at ${size.width} px`);
    await assertAccessible(page, `home at ${size.width} px`);
  }
  await page.setViewportSize(SIZES[0]);
  await page.getByLabel('Plan name').fill('Layout check');
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await waitSaved(page);
  const nav = page.getByRole('navigation', { name: 'Plan pages' });
  await nav.getByRole('link', { name: 'Import' }).click();
  await page.locator('#import-hxl-files').setInputFiles(fixtures);
  await confirmHxlImport(page);
  await waitSaved(page);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const [name, ready] of PAGES) {
      await nav.getByRole('link', { name }).click();
      await page.locator(ready).first().waitFor();
      const where = `${name} at ${size.width} px`;
      assert.ok(await overflow(page) <= 0, `${where}: the page is ${await overflow(page)} px wider than the screen`);
      assert.deepEqual(await unlabelled(page), [], `${where}: controls without a label`);
      await assertAccessible(page, where);
      if (name === 'Data') {
        for (const table of TABLES.slice(1)) {
          await page.getByRole('tab', { name: new RegExp(`^${table}`) }).click();
          await page.locator('[role="tabpanel"] table').first().waitFor();
          assert.ok(await overflow(page) <= 0, `Data, ${table} at ${size.width} px is wider than the screen`);
          await assertAccessible(page, `Data, ${table} at ${size.width} px`);
        }
        await page.getByRole('tab', { name: /^Activities/ }).click();
      }
    }
  }
  assert.deepEqual(browser.cspViolations, [], 'the Content-Security-Policy blocked nothing on any page');
});
