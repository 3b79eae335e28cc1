/**
 * Records the planner's decisions for a batch of units in ONE transaction: new tasks, the outbox
 * messages they imply, non-operating days, missed tasks, next looks and watermarks. Keys are unique,
 * so a repeated tick or a concurrent instance (PostgreSQL) cannot duplicate anything: its
 * duplicates are skipped, on both providers.
 *
 * Everything is set-based (bulk-sql.ts): the 08:30 opening tick of a city writes ~50,000 tasks and
 * ~6,000 prompts in a few dozen statements.
 */
import type { UnitDecisions } from '../../domain/engine/snapshot.js';
import { BulkInserter, bulkInsert, bulkUpdateByIds, type Columns, encodeInstant } from './bulk-sql.js';
import type { Provider } from './db.js';
import type { Driver, DriverQueryable } from './driver.js';
import { type PayloadPart, packPayload } from './payload-codec.js';
import { writeParts } from './payload-parts.js';
import { timeOrderedId } from './row-ids.js';

type Tx = DriverQueryable;

const TASK_COLUMNS: Columns = {
  id: 'text',
  key: 'text',
  unitId: 'text',
  kind: 'text',
  period: 'text',
  subjectId: 'text',
  assigneeId: 'text',
  opensAt: 'datetime',
  dueAt: 'datetime',
  closesAt: 'datetime',
  state: 'text',
  detail: 'json',
  nextActionAt: 'datetime',
  createdAt: 'datetime',
};
const MESSAGE_COLUMNS: Columns = {
  id: 'text',
  key: 'text',
  groupKey: 'text',
  unitId: 'text',
  personId: 'text',
  chatId: 'text',
  purpose: 'text',
  urgent: 'bool',
  payload: 'json',
  taskKeys: 'json',
  notBefore: 'datetime',
  createdAt: 'datetime',
};
const NOTE_COLUMNS: Columns = {
  id: 'text',
  unitId: 'text',
  date: 'text',
  kind: 'text',
  reason: 'text',
  createdAt: 'datetime',
};
const WATERMARK_COLUMNS: Columns = {
  unitId: 'text',
  plannedDate: 'text',
  plannedWeek: 'text',
  plannedMonth: 'text',
  updatedAt: 'datetime',
};

export async function recordDecisions(
  driver: Driver,
  provider: Provider,
  decisions: Iterable<UnitDecisions>,
  now: Date,
): Promise<void> {
  await driver.transaction(async (tx) => {
    // Ids are made here because raw inserts bypass Prisma's cuid() default (time-ordered: row-ids.ts).
    const newId = () => timeOrderedId(now.getTime());
    const tasks = new BulkInserter(tx, provider, 'Task', TASK_COLUMNS, ['key']);
    const messages = new BulkInserter(tx, provider, 'Message', MESSAGE_COLUMNS, ['key']);
    const notes = new BulkInserter(tx, provider, 'DayNote', NOTE_COLUMNS, ['unitId', 'date', 'kind']);
    const parts = new Map<string, PayloadPart>();
    const missed: string[] = [];
    const updates: { id: string; nextActionAt: Date | null }[] = [];
    const moved: Watermarks[] = [];
    // Each unit's decisions are encoded as they come (the caller may plan them one by one), so
    // that a slice's thousands of task objects never need to be held at once.
    for (const d of decisions) {
      for (const t of d.tasks) if (tasks.add(t, { id: newId(), unitId: d.unitId, createdAt: now })) await tasks.flush();
      for (const m of d.messages) {
        const packed = packPayload(m.payload);
        for (const p of packed.parts) parts.set(p.hash, p);
        if (
          messages.add(m, {
            payload: packed.stored,
            id: newId(),
            groupKey: `${d.unitKey}:${m.group}`,
            unitId: d.unitId,
            createdAt: now,
          })
        )
          await messages.flush();
      }
      for (const n of d.notes) if (notes.add(n, { id: newId(), unitId: d.unitId, createdAt: now })) await notes.flush();
      for (const t of d.missed) missed.push(t.id);
      for (const u of d.taskUpdates) updates.push(u);
      if (d.plannedDate || d.plannedWeek || d.plannedMonth)
        moved.push({
          unitId: d.unitId,
          plannedDate: d.plannedDate,
          plannedWeek: d.plannedWeek,
          plannedMonth: d.plannedMonth,
        });
    }
    await tasks.flush();
    await writeParts(tx, provider, [...parts.values()], now);
    await messages.flush();
    await notes.flush();
    await bulkUpdateByIds(
      tx,
      provider,
      'Task',
      [
        { column: 'state', type: 'text', value: 'missed' },
        { column: 'nextActionAt', type: 'datetime', value: null },
      ],
      missed,
      `"state" = 'open'`,
    );
    await updateNextActions(tx, provider, updates);
    await moveWatermarks(tx, provider, moved, now);
  });
}

interface Watermarks {
  unitId: string;
  plannedDate: string | null;
  plannedWeek: string | null;
  plannedMonth: string | null;
}

/** Tasks of a period share their next instant, so a few statements cover thousands of tasks. */
async function updateNextActions(
  tx: Tx,
  provider: Provider,
  updates: { id: string; nextActionAt: Date | null }[],
): Promise<void> {
  const byInstant = new Map<number | null, string[]>();
  for (const u of updates) {
    const k = u.nextActionAt?.getTime() ?? null;
    const ids = byInstant.get(k);
    if (ids) ids.push(u.id);
    else byInstant.set(k, [u.id]);
  }
  for (const [ms, ids] of byInstant) {
    await bulkUpdateByIds(
      tx,
      provider,
      'Task',
      [{ column: 'nextActionAt', type: 'datetime', value: ms === null ? null : new Date(ms) }],
      ids,
    );
  }
}

/**
 * Moves the watermarks that moved: a new unit gets its row (absent marks as ''), an existing row
 * changes only the marks the planner advanced.
 */
async function moveWatermarks(tx: Tx, provider: Provider, moved: Watermarks[], now: Date): Promise<void> {
  if (!moved.length) return;
  const rows = moved.map((d) => ({
    unitId: d.unitId,
    plannedDate: d.plannedDate,
    plannedWeek: d.plannedWeek,
    plannedMonth: d.plannedMonth,
    updatedAt: now,
  }));
  await bulkInsert(
    tx,
    provider,
    'PlannerState',
    WATERMARK_COLUMNS,
    ['unitId'],
    rows.map((r) => ({
      ...r,
      plannedDate: r.plannedDate ?? '',
      plannedWeek: r.plannedWeek ?? '',
      plannedMonth: r.plannedMonth ?? '',
    })),
  );
  const marks = ['plannedDate', 'plannedWeek', 'plannedMonth'] as const;
  const set = [
    ...marks.map((m) => `"${m}" = COALESCE(x."${m}", "PlannerState"."${m}")`),
    `"updatedAt" = x."updatedAt"`,
  ].join(', ');
  const sql =
    provider === 'sqlite'
      ? `UPDATE "PlannerState" SET ${set} FROM (SELECT ${Object.keys(WATERMARK_COLUMNS)
          .map((c) => `value ->> '$.${c}' AS "${c}"`)
          .join(', ')} FROM json_each(?)) AS x WHERE "PlannerState"."unitId" = x."unitId"`
      : `UPDATE "PlannerState" SET ${set} FROM jsonb_to_recordset($1::jsonb) AS x("unitId" text, ` +
        `"plannedDate" text, "plannedWeek" text, "plannedMonth" text, "updatedAt" timestamp(3)) WHERE ` +
        `"PlannerState"."unitId" = x."unitId"`;
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.execute(sql, [
      JSON.stringify(rows.slice(i, i + 1000).map((r) => ({ ...r, updatedAt: encodeInstant(provider, r.updatedAt) }))),
    ]);
  }
}
