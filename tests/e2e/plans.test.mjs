// The plans a coordinator keeps in one browser: copy, rename, delete with undo; undo and
// redo of edits; a full disk (simulated) and recovery; two tabs on the same plan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, launchBrowser, openApp, waitSaved } from './harness.mjs';
import { createPlan, addArea, areasShown, areaShown, areaGone } from './plans-steps.mjs';

const QUOTA_HOOK = 'cashplan.simulate-quota-error';
let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const planNames = (page) => page.locator('.plans li strong').allInnerTexts();
const notice = (page, text) => page.locator('#notice', { hasText: text }).waitFor();

test('plans are copied, renamed and deleted with an undo', async () => {
  const page = await openApp(browser.context, server.url);
  await createPlan(page, 'Alpha');
  await addArea(page, 'SY01');
  await waitSaved(page);
  await page.getByRole('button', { name: 'All plans' }).click();

  await page.getByRole('button', { name: 'Duplicate Alpha' }).click();
  await notice(page, 'Made a copy: “Alpha (copy)”.');
  assert.deepEqual((await planNames(page)).sort(), ['Alpha', 'Alpha (copy)']);

  // Renaming is inline and refuses an empty name with a message beside the field.
  await page.getByRole('button', { name: 'Rename Alpha (copy)' }).click();
  await page.locator('#rename-plan').fill('   ');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.locator('#rename-plan-error', { hasText: 'Give the plan a name' }).waitFor();
  await page.locator('#rename-plan').fill('Beta');
  await page.locator('#rename-plan').press('Enter');
  await notice(page, 'Renamed to “Beta”.');
  assert.deepEqual((await planNames(page)).sort(), ['Alpha', 'Beta']);

  // The copy holds the original's data.
  await page.getByRole('button', { name: 'Open Beta' }).click();
  await page.getByRole('link', { name: 'Data' }).click();
  await areaShown(page, 'SY01');
  await page.getByRole('button', { name: 'All plans' }).click();

  // Deleting offers an undo, which brings the plan back, stored.
  await page.getByRole('button', { name: 'Delete Beta' }).click();
  await notice(page, 'Deleted “Beta”.');
  assert.deepEqual(await planNames(page), ['Alpha']);
  await page.locator('#undo-delete').click();
  await notice(page, 'Restored “Beta”.');
  assert.equal(await page.locator('#undo-delete').count(), 0, 'the undo is used up');
  await page.reload();
  await page.locator('.plans li', { hasText: 'Beta' }).waitFor();

  // Once another notice replaces the offer, the deletion stands.
  await page.getByRole('button', { name: 'Delete Beta' }).click();
  await notice(page, 'Deleted “Beta”.');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.reload();
  await page.locator('.plans li', { hasText: 'Alpha' }).waitFor();
  assert.deepEqual(await planNames(page), ['Alpha']);
});

test('an edit is undone and redone, and what remains is saved', async () => {
  const page = await openApp(browser.context, server.url);
  await createPlan(page, 'Undo journey');
  await addArea(page, 'SY01');
  await addArea(page, 'SY02');
  await page.getByRole('button', { name: 'Undo' }).click();
  await areaGone(page, 'SY02');
  await page.getByRole('button', { name: 'Redo' }).click();
  await areaShown(page, 'SY02');
  await page.getByRole('button', { name: 'Undo' }).click();
  await areaGone(page, 'SY02');
  await waitSaved(page);
  await page.reload();
  await areaShown(page, 'SY01');
  assert.deepEqual(await areasShown(page), ['SY01']);
});

test('a full disk is reported with what to do, and saving resumes once there is room', async () => {
  const page = await openApp(browser.context, server.url);
  await createPlan(page, 'Full disk');
  await addArea(page, 'SY01');
  await waitSaved(page);

  await page.evaluate((key) => localStorage.setItem(key, '1'), QUOTA_HOOK);
  await addArea(page, 'SY02');
  const error = page.locator('#save-error');
  await error.waitFor();
  assert.match(await error.innerText(), /storage is full/);
  assert.match(await error.innerText(), /Export the plan to a file now/);
  await page.locator('#save-status', { hasText: 'Not saved' }).waitFor();

  await page.evaluate((key) => localStorage.removeItem(key), QUOTA_HOOK);
  await addArea(page, 'SY03');
  await waitSaved(page);
  assert.equal(await error.count(), 0, 'the error goes once saving works');
  await page.reload();
  await areaShown(page, 'SY03');
  assert.deepEqual(await areasShown(page), ['SY01', 'SY02', 'SY03']);
});

test('two tabs on one plan never silently overwrite each other', async () => {
  const a = await openApp(browser.context, server.url);
  await createPlan(a, 'Two tabs');
  await addArea(a, 'SY01');
  await waitSaved(a);

  const b = await browser.context.newPage();
  b.on('pageerror', (error) => console.error('page error (tab B):', error));
  await b.goto(a.url());
  await areaShown(b, 'SY01');
  await notice(b, 'also open in another tab');

  // B has nothing unsaved: A's saved change appears there.
  await addArea(a, 'SY02');
  await waitSaved(a);
  await areaShown(b, 'SY02');
  await notice(b, 'Updated with changes made in another tab.');

  // B has unsaved work (its saves fail: the hook in sessionStorage is B's alone) when A
  // saves: B asks, and reloading takes A's version.
  await b.evaluate((key) => sessionStorage.setItem(key, '1'), QUOTA_HOOK);
  await addArea(b, 'SY03');
  await b.locator('#save-status', { hasText: 'Not saved' }).waitFor();
  await addArea(a, 'SY04');
  await waitSaved(a);
  const banner = b.locator('#other-tab-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /changed in another tab/);
  await b.locator('#save-status', { hasText: 'Not saved — changed in another tab' }).waitFor();
  assert.deepEqual(await areasShown(b), ['SY01', 'SY02', 'SY03'], 'nothing changes before the user chooses');
  await b.getByRole('button', { name: 'Reload it' }).click();
  await areaShown(b, 'SY04');
  assert.deepEqual(await areasShown(b), ['SY01', 'SY02', 'SY04']);
  await notice(b, 'unsaved changes made here were discarded');

  // Same again, but B keeps its version: it is saved and A, which has nothing unsaved,
  // shows it.
  await addArea(b, 'SY05');
  await addArea(a, 'SY06');
  await waitSaved(a);
  await banner.waitFor();
  await b.evaluate((key) => sessionStorage.removeItem(key), QUOTA_HOOK);
  await b.getByRole('button', { name: 'Keep mine' }).click();
  await waitSaved(b);
  await areaShown(a, 'SY05');
  assert.deepEqual(await areasShown(a), ['SY01', 'SY02', 'SY04', 'SY05']);
  await a.reload();
  await areaShown(a, 'SY05');
  assert.deepEqual(await areasShown(a), ['SY01', 'SY02', 'SY04', 'SY05']);
  await b.close();
});
