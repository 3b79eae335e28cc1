/**
 * Deadlines of equipment and people (issue 14), on a real database with the engine's ticks and the
 * chat commands: 定期检验 reminders to the director 30 days before, escalations to the principal 7
 * days before, on the day and after it; the daily prompt and 设备 saying an overdue device must not be
 * used; 检验 recording the result; certificates reminded to the holder and the director and flagged
 * in 我 and 单位; missing training flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ChatAccount, handleText } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { exportReport } from '../../src/app/export-report.js';
import { runTick } from '../../src/app/run-tick.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Payload } from '../../src/domain/engine/payloads.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { openXlsx, sheetRows } from '../reports/open-files.js';

/** 1号楼1号客梯 due in 30 days, 2号楼1号客梯 in 7, the boiler a day past; 张三's certificate in 7 days, 李四's expired. */
const edit = (y: string) =>
  y
    .replace(
      'name: 1号楼1号客梯, location: 1号楼东侧, officer: 张三, next_inspection: "2027-03-31"',
      'name: 1号楼1号客梯, location: 1号楼东侧, officer: 张三, next_inspection: "2026-12-31"',
    )
    .replace(
      'name: 2号楼1号客梯, location: 2号楼大堂, officer: 李四, next_inspection: "2027-05-31"',
      'name: 2号楼1号客梯, location: 2号楼大堂, officer: 李四, next_inspection: "2026-12-08"',
    )
    .replace('officer: 赵敏, next_inspection: "2027-09-30"', 'officer: 赵敏, next_inspection: "2026-11-30"')
    .replace('number: TJA2023000456, expires: "2027-06-30"', 'number: TJA2023000456, expires: "2026-12-08"')
    .replace('number: TJA2023000457, expires: "2027-06-30"', 'number: TJA2023000457, expires: "2026-11-15"');

type Notice = Extract<Payload, { type: 'notice' }>;

describe('deadlines of equipment and people', () => {
  let e: TestEngine;
  const acct = (name: string): ChatAccount => ({ channel: 'feishu', externalId: `ou_${name}` });
  const say = async (name: string, text: string) =>
    (await handleText({ ...e, writers: REPORT_WRITERS }, acct(name), text)).text;
  const notices = (name: string, subject: 'inspection' | 'certificate') =>
    e.messenger
      .to(name)
      .map((s) => s.message.payload)
      .filter((p): p is Notice => p.type === 'notice' && p.deadlineFact?.subject === subject);
  const step = async (iso: string) => {
    e.clock.set(iso);
    await runTick(e);
    await dispatchOutbox(e);
  };

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z', edit });
    for (const name of ['王建国', '李明', '张三', '李四', '赵敏']) {
      const p = (await e.store.findPeople(name))[0]!;
      const { code } = await createInvite(e, p.id, e.clock.now());
      await say(name, `绑定 ${code}`);
    }
  });
  afterAll(async () => e?.close());

  it('at the morning opening: the director hears of each stage, the principal from 7 days on, each once', async () => {
    await step('2026-12-01T00:30:00Z');
    await step('2026-12-01T00:31:00Z');
    const director = notices('李明', 'inspection').map((p) => [
      p.deadlineFact!.stage,
      p.deadlineFact!.date,
      p.deadlineFact!.items.map((i) => i.device),
    ]);
    expect(director.sort()).toEqual([
      ['escalate', '2026-12-08', ['2号楼1号客梯']],
      ['overdue', '2026-11-30', ['燃气热水锅炉']],
      ['remind', '2026-12-31', ['1号楼1号客梯']],
    ]);
    const principal = notices('王建国', 'inspection').map((p) => p.deadlineFact!.stage);
    expect(principal.sort()).toEqual(['escalate', 'overdue']);
    const overdue = notices('王建国', 'inspection').find((p) => p.deadlineFact!.stage === 'overdue')!;
    expect(overdue.text).toContain('【定期检验已过期】以下设备已超过下次检验日期（2026年11月30日，已过期 1 天）');
    expect(overdue.text).toContain('未经定期检验或者检验不合格的特种设备，不得继续使用');
    expect(notices('张三', 'inspection')).toEqual([]);
  });

  it('the boiler’s daily prompt says it must not be used until inspected', () => {
    const prompt = e.messenger
      .to('赵敏')
      .map((s) => s.message.payload)
      .find((p) => p.type === 'daily_check');
    if (prompt?.type !== 'daily_check') throw new Error('no daily prompt');
    const boiler = prompt.devices.find((d) => d.name === '燃气热水锅炉')!;
    expect(boiler.inspectionOverdue).toEqual({ nextInspectionDate: '2026-11-30' });
    expect(prompt.devices.filter((d) => d.inspectionOverdue)).toHaveLength(1);
    expect(prompt.notice).toContain('燃气热水锅炉 已超过下次检验日期（2026年11月30日），未经定期检验不得继续使用');
  });

  it('certificates: the holder and the director, at the stage of the expiry', () => {
    expect(notices('张三', 'certificate').map((p) => [p.deadlineFact!.stage, p.text.split('\n')[1]])).toEqual([
      ['escalate', '· 您的特种设备安全管理人员证（A）（TJA2023000456）'],
    ]);
    expect(notices('李四', 'certificate').map((p) => p.deadlineFact!.stage)).toEqual(['overdue']);
    expect(
      notices('李明', 'certificate')
        .map((p) => [p.deadlineFact!.stage, p.deadlineFact!.items.map((i) => i.person)])
        .sort(),
    ).toEqual([
      ['escalate', ['张三']],
      ['overdue', ['李四']],
    ]);
    expect(notices('赵敏', 'certificate')).toEqual([]);
  });

  it(
    'nothing is said twice the next day; ' + 'on the date itself the director and the principal hear it is due today',
    async () => {
      const before = e.messenger.sent.length;
      await step('2026-12-02T00:30:00Z');
      expect(
        e.messenger.sent
          .slice(before)
          .filter((s) => s.message.payload.type === 'notice' && (s.message.payload as Notice).deadlineFact),
      ).toEqual([]);
      await step('2026-12-08T00:30:00Z');
      const due = (n: string) => notices(n, 'inspection').filter((p) => p.deadlineFact!.stage === 'due');
      expect(due('李明').map((p) => p.deadlineFact!.items.map((i) => i.device))).toEqual([['2号楼1号客梯']]);
      expect(due('王建国')[0]!.text).toContain('【定期检验今天到期】');
      expect(notices('张三', 'certificate').map((p) => p.deadlineFact!.stage)).toEqual(['escalate', 'due']);
    },
  );

  it(
    '设备 says an overdue device must not be used; ' +
      '检验 合格 records the new date (kept over a re-applied configuration)',
    async () => {
      expect(await say('李明', '设备 锅炉')).toContain(
        '下次检验日期：2026年11月30日（已过期 8 天）⚠️ 未经定期检验不得继续使用',
      );
      expect(await say('张三', '检验 锅炉 2027-11-30 合格')).toBe(
        '只有安全总监可以登记定期检验结果。请把检验报告交给安全总监登记。',
      );
      expect(await say('李明', '检验 锅炉 合格')).toContain('请写上检验报告上的下次检验日期');
      expect(await say('李明', '检验 锅炉 2026-12-01 合格')).toContain('下次检验日期须晚于今天');
      expect(await say('李明', '检验 锅炉 2027-11-30 合格 TS2026-0815')).toBe(
        '已登记 燃气热水锅炉 定期检验合格（报告 TS2026-0815），下次检验日期 2027年11月30日，已记入履职记录。',
      );
      const rec = await e.store.db.record.findFirst({ where: { kind: 'inspection' } });
      expect(rec!.payload).toMatchObject({
        device: '燃气热水锅炉',
        result: 'pass',
        previousNextInspectionDate: '2026-11-30',
        nextInspectionDate: '2027-11-30',
        reportNo: 'TS2026-0815',
      });
      expect(await say('李明', '设备 锅炉')).toContain('下次检验日期：2027年11月30日');
      // A restart applies the same unit file: the date recorded in chat stays.
      const config = loadConfig({ dir: demoConfigDir(edit), env: {} });
      await e.store.applyUnits(config.units, e.clock.now());
      expect((await e.store.db.equipment.findFirst({ where: { name: '燃气热水锅炉' } }))!.nextInspectionDate).toBe(
        '2027-11-30',
      );
      expect((await e.store.verifyChain())[0]!.ok).toBe(true);
    },
  );

  it('检验 不合格 pauses the device and the 复检 date is reminded of', async () => {
    const reply = await say('李明', '检验 2号楼1号客梯 2026-12-20 不合格 TS2026-0816');
    expect(reply).toContain('已登记 2号楼1号客梯 定期检验不合格（报告 TS2026-0816），设备已临时停用');
    expect(reply).toContain('复检日期 2026年12月20日');
    const d = (await e.store.db.equipment.findFirst({
      where: { name: '2号楼1号客梯' },
      include: { changes: { orderBy: { at: 'desc' }, take: 1 } },
    }))!;
    expect([d.status, d.nextInspectionDate, d.changes[0]!.reason]).toEqual([
      'paused',
      '2026-12-20',
      '定期检验不合格（报告 TS2026-0816）：检验合格前不得继续使用',
    ]);
    await step('2026-12-13T00:30:00Z');
    expect(
      notices('李明', 'inspection')
        .filter((p) => p.deadlineFact!.date === '2026-12-20')
        .map((p) => p.deadlineFact!.stage),
    ).toEqual(['escalate']);
  });

  it('我 shows one’s certificates and training; 单位 shows a manager the unit’s flags', async () => {
    expect(await say('张三', '我')).toContain(
      '· ⚠️ 特种设备安全管理人员证（A）（TJA2023000456）：已于 2026年12月8日 过期',
    );
    expect(await say('李四', '我')).toContain('⚠️ 无培训考核记录');
    expect(await say('王建国', '我')).toContain('培训考核记录 1 条');
    const unit = await say('李明', '单位');
    expect(unit).toContain('人员证书与培训：');
    expect(unit).toContain(
      '· 李四：⚠️ 特种设备安全管理人员证（A）（TJA2023000457）：已于 2026年11月15日 过期，请尽快复审换证',
    );
    expect(unit).toContain('· 赵敏：⚠️ 无培训考核记录');
    expect(unit).not.toContain('王建国：');
    expect(await say('张三', '单位')).not.toContain('人员证书与培训');
  });

  it('the 履职记录 flags the expired certificate and those without a training record', async () => {
    const [file] = await exportReport(
      { store: e.store, clock: e.clock, writers: REPORT_WRITERS },
      { unitKey: 'wanjia-property', kind: 'duties', from: '2026-12-01', to: '2026-12-13', format: 'xlsx' },
    );
    const wb = await openXlsx(file!.bytes);
    expect(sheetRows(wb.getWorksheet('持证情况')!)).toContainEqual(
      expect.arrayContaining(['李四', 'TJA2023000457', '2026-11-15', '已过期']),
    );
    expect(sheetRows(wb.getWorksheet('培训与考核')!).flat().join('\n')).toContain('未见培训考核记录：李四、赵敏');
  });
});

describe('deadline notices and quiet hours', () => {
  it('decided at 22:00 on a first start, they wait until quiet hours end', async () => {
    const e = await demoEngine({ start: '2026-12-01T14:00:00Z', edit });
    try {
      await runTick(e);
      const rows = await e.store.db.message.findMany({ where: { groupKey: { contains: 'inspection:' } } });
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((m) => m.notBefore.toISOString()))).toEqual(new Set(['2026-12-01T23:30:00.000Z']));
    } finally {
      await e.close();
    }
  });
});
