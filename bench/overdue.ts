/**
 * `npm run bench` (second part): the 逾期 command for the director of a unit with 200 devices, on a
 * database holding 1,000,000 daily task rows (13.7 years of history; the last days still open and
 * overdue). Target: p95 under 50 ms on SQLite and on PostgreSQL (BENCH_PG_URL / TEST_PG_URL).
 * A benchmark, not a test: prints a table, exits 0. BENCH_OVERDUE_DAYS / BENCH_OVERDUE_RUNS / BENCH_PROVIDERS
 * change the size (tests/bench/smoke.test.ts runs it small).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { randomIds } from '../src/adapters/ids/random-ids.js';
import { REPORT_WRITERS } from '../src/adapters/reports/writers.js';
import { migrateDatabase } from '../src/adapters/store/migrations.js';
import { PrismaStore } from '../src/adapters/store/prisma-store.js';
import { handleText } from '../src/app/commands/handle-text.js';
import { createInvite } from '../src/app/commands/invite.js';
import type { Logger } from '../src/app/ports.js';
import { loadConfig } from '../src/config/load-config.js';
import type { UnitSpec } from '../src/domain/unit-spec.js';

const DEVICES = 200;
/** days of history (BENCH_OVERDUE_DAYS; 5,000 × 200 devices = 1,000,000 rows) and timed runs (BENCH_OVERDUE_RUNS) */
const DAYS = Number(process.env.BENCH_OVERDUE_DAYS ?? 5000);
const RUNS = Number(process.env.BENCH_OVERDUE_RUNS ?? 60);
const NOW = new Date('2026-12-01T10:00:00Z'); // 18:00 Shanghai: today's checks are overdue
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

function unitSpec(): UnitSpec {
  const demo = loadConfig({ dir: 'config/demo', env: {} }).units[0]!;
  const officers = demo.people.filter((p) => p.roles.some((r) => r.role === 'officer'));
  return {
    ...demo,
    people: demo.people.map((p) =>
      p.roles.some((r) => r.role === 'officer') ? { ...p, roles: p.roles.map((r) => ({ ...r, categories: [] })) } : p,
    ),
    equipment: Array.from({ length: DEVICES }, (_, i) => ({
      code: `3110${String(i).padStart(10, '0')}`,
      registrationNo: '',
      category: 'elevator' as const,
      name: `${Math.floor(i / 10) + 1}号楼${(i % 10) + 1}号梯`,
      location: '',
      status: 'in_use' as const,
      statusReason: '',
      officerMobile: officers[i % officers.length]!.mobile,
    })),
  };
}

/** 1,000,000 daily tasks: every device every day for DAYS days up to NOW; the last 3 days still open. */
async function seedTasks(store: PrismaStore, provider: 'sqlite' | 'postgresql'): Promise<void> {
  const unit = await store.db.unit.findFirstOrThrow();
  const devices = await store.db.equipment.findMany({ select: { id: true, officerId: true } });
  const ids = JSON.stringify(devices.map((d) => [d.id, d.officerId]));
  if (provider === 'sqlite') {
    // Dates as Prisma writes them on SQLite: ISO text with +00:00.
    await store.db.$executeRawUnsafe(
      `WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < ${DAYS - 1}),
       dev AS (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS officer FROM json_each(?))
       INSERT INTO "Task" (id, key, unitId, kind, period, subjectId, assigneeId, opensAt, dueAt, closesAt, state, late, createdAt)
       SELECT 'b' || n || '-' || dev.id, 'task:${unit.key}:daily:' || date('2026-12-01', '-' || n || ' days') || ':' || dev.id, ?, 'daily',
              date('2026-12-01', '-' || n || ' days'), dev.id, dev.officer,
              date('2026-12-01', '-' || n || ' days') || 'T00:30:00.000+00:00', date('2026-12-01', '-' || n || ' days') || 'T09:30:00.000+00:00',
              date('2026-12-01', '-' || (n - 1) || ' days') || 'T16:00:00.000+00:00',
              CASE WHEN n < 3 THEN 'open' WHEN n % 17 = 0 THEN 'missed' ELSE 'done' END, 0, '2026-12-01T00:00:00.000+00:00'
       FROM d, dev`,
      ids,
      unit.id,
    );
  } else {
    await store.db.$executeRawUnsafe(
      `INSERT INTO "Task" (id, key, "unitId", kind, period, "subjectId", "assigneeId", "opensAt", "dueAt", "closesAt", state, late, "createdAt")
       SELECT 'b' || n || '-' || dev.id, 'task:${unit.key}:daily:' || to_char(day, 'YYYY-MM-DD') || ':' || dev.id, $2, 'daily',
              to_char(day, 'YYYY-MM-DD'), dev.id, dev.officer, day + interval '30 minutes', day + interval '9 hours 30 minutes', day + interval '16 hours',
              CASE WHEN n < 3 THEN 'open' WHEN n % 17 = 0 THEN 'missed' ELSE 'done' END, false, now()
       FROM generate_series(0, ${DAYS - 1}) AS n, LATERAL (SELECT (timestamp '2026-12-01' - n * interval '1 day') AS day) t,
            LATERAL (SELECT e->>0 AS id, e->>1 AS officer FROM jsonb_array_elements($1::jsonb) e) dev`,
      ids,
      unit.id,
    );
  }
}

async function measure(
  provider: 'sqlite' | 'postgresql',
): Promise<{ provider: string; rows: number; p50: number; p95: number; reply: string }> {
  let url: string;
  let drop = async () => {};
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeduty-overdue-'));
    url = `file:${path.join(dir, 'bench.db')}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `sd_overdue_${process.pid}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const u = new URL(PG_URL!);
    u.pathname = `/${name}`;
    url = u.href;
    drop = async () => {
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    };
  }
  await migrateDatabase(url);
  const store = await PrismaStore.open(url);
  try {
    await store.applyUnits([unitSpec()], NOW);
    await seedTasks(store, provider);
    if (provider === 'postgresql') await store.db.$executeRawUnsafe('ANALYZE "Task"');
    const rows = await store.db.task.count();
    const director = (await store.findPeople('李明'))[0]!;
    const clock = { now: () => NOW };
    const { code } = await createInvite({ store, ids: randomIds }, director.id, NOW);
    const deps = {
      store,
      clock,
      log: quiet,
      ids: randomIds,
      defaults: loadConfig({ dir: 'config/demo', env: {} }).service,
      writers: REPORT_WRITERS,
    };
    const account = { channel: 'feishu' as const, externalId: 'ou_bench_director' };
    await handleText(deps, account, `绑定 ${code}`);
    const times: number[] = [];
    let reply = '';
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      reply = (await handleText(deps, account, '逾期')).text;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    return { provider, rows, p50: pct(0.5), p95: pct(0.95), reply: reply.split('\n')[0]! };
  } finally {
    await store.close();
    await drop();
  }
}

const providers = (process.env.BENCH_PROVIDERS?.split(',') ?? ['sqlite', 'postgresql']).filter(
  (p): p is 'sqlite' | 'postgresql' => p === 'sqlite' || (p === 'postgresql' && !!PG_URL),
);
console.log(
  `\n逾期 for the director: ${DEVICES} devices, ${DEVICES * DAYS} daily task rows, ${RUNS} runs (${os.cpus().length} cores, node ${process.version})\n`,
);
console.log('| provider | task rows | p50 ms | p95 ms | target p95 | result | first line of the reply |');
console.log('|---|---|---|---|---|---|---|');
for (const p of providers) {
  const r = await measure(p);
  console.log(
    `| ${r.provider} | ${r.rows.toLocaleString('en')} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | < 50 | ${r.p95 < 50 ? 'PASS' : 'MISS'} | ${r.reply} |`,
  );
}
if (!PG_URL) console.log('\n(PostgreSQL skipped: set BENCH_PG_URL=postgresql://… to include it)');
