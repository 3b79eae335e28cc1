/**
 * What the operator's views read from the database (/metrics gauges, /readyz): counts that every
 * instance sees alike. Each query rides an index: undelivered messages by [state, notBefore], tasks
 * by [state, dueAt]; delivered and cancelled messages and closed tasks only over the last day, so a
 * scrape stays cheap on a database that has kept years of history.
 */
import type { Db } from './db.js';

export const METRICS_WINDOW_MS = 24 * 3600_000;

export interface OutboxCount {
  state: string;
  channel: string;
  purpose: string;
  count: number;
}

export interface TaskCounts {
  kind: string;
  /** due in the last 24 hours (not cancelled) */
  due: number;
  done: number;
  /** done after the due time */
  late: number;
  missed: number;
  /** still open past the due time */
  overdue: number;
}

/** Undelivered messages (pending, failed, dead) all; sent and cancelled ones due in the last day. */
export async function outboxCounts(db: Db, now: Date): Promise<OutboxCount[]> {
  const since = new Date(now.getTime() - METRICS_WINDOW_MS);
  const [open, recent] = await Promise.all([
    db.message.groupBy({
      by: ['state', 'channel', 'purpose'],
      where: { state: { in: ['pending', 'failed', 'dead'] } },
      _count: { _all: true },
    }),
    db.message.groupBy({
      by: ['state', 'channel', 'purpose'],
      where: { state: { in: ['sent', 'cancelled'] }, notBefore: { gte: since } },
      _count: { _all: true },
    }),
  ]);
  return [...open, ...recent].map((r) => ({
    state: r.state,
    channel: r.channel ?? 'none',
    purpose: r.purpose,
    count: r._count._all,
  }));
}

/** Tasks due in the last day by kind, and open tasks past their due time. */
export async function taskCounts(db: Db, now: Date): Promise<TaskCounts[]> {
  const since = new Date(now.getTime() - METRICS_WINDOW_MS);
  const [closed, late, overdue] = await Promise.all([
    db.task.groupBy({
      by: ['kind', 'state'],
      where: { state: { in: ['open', 'done', 'missed'] }, dueAt: { gte: since, lte: now } },
      _count: { _all: true },
    }),
    db.task.groupBy({
      by: ['kind'],
      where: { state: 'done', late: true, dueAt: { gte: since, lte: now } },
      _count: { _all: true },
    }),
    db.task.groupBy({ by: ['kind'], where: { state: 'open', dueAt: { lte: now } }, _count: { _all: true } }),
  ]);
  const byKind = new Map<string, TaskCounts>();
  const of = (kind: string) =>
    byKind.get(kind) ?? byKind.set(kind, { kind, due: 0, done: 0, late: 0, missed: 0, overdue: 0 }).get(kind)!;
  for (const r of closed) {
    const t = of(r.kind);
    t.due += r._count._all;
    if (r.state === 'done') t.done += r._count._all;
    if (r.state === 'missed') t.missed += r._count._all;
  }
  for (const r of late) of(r.kind).late = r._count._all;
  for (const r of overdue) of(r.kind).overdue = r._count._all;
  return [...byKind.values()];
}

/**
 * Messages due and not delivered yet: how many, how many of them failed and wait for another attempt
 * (a channel down keeps them in back-off, so they count here as long as they are late), and since when
 * the oldest has been due.
 */
export async function outboxBacklog(
  db: Db,
  now: Date,
): Promise<{ due: number; retrying: number; oldestDueAt: Date | null }> {
  const where = { state: { in: ['pending', 'failed'] }, notBefore: { lte: now } };
  const [due, retrying, oldest] = await Promise.all([
    db.message.count({ where }),
    db.message.count({ where: { state: 'failed', notBefore: { lte: now } } }),
    db.message.findFirst({ where, orderBy: { notBefore: 'asc' }, select: { notBefore: true } }),
  ]);
  return { due, retrying, oldestDueAt: oldest?.notBefore ?? null };
}
