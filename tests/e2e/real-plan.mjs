// The real published files (../shared/data/real) for journeys that use them, and the plan
// a coordinator's colleague would send: `cashplan new` + `cashplan import` of the NW Syria
// CWG 4W with its saved mapping.
import { existsSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness.mjs';

/** The folder of the real files holding every one of `names`, if there is one. */
export function realFiles(...names) {
  return [join(root, '..', 'shared/data/real'), join(root, '..', '..', 'shared/data/real')]
    .find((dir) => names.every((name) => existsSync(join(dir, name))));
}

/** The plan file made from the real 4W in `real`. */
export function planFromThe4w(real) {
  const dir = mkdtempSync(join(tmpdir(), 'cashplan-4w-'));
  const plan = join(dir, 'nw-syria.cashplan.json');
  const cli = (...args) => execFileSync('cargo', ['run', '--quiet', '--bin', 'cashplan', '--', ...args], { cwd: root, stdio: 'pipe' });
  cli('new', plan, '--name', 'NW Syria 4W', '--country', 'SYR');
  cli('import', plan, join(real, 'nws-cwg-4w-2023.csv'), '--mapping', join(root, 'tests/fixtures/sheets/nws-cwg-4w.mapping.json'),
    '--create-areas', '--skip-bad-rows');
  return plan;
}
