/**
 * Reaching people without hand-copied ids: open_ids are per app, so SafeDuty asks Feishu for each
 * person's open_id by the mobile in the unit file (contact/v3/users/batch_get_id) at start and on
 * `config apply`. A hand-copied id of another app is replaced; someone Feishu does not return (outside
 * the 可用范围) stays unbound, which the director is told about.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startFeishuEmulator } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { describeResolution, resolveOpenIds } from '../../src/adapters/feishu/resolve-open-ids.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { demoEngine, silentLog } from '../helpers/engine.js';
import { eventually, type FeishuHarness, feishuHarness, MOBILES, OPEN_IDS } from '../helpers/feishu-service.js';
import { tmpDir } from '../helpers/tmp.js';

const cardText = (m: { card?: unknown }) => JSON.stringify(m.card ?? {});

describe('open_ids found by mobile at start', () => {
  let h: FeishuHarness;
  let store: PrismaStore;

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T00:30:00Z', openIds: 'mobile', unavailable: ['李四'] });
    store = await PrismaStore.open(h.dbUrl);
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await h?.close();
  });

  it('binds everyone Feishu returns, so the daily cards arrive with no id in the unit file', async () => {
    await eventually(() =>
      h.emu.messages({ user: OPEN_IDS['张三'] }).find((m) => cardText(m).includes('1号楼1号客梯')),
    );
    expect(h.emu.counters().idLookups).toBeGreaterThanOrEqual(1);
    const ids = await store.db.channelIdentity.findMany({ where: { channel: 'feishu' }, include: { person: true } });
    const byName = Object.fromEntries(ids.map((i) => [i.person.name, i.externalId]));
    for (const name of ['王建国', '李明', '张三', '赵敏']) expect(byName[name]).toBe(OPEN_IDS[name]);
    expect(byName['李四']).toBeUndefined();
  });

  it('tells the director who could not be found, and doctor lists them', async () => {
    const told = await eventually(() =>
      h.emu
        .messages({ user: OPEN_IDS['李明'] })
        .find((m) => cardText(m).includes('李四') && cardText(m).includes('绑定')),
    );
    expect(cardText(told)).toContain('手机号');
    const rows = await store.listUnreachable();
    expect(rows.find((r) => r.who === '李四')).toMatchObject({ cause: 'unbound' });
  });
});

describe('resolveOpenIds', () => {
  it("replaces another app's open_id with this app's, " +
    'leaves the right ones, and reports who was not found', async () => {
    const emu = await startFeishuEmulator();
    const e = await demoEngine({ start: '2026-12-01T02:00:00Z' });
    try {
      const zhang = emu.createUser({ name: '张三', mobile: MOBILES['张三'] });
      const li = emu.createUser({ name: '李明', mobile: MOBILES['李明'] });
      const person = (name: string) => e.store.db.person.findUniqueOrThrow({ where: { mobile: MOBILES[name]! } });
      await e.store.db.channelIdentity.create({
        data: { personId: (await person('张三')).id, channel: 'feishu', externalId: zhang.otherAppOpenId },
      });
      await e.store.db.channelIdentity.create({
        data: { personId: (await person('李明')).id, channel: 'feishu', externalId: li.openId },
      });
      const app = emu.app();
      const r = await resolveOpenIds(
        createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
        e.store,
        e.clock.now(),
        silentLog,
      );
      expect(r).toMatchObject({ asked: 5, bound: 0, replaced: 1, unchanged: 1 });
      expect(r.notFound.sort()).toEqual(['李四', '王建国', '赵敏'].sort());
      expect(describeResolution(r)).toMatch(/未找到 3 人/);
      const zhangIds = await e.store.db.channelIdentity.findMany({ where: { personId: (await person('张三')).id } });
      expect(zhangIds.map((i) => i.externalId)).toEqual([zhang.openId]);

      emu.injectFaults({ api: 'contact', failWith: { code: 99991672 } });
      await expect(
        resolveOpenIds(
          createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
          e.store,
          e.clock.now(),
          silentLog,
        ),
      ).rejects.toThrow(/contact:user\.id:readonly/);
    } finally {
      await e.close();
      await emu.close();
    }
  }, 30_000);
});

describe('safeduty config apply', () => {
  it('finds the open_ids by mobile after applying the units; doctor names who Feishu cannot find', async () => {
    const emu = await startFeishuEmulator();
    try {
      for (const [name, mobile] of Object.entries(MOBILES))
        emu.createUser({ name, mobile, available: name !== '赵敏' });
      const dbUrl = `file:${tmpDir('apply')}/apply.db`;
      const dir = demoConfigDir(undefined, { 'safeduty.yaml': `database:\n  url: ${dbUrl}\n` });
      const app = emu.app();
      const env = {
        ...process.env,
        LOG_LEVEL: 'silent',
        FEISHU_APP_ID: app.appId,
        FEISHU_APP_SECRET: app.appSecret,
        FEISHU_DOMAIN: emu.url,
        SAFEDUTY_CONFIG: undefined,
        DATABASE_URL: undefined,
      };
      const cli = (args: string[]) =>
        new Promise<string>((resolve) =>
          execFile(
            process.execPath,
            [path.resolve('bin/safeduty.mjs'), ...args, '--config', dir],
            { encoding: 'utf8', env, timeout: 120_000 },
            (_err, stdout, stderr) => resolve(stdout + stderr),
          ),
        );
      const out = await cli(['config', 'apply']);
      expect(out).toContain('飞书账号按手机号匹配：5 人，新绑定 4');
      expect(out).toMatch(/未找到 1 人（赵敏）/);
      const store = await PrismaStore.open(dbUrl);
      try {
        expect(await store.db.channelIdentity.count({ where: { channel: 'feishu' } })).toBe(4);
      } finally {
        await store.close();
      }
      // doctor says who Feishu cannot find, and what to change.
      const doctor = await cli(['doctor']);
      expect(doctor).toContain('✓ 飞书：');
      expect(doctor).toContain(
        '✗ 飞书账号：1 人按手机号找不到（赵敏）：请核对手机号，并把他们加入应用的可用范围后发布新版本',
      );
    } finally {
      await emu.close();
    }
  }, 180_000);
});
