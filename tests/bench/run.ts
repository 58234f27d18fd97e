/**
 * `npm run bench`: builds both extension builds, then runs every benchmark and prints its figures.
 * Figures are ratios measured within one run; nothing here is asserted (these machines are noisy).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchExport } from './export.ts';

const root = resolve(import.meta.dirname, '../..');
for (const args of [['build', '--mode', 'test'], ['build']]) {
  const r = spawnSync('npx', ['wxt', ...args], { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`wxt ${args.join(' ')} failed`);
}

const only = process.argv.slice(2);
const benches: Array<[string, () => Promise<void>]> = [['export', benchExport]];
for (const [name, file, fn] of [['diff', './diff.ts', 'benchDiff'], ['store', './store.ts', 'benchStore'], ['popup', './popup.ts', 'benchPopup']] as const) {
  if (existsSync(resolve(import.meta.dirname, file))) {
    const mod = (await import(file)) as Record<string, () => Promise<void>>;
    if (typeof mod[fn] === 'function') benches.push([name, mod[fn]]);
  }
}
for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  await run();
}
