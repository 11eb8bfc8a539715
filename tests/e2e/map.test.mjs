// The map journey on the real files: a plan built from the NW Syria CWG 4W (with the
// command line, as a coordinator's colleague would send it), the Syria COD-AB zip imported
// on the Import page (mapping proposed, P-codes matched, areas completed), the coverage map
// at admin 2, an area's figures read by keyboard, a month filter, the SVG, PNG and GeoJSON
// exports checked, the activities with coordinates as dots, the map again after a reload
// with the server stopped, and a second plan reusing the first one's boundaries. axe passes
// on the pages; at 360 px nothing scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, waitForServiceWorker, waitSaved, assertAccessible } from './harness.mjs';
import { createPlan, openTab } from './plans-steps.mjs';
import { realFiles, planFromThe4w } from './real-plan.mjs';

const real = realFiles('cod-ab-syria', 'nws-cwg-4w-2023.csv');
const ZIP = 'syr_adm0-2_uncs_unocha_20201217_shp.zip';

let server, browser;
before(async () => { server = await serveApp(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** A download's bytes, from clicking `selector`. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('import the Syria boundaries, read the coverage map by keyboard, filter, export, reload offline', async (t) => {
  if (!real) {
    console.error('\n!!! SKIPPED: the real files are not at ../shared/data/real (cod-ab-syria, nws-cwg-4w-2023.csv) !!!\n');
    t.skip('real files absent');
    return;
  }
  const planFile = planFromThe4w(real);
  const page = await openApp(browser.context, server.url);
  await waitForServiceWorker(page);
  await page.locator('#import-plan-file').setInputFiles(planFile);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Open NW Syria 4W' }).click();

  // Before boundaries, the Map page says where to get them.
  await openTab(page, 'Map');
  await page.locator('#map-empty').waitFor();

  // The Syria zip: three layers, the proposed mapping, the match with the plan's areas.
  await openTab(page, 'Import');
  await page.locator('#import-boundaries-file').setInputFiles(join(real, 'cod-ab-syria', ZIP));
  await page.locator('#boundaries-match').waitFor({ timeout: 120_000 });
  const layers = await page.locator('#boundaries-mapping fieldset legend').allInnerTexts();
  assert.equal(layers.length, 3, layers.join(' | '));
  assert.match(layers[2], /admin level 2, 62 areas, 76,433 vertices/);
  const pcodeField = page.locator('#boundaries-mapping fieldset').nth(2).locator('select[id$="-pcode"]');
  assert.equal(await pcodeField.inputValue(), 'ADM2_PCODE');
  const match = await page.locator('#boundaries-match').innerText();
  assert.match(match, /Admin level 2: 8 of 62 boundary P-codes match the plan's 8 areas at that level\./);
  await assertAccessible(page, 'Import, boundaries mapped');
  await page.locator('#boundaries-store').click();
  await page.locator('#boundaries-mapping').waitFor({ state: 'detached' });
  await waitSaved(page);

  // The coverage map at admin 2: 62 areas drawn, focus one by keyboard and read its figures.
  await openTab(page, 'Map');
  await page.locator('#map-level').selectOption('2');
  const areas = page.locator('#map-drawing path.area');
  await areas.first().waitFor();
  assert.equal(await areas.count(), 62);
  assert.match(await page.locator('#map-drawing').textContent(), /Coverage of people in need/);
  await page.locator('#map-measure').focus();
  let text = '';
  for (let i = 0; i < 70 && !text.includes('(SY0203)'); i++) {
    await page.keyboard.press('Tab');
    // The words follow the focus once the page has drawn them: pressing Tab faster than the
    // page renders (as a test does) would otherwise read an area's words before they show,
    // and once in CI skipped Afrin's altogether.
    const pcode = await page.evaluate(() => document.activeElement.getAttribute('data-pcode'));
    text = await page.locator('#map-area').innerText();
    for (let wait = 0; pcode && !text.includes(`(${pcode})`) && wait < 50; wait++) {
      await page.waitForTimeout(20);
      text = await page.locator('#map-area').innerText();
    }
  }
  assert.match(text, /^Afrin \(SY0203\): /, 'Tab reaches Afrin and its figures show as text');
  assert.match(text, /reached [\d,]+; targeted [\d,]+/);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-pcode')), 'SY0203');
  await assertAccessible(page, 'Map, coverage at admin 2');

  // Enter on the focused area opens what the gap matrix opens: its cells with their activities.
  await page.keyboard.press('Enter');
  const chosen = page.locator('#map-selected');
  await chosen.locator('h2', { hasText: 'Chosen on the map: Afrin (SY0203)' }).waitFor();
  assert.match(await chosen.innerText(), /\d+ cells? of the gap matrix/);
  assert.ok(await chosen.locator('table tbody tr').count() > 0, 'the activities in Afrin are listed');
  assert.equal(await page.locator('#map-drawing path[data-pcode="SY0203"]').getAttribute('aria-current'), 'true', 'the area is marked');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'map-selected-title', 'the chosen area\'s section takes the focus');
  await assertAccessible(page, 'Map, an area chosen');
  await chosen.getByRole('button', { name: 'Close' }).click();
  await chosen.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-pcode')), 'SY0203', 'closed, the focus is back on the area');

  // Names where they fit; zoomed in, more fit. Zoom by button and key, move by drag and arrows.
  const viewport = page.locator('#map-drawing g.viewport');
  const shownNames = () => page.locator('#map-drawing g.labels text:not([display])').count();
  const wholeNames = await shownNames();
  assert.ok(wholeNames > 5, `${wholeNames} district names drawn on the whole map`);
  assert.match(await viewport.getAttribute('transform'), /scale\(1\.0000\)/);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  assert.match(await viewport.getAttribute('transform'), /scale\(2\.25/);
  assert.ok(await shownNames() > wholeNames, 'more names fit when zoomed in');
  const before = await viewport.getAttribute('transform');
  // The drawing's top in view, then a drag across the map's region under it.
  await page.evaluate(() => document.querySelector('#map-drawing svg').scrollIntoView({ block: 'start' }));
  const box = await page.locator('#map-drawing svg').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 300);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 80, box.y + 260, { steps: 4 });
  await page.mouse.up();
  assert.notEqual(await viewport.getAttribute('transform'), before, 'dragging moves the map');
  await page.locator('#map-drawing path[data-pcode="SY0203"]').focus();
  await page.keyboard.press('-');
  assert.match(await viewport.getAttribute('transform'), /scale\(1\.5000\)/, 'the − key zooms out');
  const keyed = await viewport.getAttribute('transform');
  // Afrin, in view at the north-west edge, has the map against its left and top edges:
  // → and ↓ move it (← and ↑ would stop at the edge, the map never slides off).
  await page.keyboard.press('ArrowLeft');
  assert.equal(await viewport.getAttribute('transform'), keyed, 'the map stays against its edge');
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await viewport.getAttribute('transform'), keyed, 'an arrow key moves the map');
  await page.getByRole('button', { name: 'Whole map' }).click();
  assert.match(await viewport.getAttribute('transform'), /scale\(1\.0000\)/);
  assert.equal(await shownNames(), wholeNames);
  // Two fingers moving apart zoom in: real touches through the browser (its touch-action
  // handling included), as a phone sends them.
  const touch = await browser.context.newCDPSession(page);
  await touch.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await page.evaluate(() => document.querySelector('#map-drawing svg').scrollIntoView({ block: 'start' }));
  const shown = await page.locator('#map-drawing svg').boundingBox();
  const [cx, cy] = [shown.x + shown.width / 2, shown.y + 300];
  const fingers = (type, apart) => touch.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: cx - apart, y: cy, id: 1 }, { x: cx + apart, y: cy + 4, id: 2 }],
  });
  await fingers('touchStart', 40);
  for (const apart of [50, 60, 70, 80]) await fingers('touchMove', apart);
  await fingers('touchEnd', 80);
  for (let i = 0; i < 50 && /scale\(1\.0000\)/.test(await viewport.getAttribute('transform')); i++) await page.waitForTimeout(20);
  const pinched = Number((await viewport.getAttribute('transform')).match(/scale\(([\d.]+)\)/)[1]);
  assert.ok(pinched > 1.8 && pinched < 2.2, `the pinch doubled the fingers' distance, so the zoom (${pinched})`);
  await page.getByRole('button', { name: 'Whole map' }).click();

  // A month: the URL keeps it and the map says it.
  await page.locator('#filter-period').fill('2023-03');
  await page.locator('#filter-period').dispatchEvent('change');
  await page.waitForFunction(() => location.hash.includes('period=2023-03'));
  await page.waitForFunction(() => document.querySelector('#map-drawing')?.textContent.includes('Month: 2023-03'));

  // The dots: the activities with coordinates, one per place, sized by people, in the URL.
  await page.locator('#map-points').check();
  await page.waitForFunction(() => location.hash.includes('points=1'));
  await page.locator('#map-drawing circle.point').first().waitFor();
  const dots = await page.locator('#map-drawing circle.point').count();
  assert.ok(dots > 10, `${dots} places drawn as dots`);
  assert.match(await page.locator('#map-drawing').textContent(), /Dots: [\d,]+ places .* a dot's area is in proportion to its people/);
  assert.match(await page.locator('#map-drawing circle.point title').first().textContent(), /\(\d+ activit(y|ies)\): [\d,]+ people$/);
  await assertAccessible(page, 'Map, with dots');

  // Exports: SVG, PNG and GeoJSON with the figures, title, filters, date, source, disclaimer.
  const svg = await download(page, '#map-export-svg');
  assert.match(svg.name, /^nw-syria-4w-coverage-admin2-\d{4}-\d{2}-\d{2}\.svg$/);
  const svgText = svg.bytes.toString('utf8');
  assert.equal((svgText.match(/<path class="area /g) ?? []).length, 62);
  assert.equal((svgText.match(/<circle class="point"/g) ?? []).length, dots, 'the export has the dots on screen');
  for (const needed of ['Coverage of people in need — NW Syria 4W', 'Month: 2023-03', 'do not imply official endorsement', ZIP, 'Made 20']) {
    assert.ok(svgText.includes(needed), `the SVG says ${needed}`);
  }
  const png = await download(page, '#map-export-png');
  assert.ok(png.name.endsWith('.png'));
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.bytes.length > 20_000, `the PNG holds a drawing (${png.bytes.length} bytes)`);
  const geojson = JSON.parse((await download(page, '#map-export-geojson')).bytes.toString('utf8'));
  const areaFeatures = geojson.features.filter((f) => f.properties.layer === 'areas');
  assert.equal(areaFeatures.length, 62);
  // With the dots on, each of their activities is a Point feature, longitude first.
  const pointFeatures = geojson.features.filter((f) => f.geometry.type === 'Point');
  assert.ok(pointFeatures.length >= dots, `${pointFeatures.length} activities at ${dots} places`);
  assert.equal(pointFeatures.length + areaFeatures.length, geojson.features.length);
  for (const point of pointFeatures) {
    assert.equal(point.properties.layer, 'activities');
    const [lon, lat] = point.geometry.coordinates;
    assert.ok(lon > 35 && lon < 43 && lat > 32 && lat < 38, `in Syria, longitude first: ${lon}, ${lat}`);
    assert.ok(point.properties.id && point.properties.organisation && point.properties.pcode, JSON.stringify(point.properties));
  }
  assert.match(geojson.filters, /Month: 2023-03/);
  assert.match(geojson.disclaimer, /do not imply official endorsement/);
  const afrin = geojson.features.find((f) => f.properties.pcode === 'SY0203').properties;
  assert.deepEqual([afrin.name, afrin.level, afrin.measure], ['Afrin', 2, 'coverage']);
  assert.ok('reached' in afrin && 'band' in afrin);

  // Shared outside the group: with small counts hidden (here under 1,000 people), the
  // exports leave them out, say so and are named for it; the map on screen is unchanged.
  await openTab(page, 'Import');
  await page.getByLabel('Hide small counts in the tables, reports, workbook and maps downloaded').check();
  await page.getByLabel('Hide counts of fewer than').fill('1000');
  await page.getByLabel('Hide counts of fewer than').press('Tab');
  await page.locator('#export-protect-note', { hasText: 'written as <1000' }).waitFor();
  await openTab(page, 'Map');
  await page.locator('#map-drawing path.area').first().waitFor();
  // The dots stay on screen: the shared file still leaves them out.
  await page.locator('#map-points').check();
  await page.locator('#map-drawing circle.point').first().waitFor();
  const shared = await download(page, '#map-export-geojson');
  assert.match(shared.name, /^nw-syria-4w-coverage-admin2-\d{4}-\d{2}-\d{2}-protected\.geojson$/);
  const protectedMap = JSON.parse(shared.bytes.toString('utf8'));
  assert.match(protectedMap.privacy, /counts under 1000 people are not shown/);
  assert.equal(protectedMap.features.filter((f) => f.geometry.type === 'Point').length, 0, 'a protected map has no points');
  const counts = protectedMap.features.flatMap((f) => ['people_in_need', 'reached', 'targeted'].map((k) => f.properties[k]));
  assert.ok(counts.includes('<1000'), 'some counts are small enough to hide');
  assert.deepEqual(counts.filter((n) => typeof n === 'number' && n > 0 && n < 1000), [], 'no small count left');
  const hidden = protectedMap.features.filter((f) => f.properties.privacy);
  assert.ok(hidden.length > 0 && hidden.every((f) => f.properties.gap === null && f.properties.coverage_pct === null),
    'coverage and gap beside a hidden count are left out');
  const sharedSvg = await download(page, '#map-export-svg');
  assert.ok(sharedSvg.name.endsWith('-protected.svg'));
  assert.ok(sharedSvg.bytes.toString('utf8').includes('Protected for sharing: counts under 1000 people'));
  const boundaries = await download(page, '#map-export-boundaries');
  assert.ok(!boundaries.name.includes('protected'), `the boundaries alone hold no counts: ${boundaries.name}`);
  await openTab(page, 'Import');
  await page.getByLabel('Hide small counts in the tables, reports, workbook and maps downloaded').uncheck();

  // The Overview's map card, and 360 px without sideways scrolling.
  await openTab(page, 'Overview');
  await page.locator('#overview-map-drawing path.area').first().waitFor();
  await page.setViewportSize({ width: 360, height: 740 });
  // The map card fits (the Overview's own header and controls are the layout test's).
  await openTab(page, 'Overview');
  await page.locator('#overview-map-drawing svg').waitFor();
  const card = await page.evaluate(() => document.querySelector('#map-card-title').closest('section').getBoundingClientRect().right);
  assert.ok(card <= 360, `the map card ends at ${card} px of 360`);
  await openTab(page, 'Map');
  await page.locator('#map-drawing svg').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className?.baseVal ?? el.className}`));
  assert.equal(overflow, 0, `the Map page at 360 px scrolls sideways by ${overflow} px: ${wide.join(', ')}`);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Offline: the stored boundaries draw the map again.
  await openTab(page, 'Map');
  await server.stop();
  await page.reload();
  await page.locator('#map-drawing path.area').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#map-drawing path.area').count(), 62);

  // A second plan for the same country reuses the first one's boundaries (offline too).
  await page.getByRole('button', { name: 'All plans' }).click();
  await createPlan(page, 'NW Syria 2024');
  await openTab(page, 'Import');
  const others = await page.locator('#reuse-boundaries-plan option').allInnerTexts();
  assert.deepEqual(others.map((o) => o.replace(/\([\d,]+ shapes\)$/, '(N shapes)')), ['NW Syria 4W (N shapes)']);
  await page.locator('#reuse-boundaries').click();
  await page.getByText(/^Stored [\d,]+ boundaries from plan "NW Syria 4W"/).waitFor();
  await waitSaved(page);
  await openTab(page, 'Map');
  await page.locator('#map-drawing path.area').first().waitFor();
  assert.equal(await page.locator('#map-drawing path.area').count(), 62);
});
