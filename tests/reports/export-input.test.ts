/** exportReport refuses bad input with a message that says what to do, before reading anything. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { AppError } from '../../src/app/app-error.js';
import { exportReport, fileName } from '../../src/app/export-report.js';
import { parseReportKind } from '../../src/domain/reports/report-kind.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

describe('exportReport input', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T02:00:00Z' });
  });
  afterAll(async () => e?.close());

  const refusal = async (input: Parameters<typeof exportReport>[1]): Promise<string> => {
    try {
      await exportReport({ store: e.store, clock: e.clock, writers: REPORT_WRITERS }, input);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return (err as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it.each([
    [
      { unitKey: 'nobody', kind: 'daily', from: '2026-12-01' },
      '找不到单位“nobody”：可选 wanjia-property（天津万家物业管理有限公司）',
    ],
    [{ unitKey: 'wanjia-property', kind: 'yearly', from: '2026-12-01' }, '未知的导出类型“yearly”'],
    [{ unitKey: 'wanjia-property', kind: 'daily', from: '2026/12/01' }, '开始日期“2026/12/01”不是有效日期'],
    [{ unitKey: 'wanjia-property', kind: 'daily', from: '2026-12-07', to: '2026-12-01' }, '结束日期不能早于开始日期'],
    [{ unitKey: 'wanjia-property', kind: 'daily', from: '2025-01-01', to: '2026-12-31' }, '一次最多导出 366 天'],
    [
      { unitKey: 'wanjia-property', kind: 'daily', from: '2026-12-01', category: '飞机' },
      '未知的设备类别“飞机”：可选 锅炉、压力容器',
    ],
    [
      { unitKey: 'wanjia-property', kind: 'daily', from: '2026-12-01', category: 'crane' },
      '天津万家物业管理有限公司没有起重机械类设备或清单，可选：锅炉、电梯、场(厂)内专用机动车辆',
    ],
    [
      { unitKey: 'wanjia-property', kind: 'daily', from: '2026-12-01', format: 'pdf' },
      '格式应为 docx（Word）或 xlsx（Excel）',
    ],
    [{ unitKey: '', kind: 'daily', from: '' }, '请指定单位'],
  ])('%j → %s', async (input, message) => {
    expect(await refusal(input)).toContain(message);
  });

  it('finds a unit by its name too, and takes one day when no end is given', async () => {
    const files = await exportReport(
      { store: e.store, clock: e.clock, writers: REPORT_WRITERS },
      { unitKey: '天津万家物业管理有限公司', kind: '隐患', from: '2026-12-01' },
    );
    expect(files.map((f) => f.fileName)).toEqual(['特种设备隐患排查治理台账_天津万家物业管理有限公司_2026-12-01.docx']);
  });

  it('accepts the Chinese names of the kinds', () => {
    expect(['清单', '日检', '周报', '月报', '隐患', '履职', 'Daily'].map(parseReportKind)).toEqual([
      'checklist',
      'daily',
      'weekly',
      'monthly',
      'hazards',
      'duties',
      'daily',
    ]);
    expect(parseReportKind('年报')).toBeNull();
  });

  it('keeps file names safe on every system', () => {
    expect(fileName('weekly', 'elevator', 'A/B 公司', '2026-12-01', '2026-12-31', 'xlsx')).toBe(
      '每周电梯安全排查治理报告_A-B-公司_2026-12-01_2026-12-31.xlsx',
    );
  });
});
