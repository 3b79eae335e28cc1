/**
 * Fills the numbers into a weekly or monthly prompt just before it is delivered, so that they are
 * current: the 7 days before a weekly review opens, the month so far for a monthly dispatch.
 */
import { addDays, atLocal, localDateOf } from '../domain/local-time.js';
import type { Payload } from '../domain/engine/payloads.js';
import type { OutboxMessage, Store } from './ports.js';

export async function enrichPayload(store: Store, m: OutboxMessage, tz: string, now: Date): Promise<Payload> {
  const p = m.payload;
  if ((p.type !== 'weekly_review' && p.type !== 'monthly_dispatch') || p.stats) return p;
  const today = localDateOf(now, tz);
  const to = addDays(today, -1);
  const from = p.type === 'weekly_review' ? addDays(today, -7) : `${p.period}-01`;
  const range = { from, to, fromAt: atLocal(from, '00:00', tz), toAt: atLocal(today, '00:00', tz) };
  const categories = p.type === 'weekly_review' ? p.categories : [];
  const { stats, openHazards } = await store.periodStats(m.unitId, range, now, categories);
  return { ...p, stats, openHazards };
}
