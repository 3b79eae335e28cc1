/**
 * A working-days unit's Spring Festival week (2026-W08, 16–22 Feb, no working day): the director
 * gets no weekly review, no reminder, the principal no escalation, and nothing is missed; the
 * week is recorded as non-operating. The weeks around it run as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { runTick } from '../../src/app/run-tick.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const WORKING_DAYS = `
schedule:
  daily: { open: "08:30", due: "17:30", days: working_days }
  weekly: { open_weekday: 1, open: "09:00", due_weekday: 7, due: "18:00" }
  monthly: { open_day: 25, open: "09:00", due: "18:00" }
  rectify_days: { general: 3, serious: 1, major: 1 }
  advice_days: 3
`;

describe('a week without a working day', () => {
  let e: TestEngine;

  /** Lets time pass to `until`, ticking at every instant the engine asks for, delivering as it goes. */
  async function passTime(until: string) {
    const end = new Date(until).getTime();
    for (;;) {
      const r = await runTick(e);
      await dispatchOutbox(e);
      const next = r.nextWakeAt?.getTime() ?? end;
      const outbox = (await e.store.nextMessageAt())?.getTime() ?? end;
      const at = Math.min(next, outbox, end);
      if (at <= e.clock.now().getTime()) break;
      e.clock.set(new Date(at).toISOString());
    }
  }

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-02-13T00:00:00Z', edit: (y) => `${y}${WORKING_DAYS}` });
    await passTime('2026-02-24T02:00:00Z'); // Tuesday 10:00 of W09
  }, 60_000);
  afterAll(async () => e?.close());

  it('opens no weekly review for W08, and one for each week around it', async () => {
    const weekly = await e.store.db.task.findMany({ where: { kind: 'weekly' }, orderBy: { period: 'asc' } });
    expect(weekly.map((t) => t.period)).toEqual(['2026-W07', '2026-W09']);
  });

  it('tells nobody anything about W08, and misses nothing', async () => {
    const aboutW08 = e.messenger.sent.filter((s) => s.message.key.includes(':weekly:2026-W08:'));
    expect(aboutW08).toEqual([]);
    expect(await e.store.db.task.count({ where: { kind: 'weekly', state: 'missed', period: '2026-W08' } })).toBe(0);
    // W07 was reviewed by nobody: it is missed, and the principal was told as usual
    expect(
      await e.store.db.task.findMany({ where: { kind: 'weekly', state: 'missed' }, select: { period: true } }),
    ).toEqual([{ period: '2026-W07' }]);
    expect(
      e.messenger
        .to('王建国')
        .filter((s) => s.message.purpose === 'escalation' && s.message.key.includes(':weekly:2026-W07:')),
    ).toHaveLength(1);
    // W09 works again: the director has its review card
    expect(
      e.messenger
        .to('李明')
        .filter((s) => s.message.purpose === 'prompt' && s.message.key.includes(':weekly:2026-W09:')),
    ).toHaveLength(1);
  });

  it('records W08 as a week without operation, and each of its days', async () => {
    const notes = await e.store.db.dayNote.findMany({
      where: { date: { gte: '2026-02-15', lte: '2026-02-23' } },
      orderBy: [{ date: 'asc' }, { kind: 'asc' }],
    });
    expect(notes.filter((n) => n.kind === 'non_operating_week').map((n) => [n.date, n.reason])).toEqual([
      ['2026-02-16', '2026-W08 全周无工作日（春节），不安排周排查'],
    ]);
    expect(notes.filter((n) => n.kind === 'non_operating').map((n) => n.date)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
  });
});
