/**
 * The whole service (real SDK, long connection or webhook) against the local Feishu emulator, on
 * the demo unit whose people have Feishu accounts in the emulator. The clock is a test clock.
 */

import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { loadConfig } from '../../src/config/load-config.js';
import { type Service, startService } from '../../src/main.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { demoConfigDir } from './config-fixture.js';
import { silentLog } from './engine.js';
import { tmpDir } from './tmp.js';

export const OPEN_IDS: Record<string, string> = {
  王建国: 'ou_wangjianguo0000000000000000000001',
  李明: 'ou_liming000000000000000000000000002',
  张三: 'ou_zhangsan00000000000000000000000003',
  李四: 'ou_lisi000000000000000000000000000004',
  赵敏: 'ou_zhaomin0000000000000000000000000005',
};

/** The demo unit's mobiles (config/demo/units): Feishu finds each person's open_id from them. */
export const MOBILES: Record<string, string> = {
  王建国: '13800000001',
  李明: '13800000002',
  张三: '13800000003',
  李四: '13800000004',
  赵敏: '13800000005',
};

export interface FeishuHarness {
  emu: FeishuEmulator;
  /** the service's database, for setting things up as an administrator would */
  dbUrl: string;
  /** where the service keeps evidence photos */
  evidenceDir: string;
  /** the running service (a new one after restart()) */
  readonly service: Service;
  clock: FakeClock;
  /** stops the service and starts it again on the same database, emulator and clock */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function feishuHarness(opts: {
  start: string;
  mode?: 'long_connection' | 'webhook';
  encryptKey?: string;
  /** 'config' (default): open_ids copied into the unit file; 'mobile': none, Feishu finds them by mobile */
  openIds?: 'config' | 'mobile';
  /** people outside the app's 可用范围 */
  unavailable?: string[];
  /** more safeduty.yaml */
  yaml?: string;
  /** the demo unit file edited (more equipment, other roles) */
  unit?: (unitYaml: string) => string;
  /** the service's database (e.g. a PostgreSQL one, tests/helpers/databases.ts); a new SQLite file by default */
  dbUrl?: string;
}): Promise<FeishuHarness> {
  // Fast reconnects, so that a dropped connection comes back within the test.
  const emu = await startFeishuEmulator({ ws: { reconnectNonceSec: 0, reconnectIntervalSec: 0.05 } });
  for (const [name, openId] of Object.entries(OPEN_IDS))
    emu.createUser({ name, openId, mobile: MOBILES[name], available: !opts.unavailable?.includes(name) });
  const withIds = (yaml: string) =>
    opts.openIds === 'mobile'
      ? yaml
      : Object.entries(OPEN_IDS).reduce(
          (s, [name, id]) => s.replace(`  - name: ${name}\n`, `  - name: ${name}\n    feishu_open_id: ${id}\n`),
          yaml,
        );
  const home = tmpDir('fs');
  const dbUrl = opts.dbUrl ?? `file:${home}/service.db`;
  const evidenceDir = `${home}/evidence`;
  const dir = demoConfigDir((yaml) => withIds(opts.unit ? opts.unit(yaml) : yaml), {
    'safeduty.yaml':
      `database:\n  url: ${dbUrl}\nhttp:\n  port: 0\n  host: 127.0.0.1\nevidence:\n  ` +
      `dir: ${evidenceDir}\n${opts.yaml ?? ''}`,
  });
  const app = emu.app();
  const config = loadConfig({
    dir,
    env: {
      FEISHU_APP_ID: app.appId,
      FEISHU_APP_SECRET: app.appSecret,
      FEISHU_DOMAIN: emu.url,
      FEISHU_MODE: opts.mode ?? 'long_connection',
      ...(opts.encryptKey
        ? { FEISHU_ENCRYPT_KEY: opts.encryptKey, FEISHU_VERIFICATION_TOKEN: emu.delivery().verificationToken }
        : {}),
    },
  });
  const clock = new FakeClock(opts.start);
  const longConnection = (opts.mode ?? 'long_connection') === 'long_connection';
  const start = async () => {
    const s = await startService(config, { log: silentLog, clock, tickEveryMs: 50 });
    if (longConnection) await emu.waitForConnection(10_000);
    else
      emu.configureDelivery({
        mode: 'webhook',
        webhookUrl: `http://127.0.0.1:${s.port}/webhooks/feishu`,
        ...(opts.encryptKey ? { encryptKey: opts.encryptKey } : {}),
      });
    return s;
  };
  let service = await start();
  return {
    emu,
    dbUrl,
    evidenceDir,
    get service() {
      return service;
    },
    clock,
    async restart() {
      await service.stop();
      // The old long connection is gone before the new service connects.
      await eventually(() => emu.connectionCount() === 0, 10_000);
      service = await start();
    },
    async close() {
      await service.stop();
      await emu.close();
    },
  };
}

/**
 * Waits until `check` holds (the service ticks every 50 ms;
 * generous for a loaded CI machine: only a failure waits it out).
 */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
