// Killing the browser while it saves, for the fault-injection journey (tests/e2e/faults.test.mjs)
// and the kill-during-save measurement (tests/e2e/measure/kill-during-save.mjs): a plan of
// many activities gets more rows, and Chromium is killed (SIGKILL, what an out-of-memory
// kill, a crash or a flat battery does) a given time after the rows went in — before, during
// or after the save that follows. Reopened on the same profile, the plan must be the last
// saved version or the new one, whole: never a mix of chunks, never empty.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirmHxlImport, launchBrowser, openApp } from './harness.mjs';
import { openTab, openTable } from './plans-steps.mjs';
import { activitiesCsv, bigPlanFiles } from './big-plan.mjs';

const slow = { timeout: 120_000 };

/** A browser profile that survives the browser being killed. */
export const keptProfile = () => mkdtempSync(join(tmpdir(), 'cashplan-faults-'));

/** A new plan `name` with `rows` activities, saved. */
export async function bigPlan(page, name, rows) {
  await page.getByLabel('Plan name').fill(name);
  await page.getByLabel('Country (ISO3)').fill('SYR');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await openTab(page, 'Import');
  await page.locator('#import-hxl-files').setInputFiles(bigPlanFiles(rows));
  await page.locator('#import-hxl-preview').waitFor(slow);
  await confirmHxlImport(page);
  await page.locator('#save-status', { hasText: 'All changes saved' }).waitFor(slow);
}

/** Starts a browser on `profile`, opens plan `name` and says how many activities it holds. */
export async function reopenAndCount(profile, url, name) {
  const browser = await launchBrowser({ profile });
  const page = await openApp(browser.context, url);
  // What the home screen says of the stored plan before it is opened: which version it is.
  const listed = (await page.locator('.plans li', { hasText: name }).innerText()).replace(/\s+/g, ' ');
  await page.getByRole('button', { name: `Open ${name}` }).click(slow);
  await openTab(page, 'Data');
  await openTable(page, 'Activities');
  const count = page.locator('#activities-table-count', { hasText: /of [\d,]+ matching activities/ });
  await count.waitFor(slow);
  const activities = Number((await count.innerText()).match(/of ([\d,]+) matching activities/)[1].replace(/,/g, ''));
  return { browser, page, activities, listed };
}

/**
 * Confirms adding activities `from`…`to` to the plan open in `page` and kills the browser
 * running on `profile` `afterMs` milliseconds after the click: while the rows go in, in the
 * 400 ms before the save, while the save's one IndexedDB transaction writes, or after it.
 */
export async function addThenKill(page, profile, from, to, afterMs) {
  await openTab(page, 'Import');
  await page.locator('#import-hxl-files').setInputFiles([
    { name: `more-${from}.csv`, mimeType: 'text/csv', buffer: Buffer.from(activitiesCsv(to, from)) },
  ]);
  await page.locator('#import-hxl-preview').waitFor(slow);
  await page.getByRole('button', { name: 'Import these rows' }).click();
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  try {
    execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
  } catch (error) {
    // pkill says 1 when nothing matched (the browser is gone already); anything else is a
    // kill that did not happen, and the journey would prove nothing.
    if (error.status !== 1) throw error;
  }
  await page.context().waitForEvent('close', { timeout: 10_000 }).catch(() => {});
}
