/**
 * Values that parse but make no sense are refused as `file: path: message` in Chinese, all at once,
 * and a YAML syntax error names its file and position: in safeduty.yaml, a unit file, a checklist
 * and a calendar.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { demoConfigDir } from '../helpers/config-fixture.js';

function problems(dir: string): string[] {
  try {
    loadConfig({ dir, env: {} });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.issues.map((i) => formatIssue({ ...i, file: path.basename(i.file) }));
  }
}

describe('configuration values that make no sense', () => {
  it('refuses them in safeduty.yaml, each with its path and what to write instead', () => {
    const service = [
      'schedule:',
      '  daily: { open: "08:30", due: "17:30" }',
      '  weekly: { open_weekday: 5, open: "09:00", due_weekday: 1, due: "18:00" }',
      'escalation:',
      '  daily:',
      '    - { after: "-10h", to: [assignee] }',
      '    - { day: 3, time: "09:00", to: [director] }',
      '    - { after: "40d", to: [principal] }',
      '  hazard:',
      '    - { after: "-10d", to: [assignee] }',
      '  advice:',
      '    - { after: "-5d", to: [assignee] }',
      'quiet_hours: { start: "22:00", end: "22:00" }',
    ].join('\n');
    expect(problems(demoConfigDir((s) => s, { 'safeduty.yaml': service }))).toEqual([
      'safeduty.yaml: schedule.weekly: 周排查的截止（星期1 18:00）须晚于开始（星期5 09:00）',
      'safeduty.yaml: escalation.daily[0].after: 提前 10 小时 提醒早于日管控开始（截止前最多 9 小时）：请改为不早于 "-9h"',
      'safeduty.yaml: escalation.daily[1].day: 日管控没有固定日期，这一级永远不会发送：请改用 after，例如 after: "-2h"',
      'safeduty.yaml: escalation.daily[2].after: 截止后 40 天 才升级，太晚了：最多 31 天（31d）',
      // a hazard is due at most rectify_days (3) later at 17:30, advice advice_days (3) later
      'safeduty.yaml: escalation.hazard[0].after: 提前 10 天 提醒早于隐患整改开始（截止前最多 3 天17 小时30 分钟）：' +
        '请改为不早于 "-3d17h30m"',
      'safeduty.yaml: escalation.advice[0].after: 提前 5 天 提醒早于意见建议答复开始（截止前最多 3 天17 小时30 分钟）：' +
        '请改为不早于 "-3d17h30m"',
      'safeduty.yaml: quiet_hours: 免打扰的开始和结束都是 22:00：不需要免打扰请写 quiet_hours: null',
    ]);
  });

  it(
    'refuses them in a unit file: its own policies, its schedule against the service policies, 停产 and ' +
      'certificate dates',
    () => {
      const edit = (s: string) =>
        s
          .replace(
            /^people:/m,
            'schedule:\n  daily: { open: "16:00", due: "17:30" }\nescalation:\n  monthly:\n    - { after: ' +
              '"-30d", to: [assignee] }\nsuspensions:\n  - { from: "2026-12-10", to: "2026-12-01", reason: 检修 ' +
              '}\npeople:',
          )
          .replace('number: TJA2023000456, expires', 'number: TJA2023000456, issued: "2028-01-01", expires');
      const found = problems(demoConfigDir(edit));
      expect(found).toContain('wanjia-property.yaml: suspensions[0].to: 结束日期 2026-12-01 早于开始日期 2026-12-10');
      expect(found).toContain(
        'wanjia-property.yaml: people[2].certificates[0].expires: 证书有效期 2027-06-30 早于发证日期 2028-01-01',
      );
      // The service's default daily reminder (2 hours before) no longer fits a 1½-hour window.
      expect(found).toContain(
        'wanjia-property.yaml: schedule: safeduty.yaml 的 escalation.daily[0]：提前 2 小时 提醒早于日管控开始（截止前最多 1 小时30 分钟）：' +
          '请改为不早于 "-1h30m"',
      );
      expect(found).toContain(
        'wanjia-property.yaml: escalation.monthly[0].after: 提前 30 天 提醒早于月调度开始（截止前最多 3 天9 小时）：请改为不早于 "-3d9h"',
      );
      expect(found).toHaveLength(4);
    },
  );

  it(
    'a unit that writes one escalation policy keeps the ' +
      'service’s others (no built-in defaults filled in over them)',
    () => {
      const dir = demoConfigDir(
        (s) => s.replace(/^people:/m, 'escalation:\n  monthly:\n    - { after: "0", to: [director] }\npeople:'),
        {
          'safeduty.yaml': 'escalation:\n  daily:\n    - { after: "-1h", to: [assignee] }\n',
        },
      );
      const unit = loadConfig({ dir, env: {} }).units[0]!;
      expect(Object.keys((unit.settings as { escalation: object }).escalation)).toEqual(['monthly']);
    },
  );

  it('accepts the shipped and demo configurations as they are', () => {
    expect(problems('config')).toEqual([]);
    expect(problems('config/demo')).toEqual([]);
  });

  it('names the file and position of a YAML syntax error, wherever it is', () => {
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml': 'http: { port: 3000\n',
      'checklists/elevator.yaml': 'category: elevator\nitems: [\n',
      'calendars/2027.yaml': 'year: 2027\n  region: CN\n',
    });
    const found = problems(dir);
    expect(found.find((l) => l.startsWith('safeduty.yaml: 第 '))).toMatch(
      /^safeduty\.yaml: 第 \d+ 行第 \d+ 列: YAML 语法错误/,
    );
    expect(found.find((l) => l.startsWith('elevator.yaml: 第 '))).toMatch(/YAML 语法错误/);
    expect(found.find((l) => l.startsWith('2027.yaml: 第 '))).toMatch(/YAML 语法错误/);
  });
});
