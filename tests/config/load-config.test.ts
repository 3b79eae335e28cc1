import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeChannels } from '../../src/config/channels.js';
import { ConfigError, formatIssue } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { demoConfigDir } from '../helpers/config-fixture.js';

function problems(dir: string, env: Record<string, string> = {}): string[] {
  try {
    loadConfig({ dir, env });
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
}

const UNIT = 'units/wanjia-property.yaml';

describe('loadConfig on the demo', () => {
  it('loads the demo unit, people, equipment and checklists', () => {
    const c = loadConfig({ dir: 'config/demo', env: {} });
    expect(c.units).toHaveLength(1);
    const u = c.units[0]!;
    expect(u.key).toBe('wanjia-property');
    expect(u.equipment.filter((e) => e.category === 'elevator')).toHaveLength(6);
    expect(u.equipment.filter((e) => e.status === 'paused').map((e) => e.name)).toEqual(['1号楼3号货梯']);
    expect(u.equipment.find((e) => e.code === '11101201160001')?.officerMobile).toBe('13800000005');
    expect(u.checklists.map((c) => c.category).sort()).toEqual(['boiler', 'elevator', 'field_vehicle']);
    expect(c.checklists.size).toBe(9);
    expect(c.calendars.map((k) => k.year).sort()).toEqual([2025, 2026]);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lets the environment override the database and secrets', () => {
    const c = loadConfig({
      dir: 'config/demo',
      env: {
        DATABASE_URL: 'postgresql://a:b@h:5432/d',
        FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
        FEISHU_APP_SECRET: 's',
        PORT: '8080',
      },
    });
    expect(c.service.database.url).toBe('postgresql://a:b@h:5432/d');
    expect(c.service.channels.feishu.app_id).toBe('cli_a1b2c3d4e5f60718');
    expect(c.service.http.port).toBe(8080);
  });
});

describe('configuration mistakes get one line naming file and path', () => {
  it.each([
    ['YAML syntax error', (s: string) => s.replace('kind: user', 'kind: [user'), `${UNIT}: 第`],
    [
      'unknown category',
      (s: string) => s.replace('category: boiler', 'category: rocket'),
      `${UNIT}: equipment[6].category: 未知设备类别“rocket”`,
    ],
    [
      'duplicate equipment code',
      (s: string) => s.replace('"31101201160002"', '"31101201160001"'),
      `${UNIT}: equipment[1].code: 设备代码“31101201160001”重复`,
    ],
    [
      'equipment without officer',
      (s: string) => s.replace(', officer: 赵敏, next_inspection: "2027-09-30"', ', next_inspection: "2027-09-30"'),
      `${UNIT}: equipment[6].officer: 每台设备须指定负责安全员`,
    ],
    [
      'officer not in the unit',
      (s: string) => s.replace('location: 1号楼东侧, officer: 张三', 'location: 1号楼东侧, officer: 孙悟空'),
      `${UNIT}: equipment[0].officer: 负责安全员“孙悟空”不在本单位人员名单中`,
    ],
    [
      'officer without the category',
      (s: string) => s.replace('location: 地下锅炉房, officer: 赵敏', 'location: 地下锅炉房, officer: 张三'),
      `${UNIT}: equipment[6].officer: “张三”不是本单位锅炉的安全员`,
    ],
    [
      'date that does not parse',
      (s: string) => s.replace('"2027-09-30"', '"2027-02-30"'),
      `${UNIT}: equipment[6].next_inspection: 日期“2027-02-30”无法识别`,
    ],
    [
      'unknown time zone',
      (s: string) => s.replace('Asia/Shanghai', 'Mars/Olympus'),
      `${UNIT}: time_zone: 未知时区“Mars/Olympus”`,
    ],
    [
      'bad credit code',
      (s: string) => s.replace('91120116MA05K8XQ3H', '91120116MA05K8XQ3A'),
      `${UNIT}: credit_code: 统一社会信用代码“91120116MA05K8XQ3A”无效`,
    ],
    [
      'unknown key',
      (s: string) => s.replace('kind: user', 'kind: user\ncolour: red'),
      `${UNIT}: 出现未知的键(key): "colour"`,
    ],
    [
      'bad mobile',
      (s: string) => s.replace('mobile: "13800000004"', 'mobile: "1380000"'),
      `${UNIT}: people[3].mobile: 手机号“1380000”应为 11 位数字`,
    ],
  ])('%s', (_name, edit, expected) => {
    const dir = demoConfigDir(edit);
    const lines = problems(dir).map((l) => l.replace(`${path.relative(process.cwd(), dir)}/`, ''));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith(expected))).toBe(true);
  });

  it('reports a bad time in safeduty.yaml', () => {
    const dir = demoConfigDir(undefined, { 'safeduty.yaml': 'schedule:\n  daily: { open: "8:3O" }\n' });
    expect(
      problems(dir).some((l) =>
        l.endsWith('safeduty.yaml: schedule.daily.open: 时刻“8:3O”无法识别，应为 "HH:mm"，例如 "08:30"'),
      ),
    ).toBe(true);
  });

  it('reports a bad value from the environment', () => {
    expect(problems('config/demo', { PORT: 'eighty' })).toContain('环境变量: PORT: 端口“eighty”应为数字');
    // The variable is named, not only the field it overrides.
    expect(problems('config/demo', { FEISHU_APP_ID: 'abc' })[0]).toMatch(
      /^环境变量: FEISHU_APP_ID（channels\.feishu\.app_id）: app_id 应形如/,
    );
    expect(problems('config/demo', { LOG_LEVEL: 'verbose' })[0]).toMatch(/^环境变量: LOG_LEVEL（log\.level）: /);
  });

  it('reports all problems together', () => {
    const dir = demoConfigDir((s) =>
      s.replace('Asia/Shanghai', 'Nowhere/Zone').replace('category: boiler', 'category: rocket'),
    );
    expect(problems(dir).length).toBeGreaterThanOrEqual(2);
  });

  it('reports a checklist override that removes an unknown item', () => {
    const dir = demoConfigDir((s) => `${s}\nchecklists:\n  elevator:\n    remove: [不存在的检查项]\n`);
    expect(
      problems(dir).some((l) => l.includes('checklists.elevator.remove: 要删除的检查项“不存在的检查项”不在清单中')),
    ).toBe(true);
  });

  it('reports a missing configuration folder', () => {
    expect(problems('no/such/dir')[0]).toMatch(/配置目录不存在/);
  });
});

describe('channel settings that cannot work are configuration errors', () => {
  const ID = 'cli_a1b2c3d4e5f60718';
  it('half of the Feishu credentials', () => {
    expect(problems('config/demo', { FEISHU_APP_ID: ID })).toEqual([
      'channels: feishu.app_secret: 已设置 FEISHU_APP_ID，但缺少 FEISHU_APP_SECRET（飞书开放平台 → 凭证与基础信息）',
    ]);
    expect(problems('config/demo', { FEISHU_APP_SECRET: 's' })[0]).toMatch(/缺少 FEISHU_APP_ID/);
    expect(problems('config/demo', { FEISHU_ENCRYPT_KEY: 'k' })[0]).toMatch(/缺少 FEISHU_APP_ID 和 FEISHU_APP_SECRET/);
  });
  it('webhook mode without both the Encrypt Key and the Verification Token', () => {
    const base = { FEISHU_APP_ID: ID, FEISHU_APP_SECRET: 's', FEISHU_MODE: 'webhook' };
    expect(problems('config/demo', base)[0]).toMatch(
      /webhook 模式必须同时设置.*缺少 FEISHU_ENCRYPT_KEY、FEISHU_VERIFICATION_TOKEN/,
    );
    expect(problems('config/demo', { ...base, FEISHU_ENCRYPT_KEY: 'k' })[0]).toMatch(
      /缺少 FEISHU_VERIFICATION_TOKEN；或改用长连接/,
    );
    expect(problems('config/demo', { ...base, FEISHU_ENCRYPT_KEY: 'k', FEISHU_VERIFICATION_TOKEN: 't' })).toEqual([]);
  });
  it('a Telegram token turns the Telegram channel on; webhook mode needs its address and secret', () => {
    expect(problems('config/demo', { TELEGRAM_BOT_TOKEN: '123:abc' })).toEqual([]);
    const on = loadConfig({
      dir: 'config/demo',
      env: { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: 'http://127.0.0.1:9/' },
    }).service;
    expect(activeChannels(on)).toEqual(['telegram']);
    expect(on.channels.telegram).toMatchObject({ token: '123:abc', mode: 'polling', api_root: 'http://127.0.0.1:9/' });
    expect(
      activeChannels(
        loadConfig({
          dir: 'config/demo',
          env: { TELEGRAM_BOT_TOKEN: '123:abc', FEISHU_APP_ID: ID, FEISHU_APP_SECRET: 's' },
        }).service,
      ),
    ).toEqual(['feishu', 'telegram']);
    const hook = { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'webhook' };
    expect(problems('config/demo', hook)).toEqual([
      expect.stringMatching(/TELEGRAM_WEBHOOK_URL/),
      expect.stringMatching(/必须设置 TELEGRAM_WEBHOOK_SECRET/),
    ]);
    expect(
      problems('config/demo', {
        ...hook,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.cn/webhooks/telegram',
        TELEGRAM_WEBHOOK_SECRET: 'a b',
      }),
    ).toEqual([expect.stringMatching(/webhook_secret 只能含/)]);
    expect(
      problems('config/demo', {
        ...hook,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.cn/webhooks/telegram',
        TELEGRAM_WEBHOOK_SECRET: 's3cret_-x',
      }),
    ).toEqual([]);
    expect(problems('config/demo', { TELEGRAM_BOT_TOKEN: 'not-a-token' })).toEqual([
      expect.stringMatching(/@BotFather/),
    ]);
  });
  it('the default config/ holds no units: the demo lives in config/demo', () => {
    expect(loadConfig({ dir: 'config', env: {} }).units).toEqual([]);
    expect(loadConfig({ dir: 'config/demo', env: {} }).units.map((u) => u.key)).toEqual(['wanjia-property']);
  });
});
