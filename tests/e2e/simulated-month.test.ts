/**
 * December 2026 on the demo unit, with a script: the officers answer every morning (张三 misses
 * 12-04), 李四 finds a serious hazard on 12-03 that is confirmed, rectified and verified, the
 * director reports every Saturday, the principal records the minutes on 12-28. Exact counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/clock/manual-clock.js';
import type { SimEvent } from '../../src/app/simulation/events.js';
import { runSimulation } from '../../src/app/simulation/run-simulation.js';
import { scriptSchema } from '../../src/app/simulation/script.js';
import { timedActions } from '../../src/cli/simulate.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const SCRIPT = scriptSchema.parse({
  routine: [
    { who: '赵敏', at: '08:45', do: 'daily' },
    { who: '张三', at: '09:00', do: 'daily', except: ['2026-12-04'] },
    { who: '李四', at: '10:00', do: 'daily' },
  ],
  answers: [
    {
      when: '2026-12-03 09:05',
      who: '李四',
      do: 'daily',
      devices: {
        '2号楼1号客梯': {
          abnormal: {
            item: 2,
            description: '轿门关闭异响',
            level: 'serious',
            measures: '已停梯并通知维保',
            stopped_use: true,
          },
        },
      },
    },
    { when: '2026-12-03 10:30', who: '李明', do: 'confirm' },
    { when: '2026-12-04 16:00', who: '李四', do: 'rectify', text: '更换门刀，试运行正常' },
    { when: '2026-12-05 09:30', who: '李明', do: 'verify' },
    ...['05', '12', '19', '26'].map((d) => ({ when: `2026-12-${d} 10:00`, who: '李明', do: 'weekly' })),
    {
      when: '2026-12-28 10:00',
      who: '王建国',
      do: 'monthly',
      resolutions: [{ content: '更换2号楼电梯门刀备件库存', owner: '李明', deadline: '2027-01-15' }],
    },
  ],
});

describe('a simulated month on the demo unit', () => {
  let e: TestEngine;
  const events: SimEvent[] = [];
  const count = (event: string, task?: string, pred: (x: SimEvent) => boolean = () => true) =>
    events.filter((x) => x.event === event && (task === undefined || x.task === task) && pred(x)).length;

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-11-30T16:00:00Z' });
    const clock = new ManualClock(e.clock.now());
    await runSimulation(
      { ...e, clock },
      new Date('2026-11-30T16:00:00Z'),
      new Date('2026-12-31T16:00:00Z'),
      timedActions(SCRIPT, '2026-12-01', '2026-12-31', 'Asia/Shanghai'),
      (x) => events.push(x),
    );
  }, 120_000);
  afterAll(async () => e?.close());

  it('opens 9 daily checks a day and prompts each officer once a day', async () => {
    // and one more: 2号楼1号客梯, resumed on 12-05 at 09:30 before
    // its check, had its paused-item task replaced by a full one
    expect(await e.store.db.task.count({ where: { kind: 'daily' } })).toBe(31 * 9 + 1);
    expect(await e.store.db.task.count({ where: { kind: 'daily', state: { not: 'cancelled' } } })).toBe(31 * 9);
    // one prompt per officer and day, and 李四 one more on 12-05 for the full check issued at 09:30
    expect(count('prompt', 'daily')).toBe(31 * 3 + 1);
    expect(
      new Set(events.filter((x) => x.event === 'prompt' && x.task === 'daily').map((x) => `${x.period}|${x.to!.name}`))
        .size,
    ).toBe(93);
    expect(
      events.filter(
        (x) => x.event === 'prompt' && x.task === 'daily' && x.period === '2026-12-05' && x.to!.name === '李四',
      ),
    ).toHaveLength(2);
  });

  it('records every answer and the one missed day', async () => {
    expect(count('record', 'daily')).toBe(31 + 30 + 31);
    expect(await e.store.db.record.count({ where: { kind: 'daily_check' } })).toBe(31 * 9 - 3);
    expect(await e.store.db.task.count({ where: { kind: 'daily', state: 'missed' } })).toBe(3);
    expect(events.filter((x) => x.event === 'missed').map((x) => [x.period, x.text])).toEqual([
      ['2026-12-04', '3 项未完成，已记为缺失'],
    ]);
    // 李四's routine at 10:00 on 12-03 finds nothing left: he had answered at 09:05.
    expect(events.filter((x) => x.event === 'refused').map((x) => [x.at, x.by?.name])).toEqual([
      ['2026-12-03T02:00:00.000Z', '李四'],
    ]);
  });

  it('reminds and escalates only the missed day, each level once', () => {
    expect(
      events.filter((x) => x.event === 'reminder' && x.task === 'daily').map((x) => [x.period, x.to!.name]),
    ).toEqual([['2026-12-04', '张三']]);
    expect(events.filter((x) => x.event === 'escalation').map((x) => [x.at, x.to!.name, x.devices?.length])).toEqual([
      ['2026-12-04T09:30:00.000Z', '李明', 3],
      ['2026-12-04T12:30:00.000Z', '王建国', 3],
    ]);
  });

  it('carries the serious hazard through its lifecycle and resumes the elevator', async () => {
    expect(events.filter((x) => x.event === 'hazard').map((x) => [x.at, x.to!.name])).toEqual([
      ['2026-12-03T01:05:00.000Z', '李明'],
      ['2026-12-03T01:05:00.000Z', '王建国'],
      // 李四 found it on his own device and must rectify it: he gets the form at once, and again with
      // the director's analysis when 李明 confirms it (issue 11: no dead end for a self-found hazard).
      ['2026-12-03T01:05:00.000Z', '李四'],
      ['2026-12-03T02:30:00.000Z', '李四'],
      ['2026-12-04T08:00:00.000Z', '李明'],
    ]);
    expect(events.filter((x) => x.event === 'reminder' && x.task === 'hazard').map((x) => [x.at, x.to!.name])).toEqual([
      ['2026-12-04T05:30:00.000Z', '李四'],
    ]);
    const hazard = await e.store.db.hazard.findFirstOrThrow();
    expect(hazard).toMatchObject({ level: 'serious', state: 'verified', pausedDevice: true });
    const status = (await e.store.equipmentHistory('31101201160004'))
      .filter((h) => h.field === 'status')
      .map((h) => [h.toValue, h.actor]);
    expect(status).toEqual([
      ['in_use', '配置文件'],
      ['paused', '李四'],
      ['in_use', '李明'],
    ]);
    // While paused (12-04) its daily task asked the adjusted item.
    const paused = await e.store.db.task.findMany({
      where: { kind: 'daily', subjectId: hazard.equipmentId! },
      orderBy: { period: 'asc' },
    });
    expect(paused.filter((t) => (t.detail as { paused?: boolean }).paused).map((t) => t.period)).toEqual([
      '2026-12-04',
      '2026-12-05',
    ]);
  });

  it('runs five weekly reviews, four reported on Saturdays, the last still open', async () => {
    expect(events.filter((x) => x.event === 'prompt' && x.task === 'weekly').map((x) => x.period)).toEqual([
      '2026-W49',
      '2026-W50',
      '2026-W51',
      '2026-W52',
      '2026-W53',
    ]);
    expect(events.filter((x) => x.event === 'reminder' && x.task === 'weekly').map((x) => x.period)).toEqual([
      '2026-W49',
      '2026-W50',
      '2026-W51',
      '2026-W52',
    ]);
    expect(count('record', 'weekly')).toBe(4);
    expect(await e.store.db.task.count({ where: { kind: 'weekly', state: 'open' } })).toBe(1);
    const w49 = await e.store.db.record.findFirstOrThrow({ where: { kind: 'weekly_report' }, orderBy: { seq: 'asc' } });
    const stats = (w49.payload as { stats: { daily: Record<string, number>; hazards: Record<string, number> } }).stats;
    // W49 from Monday 11-30 (before the unit existed) to Sunday 12-06, numbers as of Saturday 12-05 10:00.
    // 12-01..12-04, and of 12-05 (due 17:30) the 6 checks answered by 10:00 (赵敏 08:45, 张三 09:00)
    expect(stats.daily).toMatchObject({ due: 4 * 9 + 6, missed: 3 });
    expect(stats.hazards).toMatchObject({ found: 1, closed: 1, open: 0 });
  });

  it('holds the monthly dispatch from the 25th and turns the resolution into a task', async () => {
    expect(events.filter((x) => x.task === 'monthly').map((x) => [x.event, x.at])).toEqual([
      ['prompt', '2026-12-25T01:00:00.000Z'],
      ['reminder', '2026-12-28T01:00:00.000Z'],
      ['record', '2026-12-28T02:00:00.000Z'],
    ]);
    expect(events.filter((x) => x.task === 'resolution').map((x) => [x.event, x.to?.name])).toEqual([
      ['notice', '李明'],
    ]);
    expect(await e.store.db.task.count({ where: { kind: 'resolution', state: 'open' } })).toBe(1);
  });

  it('keeps one hash chain over every record of the unit', async () => {
    const records = await e.store.db.record.findMany({ orderBy: { seq: 'asc' } });
    records.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      if (i > 0) expect(r.prevHash).toBe(records[i - 1]!.hash);
    });
  });
});
