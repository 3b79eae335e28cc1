/**
 * Telegram has no idempotency key for sendMessage: a message sent but not yet recorded as sent
 * when the process dies is sent again after the restart. This measures how many duplicates that
 * makes: the real `safeduty serve` (a child process) fans out N notices to N people against the
 * Telegram emulator and is SIGKILLed again and again in the middle of it; after a last run that
 * finishes, the emulator's chats are counted. Real time (no virtual clock): a faster clock would
 * shorten the outbox lease (60 s) below the machine's own delays and measure something else; each
 * restart therefore waits out the lease of the messages the killed process
 * had claimed. README “Telegram: what is guaranteed” quotes the result.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startTelegramEmulator, type TelegramEmulator } from '@safeduty/telegram-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedStore } from '../../src/cli/open-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { tmpDir } from '../helpers/tmp.js';

const N = 120;
const KILLS = 2;
/** delivery.concurrency's default: sends in flight at once, each of which a kill can leave sent but unrecorded */
const IN_FLIGHT = 8;

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(FEISHU_|TELEGRAM_|DATABASE_URL|SANDBOX_|PORT$|HTTP_PORT$|SAFEDUTY_)/.test(k),
    ),
  );
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

describe('SIGKILL between a Telegram send and its record', () => {
  let emu: TelegramEmulator;
  let dir: string;
  let users: number[];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    emu = await startTelegramEmulator();
    users = Array.from({ length: N }, (_, i) => emu.createUser({ firstName: `员工${i}` }).id);
    for (const u of users) emu.start(u);
    const db = path.join(tmpDir('kill'), 'kill.db');
    dir = demoConfigDir(undefined, { 'safeduty.yaml': `database: { url: "file:${db}" }\nhttp: { port: 0 }\n` });
    const config = loadConfig({ dir, env: {} });
    const store = await openMigratedStore(config.service.database.url);
    try {
      await store.applyUnits(config.units, new Date());
      const unit = await store.db.unit.findFirstOrThrow();
      const people = users.map((_u, i) => ({
        id: `tgp${i}`,
        name: `员工${i}`,
        mobile: `137${String(i).padStart(8, '0')}`,
      }));
      await store.db.person.createMany({ data: people });
      await store.db.channelIdentity.createMany({
        data: people.map((p, i) => ({ personId: p.id, channel: 'telegram', externalId: String(users[i]) })),
      });
      const at = new Date(Date.now() - 60_000);
      await store.db.message.createMany({
        data: people.map((p) => ({
          key: `msg:${unit.key}:notice:kill:0:${p.id}`,
          groupKey: `${unit.key}:notice:kill`,
          unitId: unit.id,
          personId: p.id,
          purpose: 'notice',
          payload: { type: 'notice', unitName: unit.name, text: '请于本周五前完成特种设备安全培训签到' },
          taskKeys: [],
          notBefore: at,
          createdAt: at,
        })),
      });
    } finally {
      await store.close();
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await emu?.close();
  });

  const serve = (): ChildProcess => {
    const child = spawn(process.execPath, ['bin/safeduty.mjs', 'serve', '--config', dir], {
      env: cleanEnv({ TELEGRAM_BOT_TOKEN: emu.bot().token, TELEGRAM_API_ROOT: emu.url }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    return child;
  };
  const sent = () => emu.requests().filter((r) => r.method.toLowerCase() === 'sendmessage' && r.status === 200).length;
  const until = async (what: () => boolean, ms: number, why: string) => {
    const end = Date.now() + ms;
    while (!what()) {
      if (Date.now() > end) throw new Error(`timed out: ${why}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const exited = (c: ChildProcess) =>
    new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

  it(`${KILLS} SIGKILLs during a fan-out of ${N}: every notice arrives, duplicates at most the sends in ` +
    `flight per kill`, async () => {
    for (let k = 1; k <= KILLS; k++) {
      const child = serve();
      const target = Math.min(N - 10, sent() + 20);
      await until(() => sent() >= target, 90_000, `run ${k} to reach ${target} sends`);
      child.kill('SIGKILL');
      await exited(child);
    }
    const last = serve();
    const notices = (u: number) =>
      emu.messages(u).filter((m) => m.fromBot && (m.text ?? '').includes('培训签到')).length;
    const delivered = () => users.every((u) => notices(u) > 0);
    await until(delivered, 120_000, 'every notice delivered after the kills');
    // quiet for a while: nothing else comes
    let before = -1;
    while (before !== sent()) {
      before = sent();
      await new Promise((r) => setTimeout(r, 3000));
    }
    last.kill('SIGTERM');
    await exited(last);

    // (the people's /start also gets a reply: only the notices are counted)
    const perUser = users.map(notices);
    const duplicates = perUser.reduce((n, c) => n + (c - 1), 0);
    fs.writeFileSync(
      path.join('.test-tmp', 'telegram-sigkill.json'),
      JSON.stringify({ N, kills: KILLS, duplicates, perUserMax: Math.max(...perUser) }),
    );
    console.log(
      `telegram SIGKILL measurement: ${N} notices, ${KILLS} kills → ${duplicates} duplicate(s), at ` +
        `most ${Math.max(...perUser)} copies to one person`,
    );
    expect(perUser.every((c) => c >= 1)).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(KILLS * IN_FLIGHT);
  }, 600_000);
});
