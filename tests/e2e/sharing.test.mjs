// Sharing by file: the coordinator sends the plan, a partner (another browser profile)
// updates their activities and sends back their slice, the coordinator merges it after a
// preview, sees the conflict with their own edit and resolves it in bulk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, launchBrowser, openApp, waitSaved, assertAccessible } from './harness.mjs';
import { createPlan, openTab, addArea, addActivity, importActivities, download, activityRow } from './plans-steps.mjs';

let server, coordinatorBrowser, partnerBrowser;
before(async () => { server = await serveApp(); coordinatorBrowser = await launchBrowser(); partnerBrowser = await launchBrowser(); });
after(async () => { await coordinatorBrowser?.close(); await partnerBrowser?.close(); await server?.stop(); });

const conflictsHeading = (page, count) => page.getByRole('heading', { name: `Conflicts (${count})` }).waitFor();

test('a partner slice travels out and back, and its conflict is resolved in bulk', async () => {
  const coordinator = await openApp(coordinatorBrowser.context, server.url);
  await createPlan(coordinator, 'Flood response');
  await addArea(coordinator, 'SY02');
  await addActivity(coordinator, 'NGO A', 600, 250);
  await addActivity(coordinator, 'NGO B', 300, 100);
  await waitSaved(coordinator);

  await openTab(coordinator, 'Import');
  const whole = await download(coordinator, coordinator.locator('#export-plan'));
  assert.match(whole.name, /^flood-response-\d{4}-\d{2}-\d{2}\.cashplan\.json$/);
  const [ngoA] = Object.entries(whole.json.plan.activities).find(([, e]) => e.current.data.reporting_org === 'NGO A');

  // The partner imports the whole plan, updates NGO A's activity and adds one.
  const partner = await openApp(partnerBrowser.context, server.url);
  await partner.locator('#import-plan-file').setInputFiles(whole.path);
  await partner.getByRole('button', { name: 'Import', exact: true }).click();
  await partner.getByRole('button', { name: 'Open Flood response' }).click();
  await importActivities(partner, [
    { org: 'NGO A', targeted: 600, reached: 400, id: ngoA },
    { org: 'NGO A', targeted: 150, reached: 50, id: 'a-partner-new', what: 'Cash for rent' },
  ]);
  await waitSaved(partner);
  await openTab(partner, 'Import');
  await partner.locator('#export-partner').selectOption('NGO A');
  const slice = await download(partner, partner.locator('#export-partner-slice'));
  assert.match(slice.name, /^flood-response-ngo-a-\d{4}-\d{2}-\d{2}\.cashplan\.json$/);
  const orgs = Object.values(slice.json.plan.activities).map((e) => e.current.data.reporting_org);
  assert.deepEqual(orgs, ['NGO A', 'NGO A'], "only the partner's activities travel");
  assert.ok(slice.json.plan.areas.SY02, 'areas travel whole');

  // Meanwhile the coordinator corrects the same activity differently.
  await importActivities(coordinator, [{ org: 'NGO A', targeted: 600, reached: 300, id: ngoA }]);
  await waitSaved(coordinator);

  // Merging shows what would change before anything does.
  await openTab(coordinator, 'Import');
  await coordinator.locator('#merge-plan-file').setInputFiles(slice.path);
  const preview = coordinator.locator('#merge-preview');
  await preview.waitFor();
  assert.match(await preview.innerText(), /1 new, 0 updated, 1 conflicting/);
  await assertAccessible(coordinator, 'the merge preview');
  await conflictsHeading(coordinator, 0);
  await coordinator.getByRole('button', { name: 'Merge into this plan' }).click();

  // The conflict is listed with both versions and where each came from.
  await conflictsHeading(coordinator, 1);
  await assertAccessible(coordinator, 'a conflict with both versions');
  const conflict = coordinator.locator(`[data-conflict="${ngoA}"]`);
  assert.match(await conflict.innerText(), /reached: 300/);
  assert.match(await conflict.innerText(), /reached: 400/);
  assert.match(await conflict.innerText(), /this plan/);
  assert.match(await conflict.innerText(), /incoming/);

  await coordinator.locator('#keep-incoming-all').click();
  await conflictsHeading(coordinator, 0);
  await openTab(coordinator, 'Data');
  assert.deepEqual((await activityRow(coordinator, 'NGO A', 'Cash for rent')).slice(7, 9), ['600', '400']);
  assert.deepEqual((await activityRow(coordinator, 'Cash for rent')).slice(7, 9), ['150', '50']);
  assert.deepEqual((await activityRow(coordinator, 'NGO B')).slice(7, 9), ['300', '100']);

  // The bulk resolution is one undo step; the merge is another.
  await coordinator.getByRole('button', { name: 'Undo' }).click();
  await openTab(coordinator, 'Import');
  await conflictsHeading(coordinator, 1);
  await coordinator.getByRole('button', { name: 'Redo' }).click();
  await conflictsHeading(coordinator, 0);
  await waitSaved(coordinator);
  await coordinator.reload();
  await conflictsHeading(coordinator, 0);
  await openTab(coordinator, 'Data');
  assert.deepEqual((await activityRow(coordinator, 'NGO A', 'Cash for rent')).slice(7, 9), ['600', '400']);
  assert.equal(await coordinator.locator('#activities-table tbody tr').count(), 3);
});
