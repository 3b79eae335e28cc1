/**
 * The benchmarks' measured processes run compiled JavaScript, as production does (`npm run build` →
 * dist/), not through tsx: its loader would add time and ~40 MB to every number.
 *
 * tsconfig.bench.json compiles src/ and bench/ with rootDir "." into .bench-build/, so the compiled
 * tree has the repository's shape one level down: .bench-build/src/adapters/store/db.js. Everything
 * the code reaches by a path relative to itself must exist there too: the scripts' .mjs modules it
 * imports (make-dirs, migrate-lib) are in the compilation (allowJs), and the folders of data it reads
 * (prisma/migrations, config/) are linked to the repository's own. tests/bench/smoke.test.ts runs
 * every benchmark at a toy size, so a new import out of src/ that this misses fails `npm test`.
 *
 * No type check here (`--noCheck`: npm run typecheck does it); the emit is the same (isolatedModules).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** where (BENCH_BUILD_DIR: another folder inside the repository, so that node_modules is found) */
export const BENCH_BUILD = process.env.BENCH_BUILD_DIR ?? '.bench-build';
/** Folders of data (not code) that compiled modules find relative to themselves. */
const LINKED = ['prisma', 'config'];

export function buildBench(): void {
  const t0 = performance.now();
  fs.rmSync(BENCH_BUILD, { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json', '--noCheck', '--outDir', BENCH_BUILD],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('could not compile the benchmark (tsc -p tsconfig.bench.json)');
  for (const dir of LINKED) fs.symlinkSync(path.resolve(dir), path.join(BENCH_BUILD, dir), 'dir');
  process.stderr.write(`compiled src/ and bench/ into ${BENCH_BUILD}/ in ${Math.round(performance.now() - t0)} ms\n`);
}
