// Kill-during-save measurement (not a test): kills Chromium at a random moment up to 1.5 s
// after 200 rows went into a plan (the save starts 400 ms after an edit), reopens it on the
// same profile, and counts the runs where the plan came back whole — the last saved version
// or the new one. The target is all of them.
// Run `bash .ci/build` first, then `node tests/e2e/measure/kill-during-save.mjs [runs] [activities]`.
import { rmSync } from 'node:fs';
import { serveApp, launchBrowser, openApp } from '../harness.mjs';
import { bigPlan, reopenAndCount, addThenKill, keptProfile } from '../fault-steps.mjs';

const RUNS = Number(process.argv[2] ?? 200);
const ROWS = Number(process.argv[3] ?? 20_000);
const MORE = 200;

const server = await serveApp();
const profile = keptProfile();
let browser = await launchBrowser({ profile });
let page = await openApp(browser.context, server.url);
await bigPlan(page, 'Kill measure', ROWS);
let stored = ROWS;
let next = ROWS + 1;
const tally = { 'last saved': 0, new: 0, broken: 0 };
for (let run = 1; run <= RUNS; run++) {
  const afterMs = Math.floor(Math.random() * 1500);
  await addThenKill(page, profile, next, next + MORE - 1, afterMs);
  await browser.close();
  const reopened = await reopenAndCount(profile, server.url, 'Kill measure');
  ({ browser, page } = reopened);
  const outcome = reopened.activities === stored ? 'last saved' : reopened.activities === stored + MORE ? 'new' : 'broken';
  tally[outcome]++;
  if (outcome === 'broken') console.log(`run ${run}: killed after ${afterMs} ms, ${reopened.activities} activities (expected ${stored} or ${stored + MORE})`);
  if (outcome === 'new') stored += MORE;
  next += MORE;
}
console.log(`kill during save, ${RUNS} runs: ${tally['last saved']} last saved, ${tally.new} new, ${tally.broken} broken ` +
  `(${RUNS - tally.broken} of ${RUNS} whole)`);
// Closing a browser that was reopened on a killed profile can hang; the tally is printed.
const closed = Promise.all([browser.close(), server.stop()]);
setTimeout(() => {}, 5_000);
await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
rmSync(profile, { recursive: true, force: true });
process.exit(tally.broken === 0 ? 0 : 1);
