/** What a held message still says when it is delivered: requests die with their period, notices of a miss do not. */
import { describe, expect, it } from 'vitest';
import { deliveryOf } from '../../../src/domain/engine/delivery.js';
import type { Payload } from '../../../src/domain/engine/payloads.js';

const item = (k: string) => ({ taskKey: k, label: `设备${k} 日管控检查` });
const escalation: Payload = {
  type: 'escalation',
  unitName: 'U',
  kind: 'daily',
  period: '2026-12-01',
  level: 2,
  dueAt: '2026-12-01T09:30:00Z',
  groups: [
    { person: { id: 'p1', name: '张三' }, items: [item('a'), item('b')] },
    { person: { id: 'p2', name: '李四' }, items: [item('c')] },
  ],
};
const reminder: Payload = {
  type: 'reminder',
  unitName: 'U',
  kind: 'daily',
  period: '2026-12-01',
  dueAt: '2026-12-01T09:30:00Z',
  items: [item('a'), item('b'), item('c')],
};
const states = (o: Record<string, string>) => new Map(Object.entries(o));

describe('deliveryOf', () => {
  it.each([
    // purpose, states, send?
    ['escalation', { a: 'missed', b: 'missed', c: 'missed' }, true],
    ['escalation', { a: 'open', b: 'done', c: 'done' }, true],
    ['escalation', { a: 'done', b: 'done', c: 'cancelled' }, false],
    ['reminder', { a: 'missed', b: 'missed', c: 'missed' }, false],
    ['reminder', { a: 'done', b: 'open', c: 'missed' }, true],
    ['prompt', { a: 'missed' }, false],
    ['hazard', { a: 'open' }, true],
  ] as const)('%s with %o → send %s', (purpose, s, send) => {
    const payload = purpose === 'reminder' ? reminder : escalation;
    expect(deliveryOf({ purpose, payload, taskKeys: Object.keys(s) }, states(s)).send).toBe(send);
  });

  it('marks missed items and drops done ones from an escalation', () => {
    const d = deliveryOf(
      { purpose: 'escalation', payload: escalation, taskKeys: ['a', 'b', 'c'] },
      states({ a: 'missed', b: 'done', c: 'open' }),
    );
    if (!d.send || d.payload.type !== 'escalation') throw new Error('expected an escalation to send');
    expect(d.payload.groups).toEqual([
      { person: { id: 'p1', name: '张三' }, items: [{ ...item('a'), missed: true }] },
      { person: { id: 'p2', name: '李四' }, items: [item('c')] },
    ]);
  });

  it('lists in a reminder only what is still open', () => {
    const d = deliveryOf(
      { purpose: 'reminder', payload: reminder, taskKeys: ['a', 'b', 'c'] },
      states({ a: 'done', b: 'open' }),
    );
    if (!d.send || d.payload.type !== 'reminder') throw new Error('expected a reminder to send');
    expect(d.payload.items).toEqual([item('b')]);
  });

  it('says why it cancels', () => {
    expect(deliveryOf({ purpose: 'prompt', payload: reminder, taskKeys: ['a'] }, states({ a: 'missed' }))).toEqual({
      send: false,
      reason: 'period closed before delivery (the work it asked for is missed)',
    });
    expect(deliveryOf({ purpose: 'prompt', payload: reminder, taskKeys: ['a'] }, states({ a: 'done' }))).toEqual({
      send: false,
      reason: 'work done before delivery',
    });
  });
});
