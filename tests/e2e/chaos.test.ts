/**
 * Chaos through a day's opening: three `safeduty serve` processes on one (private) PostgreSQL deliver
 * the 08:30 fan-out of a unit with 120 officers against the Feishu emulator (at Feishu's limits, through
 * the shared send budget); one process is killed
 * with SIGKILL in the middle of the fan-out and PostgreSQL is restarted once. Afterwards every
 * officer has exactly one daily card, every message is recorded as sent once, and no task is doubled.
 * Needs PostgreSQL's programs (TEST_PG_URL set, as in CI); it never touches the shared cluster.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '../helpers/databases.js';
import { type PrivatePg, postgresInstalled, startPrivatePg } from '../helpers/private-pg.js';
import { tmpDir } from '../helpers/tmp.js';

const OFFICERS = 120;
const openIdOf = (i: number) => `ou_chaos${String(i).padStart(6, '0')}`;

function unitYaml(): string {
  const people = [
    `  - { name: 总经理, mobile: "13900000001", feishu_open_id: ${openIdOf(9001)}, roles: [{ role: principal, ` +
      `since: "2025-01-01" }] }`,
    `  - { name: 安全总监, mobile: "13900000002", feishu_open_id: ${openIdOf(9002)}, roles: [{ role: director, ` +
      `since: "2025-01-01" }] }`,
    ...Array.from(
      { length: OFFICERS },
      (_, i) =>
        `  - { name: 安全员${i}, mobile: "137${String(i).padStart(8, '0')}", feishu_open_id: ${openIdOf(i)}, ` +
        `roles: [{ role: officer, categories: [elevator], since: "2025-01-01" }] }`,
    ),
  ];
  const equipment = Array.from(
    { length: OFFICERS },
    (_, i) =>
      `  - { code: "3110120117${String(i).padStart(4, '0')}", category: elevator, name: ${i}号客梯, officer: 安全员${i} }`,
  );
  return [
    'key: chaos-property',
    'name: 天津万家物业管理有限公司',
    'credit_code: 91120116MA05K8XQ3H',
    'kind: user',
    'time_zone: Asia/Shanghai',
    'people:',
    ...people,
    'equipment:',
    ...equipment,
    '',
  ].join('\n');
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(FEISHU_|TELEGRAM_|DATABASE_URL|SANDBOX_|PORT$|HTTP_PORT$|SAFEDUTY_)/.test(k),
    ),
  );
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (performance.now() > end) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!TEST_PG_URL || !postgresInstalled())(
  'chaos: three instances, a SIGKILL and a PostgreSQL restart through the 08:30 fan-out',
  () => {
    let pgc: PrivatePg;
    let emu: FeishuEmulator;
    const children: ChildProcess[] = [];
    const logs: string[] = ['', '', ''];

    beforeAll(async () => {
      pgc = await startPrivatePg();
      emu = await startFeishuEmulator(); // Feishu's documented rate limits
      for (let i = 0; i < OFFICERS; i++) emu.createUser({ name: `安全员${i}`, openId: openIdOf(i) });
      emu.createUser({ name: '总经理', openId: openIdOf(9001) });
      emu.createUser({ name: '安全总监', openId: openIdOf(9002) });
    }, 120_000);
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await emu?.close();
      pgc?.stop();
    });

    it('every card exactly once, no task twice', async () => {
      const dir = tmpDir('chaos');
      fs.mkdirSync(path.join(dir, 'units'));
      fs.writeFileSync(path.join(dir, 'safeduty.yaml'), 'http: { port: 0, host: 127.0.0.1 }\nquiet_hours: null\n');
      fs.writeFileSync(path.join(dir, 'units', 'chaos.yaml'), unitYaml());
      const app = emu.app();
      const env = cleanEnv({
        DATABASE_URL: pgc.url,
        FEISHU_APP_ID: app.appId,
        FEISHU_APP_SECRET: app.appSecret,
        FEISHU_DOMAIN: emu.url,
      });
      for (let i = 0; i < 3; i++) {
        const child = spawn(
          process.execPath,
          [
            'bin/safeduty.mjs',
            'serve',
            '--config',
            dir,
            '--clock-start',
            '2026-12-01T08:29:00+08:00',
            '--clock-speed',
            '2',
          ],
          { env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout!.on('data', (c: Buffer) => (logs[i] += c.toString('utf8')));
        child.stderr!.on('data', (c: Buffer) => (logs[i] += c.toString('utf8')));
        children.push(child);
      }
      const cards = () => emu.messages().filter((m) => m.msgType === 'interactive');
      try {
        // The clocks run at double speed from 08:29:00 (a tick every 30 s, the first at start): each instance's
        // second tick, 30 s after its start, is the 08:30 opening, so all three must be up within 30 s (they take a
        // few). A start at 08:28:30 would wait out one more tick (30 s) for nothing.
        await until('three instances up', async () => logs.every((l) => l.includes('SafeDuty 已启动')), 90_000);
        const officerCards = () =>
          Array.from(
            { length: OFFICERS },
            (_, i) => emu.messages({ user: openIdOf(i) }).filter((m) => m.msgType === 'interactive').length,
          ).reduce((a, b) => a + b, 0);
        expect(officerCards()).toBe(0);
        // In the middle of the fan-out: one instance dies, then the database restarts.
        await until('a quarter of the fan-out', async () => officerCards() >= OFFICERS / 4, 90_000);
        children[0]!.kill('SIGKILL');
        const atKill = officerCards();
        pgc.restart();
        expect(atKill).toBeLessThan(OFFICERS);

        const db = new pg.Client({ connectionString: pgc.url });
        await until('the database back', async () => (await db.connect().then(() => true)) as boolean, 30_000);
        try {
          const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
          await until(
            'every message delivered',
            async () =>
              (await count(`SELECT count(*) AS n FROM "Message"`)) > 0 &&
              (await count(`SELECT count(*) AS n FROM "Message" WHERE state <> 'sent'`)) === 0,
            90_000,
          );
          // Every officer: exactly one card (the daily prompt of 2026-12-01).
          const perChat = new Map<string, number>();
          for (const m of cards()) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
          const officerChats = Array.from(
            { length: OFFICERS },
            (_, i) => emu.messages({ user: openIdOf(i) })[0]?.chatId,
          );
          expect(officerChats.every(Boolean)).toBe(true);
          expect(officerChats.map((c) => perChat.get(c!))).toEqual(Array.from({ length: OFFICERS }, () => 1));
          // The database agrees: one sent message per card, no task or record twice.
          expect(await count(`SELECT count(*) AS n FROM "Message"`)).toBe(cards().length);
          expect(await count(`SELECT count(*) AS n FROM "Task" WHERE kind = 'daily'`)).toBe(OFFICERS);
          expect(
            await count(
              `SELECT count(*) AS n FROM (SELECT "subjectId", period FROM "Task" WHERE kind = 'daily' GROUP ` +
                `BY 1, 2 HAVING count(*) > 1) d`,
            ),
          ).toBe(0);
          expect(await count(`SELECT count(*) AS n FROM "Record"`)).toBe(0);
          // The survivors are still up.
          expect([children[1]!.exitCode, children[2]!.exitCode]).toEqual([null, null]);
        } finally {
          await db.end().catch(() => undefined);
        }
      } catch (e) {
        throw new Error(
          `${(e as Error).message}\n--- instance logs (tail) ` +
            `---\n${logs.map((l, i) => `#${i}: ${l.split('\n').slice(-15).join('\n')}`).join('\n')}`,
        );
      }
    }, 240_000);
  },
);
