/**
 * December 2026 on the demo unit through the real use cases, with what documents must show: a late
 * entry (张三 answers 12-02 at 19:00, after the 17:30 deadline), a missed day (张三, 12-04), a
 * serious hazard that pauses an elevator and is confirmed, rectified and verified, a 停产 day
 * (12-10), weekly reports on two Saturdays, advice answered, monthly minutes with a resolution, and
 * one corrected daily record.
 */
import { ManualClock } from '../../src/adapters/clock/manual-clock.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { emptyBundle } from '../../src/app/answer-bundle.js';
import type { ExportDeps } from '../../src/app/export-report.js';
import { runSimulation } from '../../src/app/simulation/run-simulation.js';
import { scriptSchema } from '../../src/app/simulation/script.js';
import { timedActions } from '../../src/cli/simulate.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const SCRIPT = scriptSchema.parse({
  routine: [
    { who: '赵敏', at: '08:45', do: 'daily' },
    { who: '张三', at: '09:00', do: 'daily', except: ['2026-12-02', '2026-12-04'] },
    { who: '李四', at: '10:00', do: 'daily' },
  ],
  answers: [
    { when: '2026-12-02 19:00', who: '张三', do: 'daily' },
    {
      when: '2026-12-03 09:05',
      who: '李四',
      do: 'daily',
      devices: {
        '2号楼1号客梯': {
          abnormal: {
            item: 4,
            description: '轿门关闭异响',
            level: 'serious',
            measures: '已停梯并通知维保单位',
            stopped_use: true,
          },
        },
      },
    },
    { when: '2026-12-03 10:30', who: '李明', do: 'confirm', note: '门刀磨损所致，停梯更换门刀' },
    { when: '2026-12-04 16:00', who: '李四', do: 'rectify', text: '维保单位更换门刀，试运行正常', funds: '1200 元' },
    { when: '2026-12-05 09:30', who: '李明', do: 'verify' },
    {
      when: '2026-12-05 10:00',
      who: '李明',
      do: 'weekly',
      evaluation: '本周发现严重隐患一起，已闭环',
      next_week_focus: '加强门系统检查',
      participants: '张三、李四',
    },
    { when: '2026-12-12 10:00', who: '李明', do: 'weekly' },
    { when: '2026-12-08 11:00', who: '张三', do: 'advice', content: '建议为1号楼货梯加装轿厢监控' },
    { when: '2026-12-09 09:00', who: '王建国', do: 'answer_advice', answer: 'adopted' },
    {
      when: '2026-12-28 10:00',
      who: '王建国',
      do: 'monthly',
      location: '三楼会议室',
      meeting_time: '12月28日 下午3点',
      attendees: '王建国、李明，张三',
      recorder: '李明',
      incidents: '12月3日2号楼1号客梯轿门异响，已停梯更换门刀；无投诉',
      adjustments: '无',
      resolutions: [{ content: '补充2号楼电梯门刀备件', owner: '李明', deadline: '2027-01-15' }],
    },
  ],
});

export const SUSPENDED_DAY = '2026-12-10';

export interface DemoMonth {
  e: TestEngine;
  deps: ExportDeps;
  /** the corrected daily record's device and day */
  corrected: { device: string; day: string; reason: string };
}

export async function simulateDemoMonth(): Promise<DemoMonth> {
  const e = await demoEngine({
    start: '2026-11-30T16:00:00Z',
    edit: (y) =>
      y.replace(
        'time_zone: Asia/Shanghai\n',
        `time_zone: Asia/Shanghai\nsuspensions:\n  - { from: "${SUSPENDED_DAY}", to: "${SUSPENDED_DAY}", ` +
          `reason: 年度设备停产检修 }\n`,
      ),
  });
  const clock = new ManualClock(e.clock.now());
  await runSimulation(
    { ...e, clock },
    new Date('2026-11-30T16:00:00Z'),
    new Date('2026-12-31T16:00:00Z'),
    timedActions(SCRIPT, '2026-12-01', '2026-12-31', 'Asia/Shanghai'),
    () => {},
  );

  // A correction: a new version of 李四's 12-06 record on 2号楼2号客梯, with a reason; the original stays.
  const corrected = { device: '2号楼2号客梯', day: '2026-12-06', reason: '补记：扶梯急停项本梯不适用' };
  const device = await e.store.db.equipment.findFirstOrThrow({ where: { name: corrected.device } });
  const task = await e.store.db.task.findFirstOrThrow({
    where: { kind: 'daily', period: corrected.day, subjectId: device.id },
  });
  const original = await e.store.db.record.findFirstOrThrow({ where: { taskId: task.id } });
  const unit = await e.store.db.unit.findFirstOrThrow();
  const payload = original.payload as { items: { seq: number; content: string; result: string }[] };
  const b = emptyBundle(unit.id, unit.key, new Date('2026-12-07T02:00:00Z'));
  b.records.push({
    kind: 'daily_check',
    taskKey: task.key,
    personId: original.personId,
    late: false,
    payload: {
      ...payload,
      zeroRisk: false,
      items: payload.items.map((i) => (i.content.includes('扶梯') ? { ...i, result: 'na' } : i)),
    },
    supersedesId: original.id,
    reason: corrected.reason,
  });
  await e.store.commitAnswer(b);

  const deps: ExportDeps = {
    store: e.store,
    clock: { now: () => new Date('2027-01-04T01:00:00Z') },
    writers: REPORT_WRITERS,
  };
  return { e, deps, corrected };
}
