// Nothing lost when a write fails in the middle of a save: a 10,000-activity plan gets
// 10,000 more rows, and the save that follows (one IndexedDB transaction writing the new
// activity chunks, the index, the revision, the head and the summary) meets a write that
// fails after the first chunk went in — a disk error, then a full disk (QuotaExceededError).
// The fault is put into the real app by a page script wrapping `IDBObjectStore.put`
// (run through the DevTools protocol, which the Content-Security-Policy does not govern).
// The app says so in words, keeps the rows on screen, and the browser — killed, so no
// later save can succeed — reopens the plan as it was last saved, whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { serveApp, launchBrowser, openApp } from './harness.mjs';
import { bigPlan, reopenAndCount, keptProfile } from './fault-steps.mjs';
import { activitiesCsv } from './big-plan.mjs';
import { openTab, openTable } from './plans-steps.mjs';

const ROWS = 10_000;
const MORE = 10_000;
const slow = { timeout: 120_000 };
let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.stop(); });

/**
 * From now on, every `IDBObjectStore.put` of a read-write transaction after the first
 * `afterPuts` throws a DOMException named `name`, as a failing disk or a full one does: the
 * save is cut in the middle, with some of its chunks already written.
 */
async function failWritesAfter(page, afterPuts, name) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.evaluate', {
    expression: `(() => {
      const put = IDBObjectStore.prototype.put;
      let puts = 0;
      window.cashplanFaults = { failed: 0 };
      IDBObjectStore.prototype.put = function (...args) {
        if (this.transaction.mode === 'readwrite' && ++puts > ${afterPuts}) {
          window.cashplanFaults.failed++;
          throw new DOMException('simulated: ${name} after ${afterPuts} writes of this save', '${name}');
        }
        return put.apply(this, args);
      };
    })()`,
  });
  await cdp.detach();
}

/** Kills the browser running on `profile` (no unload, no last save). */
async function kill(page, profile) {
  try {
    execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
  } catch (error) {
    if (error.status !== 1) throw error;
  }
  await page.context().waitForEvent('close', { timeout: 10_000 }).catch(() => {});
}

for (const [fault, name, words] of [
  ['a write failing', 'UnknownError', /Saving failed: [^]*Your changes are still on screen; export the plan to a file/],
  ['a full disk', 'QuotaExceededError', /storage is full, so the last change was not saved\. Export the plan to a file now/],
]) {
  test(`${fault} in the middle of a save is said in words and the plan reopens as last saved, whole`, async () => {
    const profile = keptProfile();
    let browser = await launchBrowser({ profile });
    try {
      const page = await openApp(browser.context, server.url);
      await bigPlan(page, 'Write fault', ROWS);
      await failWritesAfter(page, 1, name);
      await openTab(page, 'Import');
      await page.locator('#import-hxl-files').setInputFiles([{ name: 'more.csv', mimeType: 'text/csv',
        buffer: Buffer.from(activitiesCsv(ROWS + MORE, ROWS + 1)) }]);
      await page.locator('#import-hxl-preview').waitFor(slow);
      await page.getByRole('button', { name: 'Import these rows' }).click();

      const error = page.locator('#save-error');
      await error.waitFor(slow);
      assert.match(await error.innerText(), words);
      await page.locator('#save-status', { hasText: 'Not saved' }).waitFor();
      assert.ok(await page.evaluate(() => window.cashplanFaults.failed) >= 1, 'the fault was met during the save');
      // The rows are still on screen, to export.
      await openTab(page, 'Data');
      await openTable(page, 'Activities');
      const all = ROWS + MORE;
      await page.locator('#activities-table-count', { hasText: new RegExp(`of (${all}|${all.toLocaleString('en')}) matching`) })
        .waitFor(slow);
      await kill(page, profile);
      await browser.close();

      const reopened = await reopenAndCount(profile, server.url, 'Write fault');
      browser = reopened.browser;
      assert.equal(reopened.activities, ROWS, 'the last saved version, whole: no chunk of the failed save stayed');
      assert.match(reopened.listed, new RegExp(`${ROWS.toLocaleString('en')} activities|${ROWS} activities`));
      assert.equal(await reopened.page.locator('.notice.error').count(), 0, 'it opens without an error');
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
}
