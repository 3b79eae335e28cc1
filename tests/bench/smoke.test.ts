/**
 * Every benchmark of `npm run bench` runs, at a toy size, so that none of them can rot unnoticed
 * (the engine benchmark once failed for months on an import its compiled tree lacked). Only that
 * they run and print their tables is checked here: performance targets live in the benchmarks
 * (docs/benchmarks.md), never in timed tests.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp.js';

const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');

/**
 * Runs `tsx bench/<script>` with toy sizes on SQLite (the PostgreSQL runs are the same code on another
 * URL, and cost a database each); resolves with its output, rejects with it on a failure. */
function bench(script: string, env: Record<string, string>, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, `bench/${script}`, ...args], {
      env: { ...process.env, BENCH_PROVIDERS: 'sqlite', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`bench/${script} exited with ${code}:\n${out.slice(-3000)}`)),
    );
  });
}

describe('npm run bench at a toy size', () => {
  it('the engine on a city of 3 units, compiled as the service runs', async () => {
    // A build folder of its own inside the repository (node_modules is found from there).
    const build = path.relative('.', tmpDir('bench-build'));
    const out = await bench('run.ts', { BENCH_UNITS: '3', BENCH_DISPATCH: '40', BENCH_BUILD_DIR: build });
    expect(out).toContain('| sqlite | opening tick 08:30 |');
    expect(out).toMatch(
      new RegExp(
        String.raw`\| sqlite \| dispatch 08:30 fan-out \| [\d,.]+ \| [\d,.]+ \| ` +
          String.raw`\d+ daily prompts sent of \d+ pending, 0 cancelled, 0 failed`,
      ),
    );
  }, 240_000);

  it('逾期 on a small history', async () => {
    const out = await bench('overdue.ts', { BENCH_OVERDUE_DAYS: '10', BENCH_OVERDUE_RUNS: '3' });
    expect(out).toMatch(/\| sqlite \| 2,000 \| [\d.]+ \| [\d.]+ \|/);
  }, 120_000);

  // Several `safeduty serve` processes need one PostgreSQL (TEST_PG_URL, as in CI).
  it.skipIf(!process.env.TEST_PG_URL)(
    'the fan-out through the Feishu emulator, 30 cards, one instance',
    async () => {
      // One instance needs no minute before the opening to start in: its first tick is the 08:30 opening.
      const out = await bench(
        'fanout.ts',
        { BENCH_FANOUT_INSTANCES: '1', BENCH_FANOUT_CLOCK_START: '2026-12-01T08:30:00+08:00' },
        ['--scale', '0.005'],
      );
      expect(out).toMatch(/\| 1 \| 30 \| [\d.]+ \| \d+ \| [\d.]+ \| 0 \| 0 \|/);
    },
    240_000,
  );

  it('the ledger import on a small ledger', async () => {
    const out = await bench('ledger-import.ts', {
      BENCH_LEDGER_ROWS: '200',
      BENCH_LEDGER_CASES: 'csv-import,zip bomb (1 GB inflated) refused',
    });
    expect(out).toMatch(/\| csv import \| [\d,.]+ \| [\d,]+ \| 200 rows: 200 new/);
    expect(out).toContain('| zip bomb (1 GB inflated) refused |');
  }, 120_000);
});
