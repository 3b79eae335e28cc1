/**
 * `safeduty export 职责 | 守则` (the CLI's export command, in process): one Word file per category of
 * the unit, no date needed (the text in force today), the unit's own text where it replaced it and
 * the default drawn from 令74 otherwise; the same page layout as every export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ExportDeps, exportReport } from '../../src/app/export-report.js';
import { exportCommand } from '../../src/cli/export.js';
import { openMigratedStore } from '../../src/cli/open-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { dutiesLookup } from '../../src/config/load-duties.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { tmpDir } from '../helpers/tmp.js';
import { docxText, openXlsx, sheetRows, unzipEntry } from './open-files.js';

const UNIT = '天津万家物业管理有限公司';

describe('safeduty export 职责 / 守则', () => {
  const home = tmpDir('duties-cli');
  let dir: string;
  beforeAll(async () => {
    dir = demoConfigDir((y) => `${y}\nduties:\n  boiler: ../own/boiler.yaml\n`, {
      'safeduty.yaml': `database:\n  url: file:${home}/cli.db\n`,
      'own/boiler.yaml':
        'director:\n  title: 锅炉安全总监职责（本公司）\n  sections:\n    - heading: 本公司补充职责\n      basis: 公司安全生产责任制第 3 ' +
        '条\n      items:\n        - 每班检查锅炉水位表和安全阀铅封。\n',
    });
    const store = await openMigratedStore(`file:${home}/cli.db`);
    try {
      await store.applyUnits(loadConfig({ dir }).units, new Date('2026-12-01T00:00:00Z'));
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  const exported = async (args: string[]): Promise<Map<string, Buffer>> => {
    const out = fs.mkdtempSync(path.join(home, 'out-'));
    expect(await exportCommand([...args, '--config', dir, '--out', out])).toBe(0);
    return new Map(fs.readdirSync(out).map((f) => [f, fs.readFileSync(path.join(out, f))]));
  };

  it(
    'writes the 安全总监职责 of every category of the unit: ' + 'its own for the boiler, the default for the others',
    async () => {
      const files = await exported(['职责']);
      const names = [...files.keys()].map((f) => f.replace(/_\d{4}-\d\d-\d\d\.docx$/, ''));
      expect(names.sort()).toEqual(
        [`锅炉安全总监职责_${UNIT}`, `电梯安全总监职责_${UNIT}`, `场(厂)内专用机动车辆安全总监职责_${UNIT}`].sort(),
      );
      const text = (prefix: string) => docxText([...files].find(([f]) => f.startsWith(prefix))![1]);
      const boiler = text('锅炉');
      expect(boiler).toContain('锅炉安全总监职责（本公司）');
      expect(boiler).toContain('本公司补充职责');
      expect(boiler).toContain('（一）每班检查锅炉水位表和安全阀铅封。');
      expect(boiler).toContain('依据：公司安全生产责任制第 3 条');
      expect(boiler).not.toContain('组织宣传、贯彻锅炉有关的法律法规');
      const elevator = text('电梯');
      expect(elevator).toContain('（一）组织宣传、贯彻电梯有关的法律法规、安全技术规范及相关标准；');
      expect(elevator).toContain('（九）履行市场监督管理部门规定和本单位要求的其他电梯使用安全管理职责。');
      expect(elevator).toContain('每周至少组织一次风险隐患排查');
      expect(elevator).toContain('现任电梯安全总监：李明（2025-01-01 起）');
      // the layout of every export: the unit in the page header, a signature block
      for (const [, bytes] of files) {
        expect(unzipEntry(bytes, 'word/header1.xml').toString('utf8')).toContain(UNIT);
        expect(docxText(bytes)).toContain('主要负责人（签发）：');
      }
    },
  );

  it('writes the unchanged 守则 of one category, in Excel too', async () => {
    const files = await exported(['守则', '--category', '锅炉', '--format', 'xlsx']);
    expect([...files.keys()]).toEqual([
      expect.stringMatching(new RegExp(`^锅炉安全员守则_${UNIT}_\\d{4}-\\d\\d-\\d\\d\\.xlsx$`)),
    ]);
    const rows = (await openXlsx([...files.values()][0]!)).worksheets.flatMap(sheetRows).flat().join('\n');
    expect(rows).toContain('（一）建立健全锅炉安全技术档案并办理本单位锅炉使用登记；');
    expect(rows).toContain('日管控守则');
  });

  it('refuses the default (令74) text to a 生产单位, saying what to provide', async () => {
    const unit = {
      id: 'u',
      key: 'maker',
      name: '某电梯制造厂',
      creditCode: '',
      kind: 'producer',
      timeZone: 'Asia/Shanghai',
    };
    const store = {
      unitHeaders: async () => [{ key: 'maker', name: unit.name, timeZone: unit.timeZone }],
      exportData: async () => ({ unit, categories: ['elevator'], equipment: [], roles: [] }),
    } as unknown as ExportDeps['store'];
    const duties = dutiesLookup(loadConfig({ dir }).duties);
    await expect(
      exportReport(
        { store, clock: { now: () => new Date() }, writers: REPORT_WRITERS, duties },
        { unitKey: 'maker', kind: '职责', from: '' },
      ),
    ).rejects.toThrow(
      '默认的电梯安全总监职责依据令74（使用单位）整理，不适用于生产单位：请在单位文件中用 duties: { elevator: 文件路径 } 提供本单位依据令73制定的文本',
    );
  });
});
