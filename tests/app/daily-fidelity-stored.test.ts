/**
 * Property, end to end on a real database: a random daily form submitted through the card handler
 * is either refused with nothing stored, or the record it stores is, item by item, no more
 * favourable than what was entered, with level, stop flag and text exactly as entered, and each
 * stored 异常 item opened a hazard. Runs over three days of the demo unit's daily tasks (9 a day).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import { runTick } from '../../src/app/run-tick.js';
import { itemsAsked } from '../../src/app/submit-daily-check.js';
import { DAILY_TEXT_LIMITS } from '../../src/domain/answers/daily-answer.js';
import { expectNoMoreFavourable, formArb, plausibleForm } from '../helpers/daily-forms.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

interface StoredPayload {
  items: {
    seq: number;
    result: 'normal' | 'abnormal' | 'na';
    description?: string;
    level?: string;
    measures?: string;
    stoppedUse?: boolean;
  }[];
  hazardIds: string[];
}

describe('stored daily answers are never more favourable than entered', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
  });
  afterAll(async () => e?.close());

  it('holds for random forms submitted through the card handler', async () => {
    let stored = 0;
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      e.clock.set(`${day}T00:30:00Z`);
      await runTick(e);
      const tasks = await e.store.db.task.findMany({
        where: { kind: 'daily', state: 'open', period: day },
        orderBy: { key: 'asc' },
      });
      expect(tasks.length).toBeGreaterThan(0);
      const contexts = await e.store.loadTaskContexts(tasks.map((t) => t.key));
      for (const ctx of contexts) {
        const items = await itemsAsked(e, ctx);
        const [form] = fc.sample(
          fc.oneof(formArb(items.length), plausibleForm(items.length), plausibleForm(items.length)),
          1,
        );
        const before = await e.store.db.record.count();
        const r = await handleCardAction(e, ctx.task.assigneeId, { a: 'daily_submit', k: ctx.task.key, form: form! });
        const records = await e.store.db.record.findMany({ where: { taskId: ctx.task.id } });
        if (!r.ok) {
          expect(r.message.length).toBeGreaterThan(0);
          expect(await e.store.db.record.count()).toBe(before);
          continue;
        }
        stored += 1;
        expect(records).toHaveLength(1);
        const payload = records[0]!.payload as unknown as StoredPayload;
        expectNoMoreFavourable(
          form!,
          items.map((it) => it.seq),
          payload.items,
          DAILY_TEXT_LIMITS,
          expect,
        );
        expect(payload.hazardIds).toHaveLength(payload.items.filter((i) => i.result === 'abnormal').length);
      }
    }
    expect(stored).toBeGreaterThan(3); // the plausible forms get through, so stored records are checked
  }, 120_000);
});
