// Spreadsheet import benchmark (not a test): a partner's own 5W with 100k rows (the shape of
// benches/import.rs's partner_csv: plain headers, so it goes through the mapping screen) as
// CSV and as .xlsx, uploaded into a new plan, mapped, checked and imported.
// Run `bash .ci/build` first (release numbers), then
// `node tests/e2e/measure/import.mjs [rows] [csv|xlsx|both]`.
// Besides the wall clock of each step it reports the longest main-thread task (a "long task"
// the page cannot answer input during) and how many progress messages were shown, and
// echoes the app's own "cashplan: …" timing lines (src/ui/sheet_import.rs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveApp, launchBrowser, openApp, waitSaved } from '../harness.mjs';

const ROWS = Number(process.argv[2] ?? 100_000);
const FORMATS = (process.argv[3] ?? 'both') === 'both' ? ['csv', 'xlsx'] : [process.argv[3]];
const HEADERS = ['reporting_organisation', 'cluster', 'admin1pcode', 'governorate', 'admin2pcode', 'district',
  'beneficiaries', 'women_18_60', 'men_18_60', 'project_status', 'start_date', 'activity'];
const SECTORS = ['Food Security', 'Multipurpose - One time', 'WASH', 'Shelter'];
const STATUSES = ['Completed', 'Ongoing', 'Planned'];
const two = (n) => String(n).padStart(2, '0');

/** The rows of benches/import.rs's partner_csv, cell for cell. */
function partnerRows(count) {
  const rows = [];
  for (let i = 0; i < count; i++) {
    const g = i % 40, d = Math.floor(i / 40) % 50, people = 100 + (i % 900);
    const half = Math.floor(people / 2);
    rows.push([`NGO ${i % 60}`, SECTORS[i % SECTORS.length], `SY${two(g)}`, `Gov ${g}`, `SY${two(g)}${two(d)}`,
      `District ${d}`, String(people), `${half}.4`, `${half - 1}.6`, STATUSES[i % STATUSES.length],
      `2023-${two(1 + (i % 12))}-01`, `Distribution ${i}`]);
  }
  return rows;
}

const partnerCsv = (rows) => [HEADERS, ...rows].map((r) => r.join(',')).join('\n') + '\n';

/** The same rows as an .xlsx (inline strings, numbers as numbers), zipped by python. */
function partnerXlsx(rows, directory) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const cell = (v) => /^-?\d+(\.\d+)?$/.test(v) ? `<c><v>${v}</v></c>` : `<c t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  const sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    ...[HEADERS, ...rows].map((r) => `<row>${r.map(cell).join('')}</row>`), '</sheetData></worksheet>'].join('');
  const sheetPath = join(directory, 'sheet1.xml');
  writeFileSync(sheetPath, sheet);
  const out = join(directory, 'partner.xlsx');
  const script = `
import sys, zipfile
out, sheet = sys.argv[1], sys.argv[2]
ns = 'http://schemas.openxmlformats.org/'
files = {
 '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="' + ns + 'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
 '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + ns + 'package/2006/relationships"><Relationship Id="rId1" Type="' + ns + 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
 'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + ns + 'spreadsheetml/2006/main" xmlns:r="' + ns + 'officeDocument/2006/relationships"><sheets><sheet name="5W" sheetId="1" r:id="rId1"/></sheets></workbook>',
 'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + ns + 'package/2006/relationships"><Relationship Id="rId1" Type="' + ns + 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items(): z.writestr(name, text)
    z.write(sheet, 'xl/worksheets/sheet1.xml')
`;
  execFileSync('python3', ['-c', script, out, sheetPath]);
  return readFileSync(out);
}

/** Records long tasks and progress messages in the page, with their times. */
function instrument() {
  window.__longTasks = [];
  window.__progress = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const watch = () => {
    const text = document.querySelector('#sheet-progress')?.textContent;
    const last = window.__progress[window.__progress.length - 1];
    if (text && text !== last?.text) window.__progress.push({ at: performance.now(), text });
  };
  new MutationObserver(watch).observe(document, { subtree: true, childList: true, characterData: true });
}

const server = await serveApp();
const browser = await launchBrowser();
const directory = mkdtempSync(join(tmpdir(), 'cashplan-import-'));
const results = [];
try {
  const rows = partnerRows(ROWS);
  const files = {
    csv: () => ({ name: 'partner-5w.csv', mimeType: 'text/csv', buffer: Buffer.from(partnerCsv(rows)) }),
    xlsx: () => ({ name: 'partner-5w.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: partnerXlsx(rows, directory) }),
  };
  for (const format of FORMATS) {
    const file = files[format]();
    const logs = [];
    const page = await openApp(browser.context, server.url);
    page.on('console', (message) => { if (message.text().startsWith('cashplan: ')) logs.push(message.text()); });
    await page.evaluate(instrument);
    await page.getByLabel('Plan name').fill(`Import ${format}`);
    await page.getByLabel('Country (ISO3)').fill('SYR');
    await page.getByRole('button', { name: 'Create plan' }).click();
    await waitSaved(page);
    await page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name: 'Import' }).click();

    const steps = [];
    const step = async (name, act, done) => {
      const from = await page.evaluate(() => performance.now());
      const started = performance.now();
      await act();
      await done();
      const wall = performance.now() - started;
      const seen = await page.evaluate((from) => ({
        longest: Math.max(0, ...window.__longTasks.filter((t) => t.start >= from).map((t) => t.ms)),
        progress: window.__progress.filter((p) => p.at >= from).length,
      }), from);
      steps.push({ name, wall, ...seen });
    };
    await step('file chosen -> mapping screen', () => page.locator('#sheet-file').setInputFiles(file),
      () => page.locator('#sheet-mapping').waitFor({ timeout: 300_000 }));
    await page.locator('#sheet-skip-bad-rows').check();
    await step('"Check the rows" -> preview shown', () => page.locator('#sheet-check').click(),
      () => page.locator('#sheet-counts, #sheet-refused').first().waitFor({ timeout: 300_000 }));
    const counts = (await page.locator('#sheet-counts').innerText().catch(() => 'refused')).replace(/\s+/g, ' ');
    await step('"Import" -> "All changes saved"', () => page.locator('#sheet-import').click(),
      () => page.locator('#save-status', { hasText: 'All changes saved' }).waitFor({ timeout: 300_000 }));
    results.push({ format, bytes: file.buffer.length, steps, counts, logs });
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
}

console.log(`\nSpreadsheet import benchmark: ${ROWS.toLocaleString('en')} partner rows (${new Date().toISOString()})`);
console.log(`${'step'.padEnd(44)} ${'wall'.padStart(10)} ${'longest task'.padStart(14)} ${'progress msgs'.padStart(14)}`);
for (const { format, bytes, steps, counts, logs } of results) {
  console.log(`-- ${format} (${(bytes / 1e6).toFixed(1)} MB): ${counts}`);
  for (const s of steps) {
    console.log(`${s.name.padEnd(44)} ${String(Math.round(s.wall)).padStart(7)} ms ${String(Math.round(s.longest)).padStart(11)} ms ${String(s.progress).padStart(14)}`);
  }
  for (const line of logs) console.log(`   ${line}`);
}
