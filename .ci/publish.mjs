// Turns the built app (dist/) into a folder for any static host (README "Publish for your
// group"): `node .ci/publish.mjs dist site`.
// - The app's modules and assets get content-hashed names (app.3f9a1c2b7d.css), so a host
//   may cache them for a year; index.html, sw.js and the manifest keep their names and name
//   the current version. A file is hashed after the names it contains were rewritten, so
//   its hash covers what it loads.
// - sw.js precaches the hashed names (.ci/make-service-worker.mjs).
// - _headers (Netlify, Cloudflare Pages) carries the Content-Security-Policy of index.html's
//   meta tag, the MIME types and the cache rules; the README has the same for nginx and
//   Apache. A file nobody listed here fails the publish: decide how it is cached first.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeServiceWorker } from './make-service-worker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Files whose names get their content's hash; each after every file it names. */
export const HASHED = [
  'icon.svg', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'app.css',
  'pkg/cashplan_bg.wasm', 'pkg/cashplan_xl_bg.wasm', 'pkg/cashplan_geo_bg.wasm', 'pkg/cashplan.js',
  'pkg/cashplan_xl.js', 'pkg/cashplan_geo.js',
  'start.js', 'register-sw.js',
];
/** Files that keep their names: the entry page, the service worker and the manifest. */
export const STABLE = ['index.html', 'manifest.webmanifest', 'sw.js'];
/**
 * Which file names which. Each reference must be found, so a change in how wasm-bindgen's
 * glue names its wasm, or a renamed asset, fails here instead of in a user's browser.
 */
const REFERENCES = {
  'pkg/cashplan.js': ['pkg/cashplan_bg.wasm'],
  'pkg/cashplan_xl.js': ['pkg/cashplan_xl_bg.wasm'],
  'pkg/cashplan_geo.js': ['pkg/cashplan_geo_bg.wasm'],
  'start.js': ['pkg/cashplan.js', 'pkg/cashplan_xl.js', 'pkg/cashplan_geo.js'],
  'index.html': ['icon.svg', 'icon-192.png', 'app.css', 'pkg/cashplan.js', 'pkg/cashplan_bg.wasm', 'start.js', 'register-sw.js'],
  'manifest.webmanifest': ['icon.svg', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png'],
};

export const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json',
};
export const LONG_CACHE = 'public, max-age=31536000, immutable';
export const NO_LONG_CACHE = 'no-cache';

/** The policy of index.html's meta tag: the one source of the app's Content-Security-Policy. */
export function metaPolicy(html) {
  const match = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  if (!match) throw new Error('index.html has no Content-Security-Policy meta tag');
  return match[1];
}

/**
 * The policy as a header: the meta policy plus frame-ancestors, which only a header can carry
 * (in a meta tag browsers ignore it and log an error), so no other site can frame the app.
 */
export function headerPolicy(html) {
  return `${metaPolicy(html)}; frame-ancestors 'none'`;
}

function hashedName(file, bytes) {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  const dot = file.lastIndexOf('.');
  return `${file.slice(0, dot)}.${hash}${file.slice(dot)}`;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rewrites each reference of `file` to its hashed name; a reference not found is an error. */
function rewrite(file, text, names) {
  for (const target of REFERENCES[file] ?? []) {
    const from = posix.relative(posix.dirname(file), target);
    const to = posix.relative(posix.dirname(file), names.get(target));
    // The name as a whole string or URL: after a quote or bracket (and maybe ./), before one.
    const pattern = new RegExp(`(["'\`(](?:\\./)?)${escape(from)}(?=["'\`)])`, 'g');
    let found = 0;
    text = text.replace(pattern, (_, before) => { found++; return before + to; });
    if (found === 0) throw new Error(`${file} does not name ${from} any more: update REFERENCES in .ci/publish.mjs`);
  }
  return text;
}

/** Every file under `dir`, as sorted slash-separated paths relative to it. */
export function listFiles(dir) {
  const files = [];
  (function walk(at) {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split('\\').join('/'));
    }
  })(dir);
  return files.sort();
}

function headersFile(policy, files) {
  const rule = (path, headers) => [path, ...headers.map((h) => `  ${h}`)].join('\n');
  const type = (file) => `Content-Type: ${MIME[posix.extname(file)]}`;
  return [
    '# Response headers for hosts that read a _headers file (Netlify, Cloudflare Pages).',
    '# Written by .ci/publish from index.html; the README has the same rules for nginx and Apache.',
    rule('/*', [`Content-Security-Policy: ${policy}`, 'X-Content-Type-Options: nosniff', 'Referrer-Policy: no-referrer']),
    '',
    '# Never cached for long: they name the current version, which the service worker checks.',
    rule('/', [`Cache-Control: ${NO_LONG_CACHE}`]),
    ...STABLE.map((file) => rule(`/${file}`, [type(file), `Cache-Control: ${NO_LONG_CACHE}`])),
    '',
    '# Content-hashed: a new version brings new names, so these never change.',
    ...files.map((file) => rule(`/${file}`, [type(file), `Cache-Control: ${LONG_CACHE}`])),
    '',
  ].join('\n');
}

export function publish(from, to) {
  const tmp = `${to}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(from, tmp, { recursive: true });
  // dist/sw.js is filled in for dist's names; start again from the template.
  writeFileSync(join(tmp, 'sw.js'), readFileSync(join(root, 'www', 'sw.js')));

  const unknown = listFiles(tmp).filter((f) => !HASHED.includes(f) && !STABLE.includes(f));
  if (unknown.length > 0) throw new Error(`not listed in .ci/publish.mjs (hashed or stable?): ${unknown.join(', ')}`);
  const names = new Map();
  for (const file of [...HASHED, ...STABLE.filter((f) => f !== 'sw.js')]) {
    const path = join(tmp, file);
    if (!existsSync(path)) throw new Error(`${from} has no ${file}: build first (bash .ci/build)`);
    let bytes = readFileSync(path);
    if (REFERENCES[file]) {
      bytes = Buffer.from(rewrite(file, bytes.toString('utf8'), names));
      writeFileSync(path, bytes);
    }
    if (HASHED.includes(file)) {
      const name = hashedName(file, bytes);
      renameSync(path, join(tmp, name));
      names.set(file, name);
    }
  }
  const service = makeServiceWorker(tmp);
  const html = readFileSync(join(tmp, 'index.html'), 'utf8');
  writeFileSync(join(tmp, '_headers'), headersFile(headerPolicy(html), [...names.values()].sort()));
  // GitHub Pages would otherwise run the folder through Jekyll, which drops files starting
  // with an underscore (_headers) and slows every deployment.
  writeFileSync(join(tmp, '.nojekyll'), '');
  rmSync(to, { recursive: true, force: true });
  renameSync(tmp, to);
  return { names, service };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [from = 'dist', to = 'site'] = process.argv.slice(2);
  const { names, service } = publish(from, to);
  for (const [file, name] of names) console.log(`${file.padEnd(26)} → ${name}`);
  console.log(`service worker: ${service.count} files precached, cache ${service.version}`);
  console.log(`published ${to}/: copy it as it is to any static host (README "Publish for your group")`);
}
