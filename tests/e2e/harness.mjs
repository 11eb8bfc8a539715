// Shared end-to-end test harness: serves dist/ on 127.0.0.1, drives Debian's Chromium
// with playwright-core, and always cleans both up, even when a test fails.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const require = createRequire(join(root, '.ci', 'package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const cleanups = [];
process.on('exit', () => { for (const c of cleanups) { try { c(); } catch { /* already gone */ } } });

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when something accepts connections on the port, false when refused. */
export function portAccepts(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Serves dist/ (the built app) on a free loopback port. */
export async function serveApp(directory = join(root, 'dist')) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', directory], { stdio: 'ignore' });
  const kill = () => child.kill('SIGKILL');
  cleanups.push(kill);
  for (let i = 0; i < 100 && !(await portAccepts(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        kill();
        await exited;
      }
    },
  };
}

/** Starts headless Chromium with a fresh profile directory. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'cashplan-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, acceptDownloads: true,
    viewport: { width: 1280, height: 720 },
  });
  const close = async () => { await context.close().catch(() => {}); rmSync(profile, { recursive: true, force: true }); };
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  return { context, close };
}

/** Opens the app and waits until it has rendered and storage has answered. */
export async function openApp(context, url) {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Plans in this browser' }).waitFor();
  return page;
}

/** Waits until the service worker controls the page, so it can start offline. */
export async function waitForServiceWorker(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  }, null, { timeout: 30_000 });
}

/**
 * Confirms the HXL import preview and waits until the rows are in the plan: the preview
 * gives way to a progress line ("Adding N rows…"), which goes once the import is applied.
 */
export async function confirmHxlImport(page) {
  await page.getByRole('button', { name: 'Import these rows' }).click();
  await page.waitForFunction(() => !document.querySelector('#import-hxl-preview') && !document.querySelector('#import-hxl-progress'),
    null, { timeout: 120_000 });
}

export async function waitSaved(page) {
  await page.locator('#save-status', { hasText: 'All changes saved' }).waitFor({ timeout: 10_000 });
}
