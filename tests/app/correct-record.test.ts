/** Corrections append a new version with a reason; the original stays; the chain stays whole. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { correctRecord } from '../../src/app/correct-record.js';
import { exportReport } from '../../src/app/export-report.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

describe('correcting a record', () => {
  let e: TestEngine;
  const id = async (name: string) => (await e.store.findPeople(name))[0]!.id;

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    await runTick(e);
    const zhang = await id('张三');
    const tasks = await e.store.openTasksOf(zhang, ['daily']);
    expect(
      (await submitDailyCheck(e, { actorId: zhang, answers: [{ taskKey: tasks[0]!.key, zeroRisk: true, items: [] }] }))
        .ok,
    ).toBe(true);
  });
  afterAll(async () => e?.close());

  it('refuses someone who neither submitted it nor manages the unit, and a missing reason', async () => {
    expect(
      await correctRecord(e, {
        unitKey: 'wanjia-property',
        seq: 1,
        actorId: await id('李四'),
        reason: '写错了',
        changes: { zeroRisk: false },
      }),
    ).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(
      await correctRecord(e, {
        unitKey: 'wanjia-property',
        seq: 1,
        actorId: await id('张三'),
        reason: ' ',
        changes: { zeroRisk: false },
      }),
    ).toMatchObject({ ok: false, message: '更正须写明原因' });
    expect(
      await correctRecord(e, {
        unitKey: 'wanjia-property',
        seq: 1,
        actorId: await id('张三'),
        reason: '写错了',
        changes: { colour: 'red' },
      }),
    ).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('appends a new version that supersedes the old one, keeps both and the chain', async () => {
    const r = await correctRecord(e, {
      unitKey: 'wanjia-property',
      seq: 1,
      actorId: await id('李明'),
      reason: '现场复核：照明实为不适用',
      changes: { paused: false },
    });
    expect(r).toMatchObject({
      ok: true,
      value: { seq: 2, line: '已更正第 1 条记录（李明：现场复核：照明实为不适用）' },
    });
    const rows = await e.store.db.record.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((x) => [x.seq, x.kind, x.supersedesId === rows[0]!.id, x.reason])).toEqual([
      [1, 'daily_check', false, ''],
      [2, 'daily_check', true, '现场复核：照明实为不适用'],
    ]);
    expect((await e.store.verifyChain())[0]!.ok).toBe(true);
    expect(
      await correctRecord(e, {
        unitKey: 'wanjia-property',
        seq: 1,
        actorId: await id('李明'),
        reason: '再改',
        changes: { paused: true },
      }),
    ).toMatchObject({ ok: false, message: '第 1 条记录已被第 2 条更正，请更正最新的一条' });
  });

  it('shows the correction in the exported daily record', async () => {
    const [file] = await exportReport(
      { store: e.store, clock: e.clock, writers: REPORT_WRITERS },
      { unitKey: 'wanjia-property', kind: 'daily', from: '2026-12-01', category: 'elevator', format: 'xlsx' },
    );
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file!.bytes) as never);
    const text = wb.worksheets.map((ws) => ws.getSheetValues().flat().map(String).join(' ')).join(' ');
    expect(text).toContain('现场复核：照明实为不适用');
  });
});
