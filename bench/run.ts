/**
 * `npm run bench`: the duty engine on a synthetic city (2,000 units × 25 devices) on SQLite and,
 * when BENCH_PG_URL (or TEST_PG_URL) points at a PostgreSQL server whose role may CREATE DATABASE,
 * on a fresh PostgreSQL database. A benchmark, not a test: it prints a table and exits 0 unless
 * something fails to run; pass --strict to exit 1 on a missed target.
 *
 * Environment: BENCH_UNITS (default 2000), BENCH_PG_URL / TEST_PG_URL, BENCH_PROVIDERS
 * (sqlite,postgresql), BENCH_DISPATCH (messages the 08:30 fan-out dispatch sends at most, default all),
 * BENCH_NODE_ARGS (extra node flags for the measured child, e.g. --cpu-prof), BENCH_KEEP (keep the
 * database). See docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateDatabase } from '../src/adapters/store/migrations.js';
import { loadConfig } from '../src/config/load-config.js';
import { BENCH_BUILD, buildBench } from './build.js';
import { buildCity } from './city.js';
import { type CityRows, cityRows } from './city-rows.js';
import { createDatabase } from './databases.js';
import { allPass, machineLine, type ProviderResult, resultTable, rowsWritten } from './report.js';
import { seedPostgres, seedSqlite } from './seed.js';

type Provider = 'sqlite' | 'postgresql';

const UNITS = Number(process.env.BENCH_UNITS ?? 2000);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL;
const PROVIDERS = (process.env.BENCH_PROVIDERS?.split(',') ?? ['sqlite', 'postgresql']).filter(
  (p): p is Provider => p === 'sqlite' || (p === 'postgresql' && !!PG_URL),
);
const SEEDED_AT = new Date('2026-11-20T02:00:00Z');

/** The node flags the service runs with (`npm start`; the Dockerfile sets the same in NODE_OPTIONS). */
export function serviceNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
}

function runScenario(url: string): Promise<Omit<ProviderResult, 'provider' | 'seedMs'>> {
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...serviceNodeFlags(), ...extra, path.join(BENCH_BUILD, 'bench/scenario.js'), url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) return reject(new Error(`scenario exited with ${code}\n${out}`));
      resolve(JSON.parse(line.slice('BENCH_RESULT '.length)));
    });
  });
}

async function benchProvider(provider: Provider, rows: CityRows): Promise<ProviderResult> {
  const db = await createDatabase(provider, PG_URL);
  try {
    await migrateDatabase(db.url);
    const t0 = performance.now();
    if (provider === 'sqlite') seedSqlite(db.url.replace(/^file:/, ''), rows);
    else await seedPostgres(db.url, rows);
    const seedMs = performance.now() - t0;
    process.stderr.write(`${provider}: seeded in ${Math.round(seedMs)} ms; running the scenario…\n`);
    return { provider, seedMs, ...(await runScenario(db.url)) };
  } finally {
    if (!process.env.BENCH_KEEP) await db.drop();
  }
}

async function main(): Promise<void> {
  const config = loadConfig({ dir: 'config', env: {} });
  const specs = buildCity({ units: UNITS, devicesPerUnit: 25, officersPerUnit: 3, checklists: config.checklists });
  const rows = cityRows(specs, SEEDED_AT);
  const count = (t: string) => rows.find(([name]) => name === t)?.[1].length ?? 0;
  buildBench();
  const results: ProviderResult[] = [];
  for (const p of PROVIDERS) results.push(await benchProvider(p, rows));

  console.log(`\n## SafeDuty engine benchmark\n`);
  console.log(`Machine: ${machineLine()}`);
  console.log(
    `Measured process: compiled JavaScript, \`node ${serviceNodeFlags().join(' ')}\` as \`npm start\` and the Dockerfile run the service.`,
  );
  console.log(
    `City: ${count('Unit').toLocaleString()} units, ${count('Equipment').toLocaleString()} devices, ${count('Person').toLocaleString()} people, ${count('RiskChecklistItem').toLocaleString()} checklist items. Day: 2026-12-01 (Asia/Shanghai).`,
  );
  if (!PROVIDERS.includes('postgresql'))
    console.log('PostgreSQL skipped: set BENCH_PG_URL (a role with CREATEDB) to include it.');
  console.log(`\n${resultTable(results)}\n`);
  console.log(`Rows at the end of the day:\n${rowsWritten(results)}\n`);
  console.log(allPass(results) ? 'All targets met.' : 'Some targets missed (see MISS).');
  if (process.argv.includes('--strict') && !allPass(results)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
