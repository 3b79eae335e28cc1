/** `safeduty export` as an administrator runs it: the real CLI in a child process on its own database. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp.js';
import { openXlsx, sheetRows } from './open-files.js';

const dir = tmpDir('export-cli');
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'cli.db')}` };
const run = (args: string[]) =>
  execFileSync(process.execPath, ['bin/safeduty.mjs', ...args], {
    encoding: 'utf8',
    env,
    stdio: 'pipe',
    timeout: 60_000,
  });

describe('safeduty export', () => {
  it('writes the document into --out and names it', async () => {
    run(['config', 'apply', '--config', 'config/demo']);
    const out = run([
      'export',
      '清单',
      '--config',
      'config/demo',
      '--unit',
      'wanjia-property',
      '--from',
      '2026-12-31',
      '--category',
      '锅炉',
      '--format',
      'xlsx',
      '--out',
      path.join(dir, 'out'),
    ]);
    const file = path.join(dir, 'out', '锅炉安全风险管控清单_天津万家物业管理有限公司_2026-12-31.xlsx');
    expect(out).toContain(`已导出 ${file}`);
    const wb = await openXlsx(fs.readFileSync(file));
    expect(sheetRows(wb.getWorksheet('适用设备')!)).toContainEqual(
      expect.arrayContaining(['燃气热水锅炉', '11101201160001', '赵敏']),
    );
  }, 120_000);

  it('says what to do about an unknown kind, a category the unit does not have, a missing kind', () => {
    const fail = (args: string[]) => {
      try {
        run(['export', ...args, '--config', 'config/demo', '--out', path.join(dir, 'none')]);
      } catch (e) {
        return String((e as { stderr: string }).stderr);
      }
      throw new Error('expected a failure');
    };
    expect(fail(['年报', '--from', '2026-12-01'])).toContain(
      '未知的导出类型“年报”：可选 checklist（清单）、daily（日检）',
    );
    expect(fail(['日检', '--from', '2026-12-01', '--category', '客运索道'])).toContain(
      '天津万家物业管理有限公司没有客运索道类设备或清单，可选：锅炉、电梯、场(厂)内专用机动车辆',
    );
    expect(fail([])).toContain('用法：safeduty export <类型>');
    expect(fs.existsSync(path.join(dir, 'none'))).toBe(false);
  }, 120_000);
});
