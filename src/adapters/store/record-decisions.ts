/**
 * Records the planner's decisions for a batch of units in ONE transaction: new tasks, the outbox
 * messages they imply, non-operating days, missed tasks, next looks and watermarks. Keys are unique,
 * so a concurrent instance (PostgreSQL) cannot duplicate anything: its duplicates are skipped.
 */
import type { UnitDecisions } from '../../domain/engine/snapshot.js';
import type { Db, Provider } from './db.js';

const BATCH = 500;

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export async function recordDecisions(db: Db, provider: Provider, decisions: UnitDecisions[], now: Date): Promise<void> {
  // createMany's skipDuplicates exists on PostgreSQL only; SQLite runs one instance, and a
  // conflict there rolls the tick back so that the next tick decides again.
  const skip = (provider === 'postgresql' ? { skipDuplicates: true } : {}) as object;
  await db.$transaction(
    async (tx) => {
      const tasks = decisions.flatMap((d) =>
        d.tasks.map((t) => ({
          key: t.key,
          unitId: d.unitId,
          kind: t.kind,
          period: t.period,
          subjectId: t.subjectId,
          assigneeId: t.assigneeId,
          opensAt: t.opensAt,
          dueAt: t.dueAt,
          closesAt: t.closesAt,
          state: t.state,
          detail: (t.detail ?? undefined) as object | undefined,
          nextActionAt: t.nextActionAt,
          createdAt: now,
        })),
      );
      for (let i = 0; i < tasks.length; i += BATCH) await tx.task.createMany({ data: tasks.slice(i, i + BATCH), ...skip });

      const messages = decisions.flatMap((d) =>
        d.messages.map((m) => ({
          key: m.key,
          groupKey: `${d.unitKey}:${m.group}`,
          unitId: d.unitId,
          personId: m.personId,
          chatId: m.chatId,
          purpose: m.purpose,
          urgent: m.urgent,
          payload: m.payload as object,
          taskKeys: m.taskKeys,
          notBefore: m.notBefore,
          createdAt: now,
        })),
      );
      for (let i = 0; i < messages.length; i += BATCH) await tx.message.createMany({ data: messages.slice(i, i + BATCH), ...skip });

      const notes = decisions.flatMap((d) => d.notes.map((n) => ({ unitId: d.unitId, date: n.date, kind: n.kind, reason: n.reason, createdAt: now })));
      if (notes.length) await tx.dayNote.createMany({ data: notes, ...skip });

      const missed = decisions.flatMap((d) => d.missed.map((t) => t.id));
      for (let i = 0; i < missed.length; i += BATCH)
        await tx.task.updateMany({ where: { id: { in: missed.slice(i, i + BATCH) }, state: 'open' }, data: { state: 'missed', nextActionAt: null } });

      await updateNextActions(tx, decisions.flatMap((d) => d.taskUpdates));
      for (const d of decisions) await moveWatermarks(tx, d);
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}

/** Tasks of a period share their next instant, so a few updateMany calls cover thousands of tasks. */
async function updateNextActions(tx: Tx, updates: { id: string; nextActionAt: Date | null }[]): Promise<void> {
  const byInstant = new Map<number | null, string[]>();
  for (const u of updates) {
    const k = u.nextActionAt?.getTime() ?? null;
    byInstant.set(k, [...(byInstant.get(k) ?? []), u.id]);
  }
  for (const [ms, ids] of byInstant) {
    for (let i = 0; i < ids.length; i += BATCH) {
      await tx.task.updateMany({ where: { id: { in: ids.slice(i, i + BATCH) } }, data: { nextActionAt: ms === null ? null : new Date(ms) } });
    }
  }
}

async function moveWatermarks(tx: Tx, d: UnitDecisions): Promise<void> {
  if (!d.plannedDate && !d.plannedWeek && !d.plannedMonth) return;
  const data = {
    ...(d.plannedDate ? { plannedDate: d.plannedDate } : {}),
    ...(d.plannedWeek ? { plannedWeek: d.plannedWeek } : {}),
    ...(d.plannedMonth ? { plannedMonth: d.plannedMonth } : {}),
  };
  await tx.plannerState.upsert({ where: { unitId: d.unitId }, create: { unitId: d.unitId, plannedDate: d.plannedDate ?? '', ...data }, update: data });
}
