// Writes the service worker into a built folder from its template (the folder's sw.js, a
// copy of www/sw.js): fills in the list of files to precache and a cache version that is a
// hash of their contents, so every new build replaces the old cache. Used by .ci/build for
// dist/ and by .ci/publish.mjs for the published folder (hashed names).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Host configuration, not part of the app: never precached. */
const NOT_PRECACHED = new Set(['sw.js', '_headers']);

export function makeServiceWorker(dir) {
  const files = [];
  (function walk(at) {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!NOT_PRECACHED.has(name) && !name.startsWith('.')) files.push(relative(dir, path).split('\\').join('/'));
    }
  })(dir);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(join(dir, file)));
  const version = hash.digest('hex').slice(0, 16);
  const template = readFileSync(join(dir, 'sw.js'), 'utf8');
  if (!template.includes('__PRECACHE__')) throw new Error(`${dir}/sw.js is not the template from www/sw.js`);
  const precache = ['./', ...files.map((f) => `./${f}`)];
  const out = template
    .replace('__CACHE_VERSION__', version)
    .replace('__PRECACHE__', JSON.stringify(precache));
  writeFileSync(join(dir, 'sw.js'), out);
  return { count: precache.length, version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { count, version } = makeServiceWorker(process.argv[2]);
  console.log(`service worker: ${count} files, cache ${version}`);
}
