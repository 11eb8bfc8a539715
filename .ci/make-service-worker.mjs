// Writes dist/sw.js from www/sw.js: fills in the list of files to precache and a cache
// version that is a hash of their contents, so every new build replaces the old cache.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dist = process.argv[2];
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name !== 'sw.js') files.push(relative(dist, path).split('\\').join('/'));
  }
})(dist);
files.sort();
const hash = createHash('sha256');
for (const file of files) hash.update(file).update(readFileSync(join(dist, file)));
const version = hash.digest('hex').slice(0, 16);
const template = readFileSync(join(dist, 'sw.js'), 'utf8');
const precache = ['./', ...files.map((f) => `./${f}`)];
const out = template
  .replace('__CACHE_VERSION__', version)
  .replace('__PRECACHE__', JSON.stringify(precache));
writeFileSync(join(dist, 'sw.js'), out);
console.log(`service worker: ${precache.length} files, cache ${version}`);
