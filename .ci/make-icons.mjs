// Renders www/icon.svg to the PNG icons the web manifest lists (192 and 512 px, and a
// 512 px maskable one whose picture sits inside the central safe circle that launchers
// crop to). Run once after changing the SVG, and commit the PNGs:
//   node .ci/make-icons.mjs
// It uses Debian's Chromium through playwright-core (installed by .ci/setup); the build and
// the tests never run it.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, '.ci', 'package.json'));
const { chromium } = require('playwright-core');

const svg = readFileSync(join(root, 'www', 'icon.svg'), 'utf8');
const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
// Maskable: a full-bleed square background (no rounded corners: the launcher chooses the
// shape), the picture scaled to 75 % around the centre so it stays inside the safe zone (a
// circle of 80 % of the width).
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#1f5f8b"/>`
  + `<g transform="translate(32 32) scale(.75) translate(-32 -31)">${inner.replace(/<rect [^>]*\/>/, '')}</g></svg>`;

const icons = [
  ['icon-192.png', 192, svg],
  ['icon-512.png', 512, svg],
  ['icon-maskable-512.png', 512, maskable],
];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [name, size, source] of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const body = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
    writeFileSync(join(root, 'www', name), await page.screenshot({ omitBackground: true }));
    await page.close();
    console.log(`www/${name} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
