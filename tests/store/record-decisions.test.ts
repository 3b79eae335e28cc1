/**
 * recordDecisions writes set-based raw SQL (bulk-sql.ts) instead of Prisma's createMany. These tests
 * prove, on SQLite and (with TEST_PG_URL) PostgreSQL, that the rows it writes are stored exactly as
 * Prisma stores them and read back identically through Prisma, that Prisma's own filters find them,
 * and that recording the same decisions twice duplicates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPayload } from '../../src/adapters/store/payload-codec.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { emptyBundle } from '../../src/app/answer-bundle.js';
import type { NewMessage, NewTask, UnitDecisions } from '../../src/domain/engine/snapshot.js';
import { freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.js';

const NOW = new Date('2026-12-01T00:30:00.000Z');
const OPENS = new Date('2026-12-01T00:30:00.000Z');
const DUE = new Date('2026-12-01T09:30:00.000Z');
const CLOSES = new Date('2026-11-30T16:00:00.000Z');
const NEXT = new Date('2026-12-01T07:30:00.123Z');

/** Text that JSON and SQL quoting could get wrong. */
const TRICKY = `引号"单'双" 反斜杠\\ 换行\n制表\t 表情😀 分隔\u2028 NUL-free`;

function task(i: number, over: Partial<NewTask> = {}): NewTask {
  return {
    key: `task:bench-u:daily:2026-12-01:dev-${i}`,
    kind: 'daily',
    period: '2026-12-01',
    subjectId: `dev-${i}`,
    assigneeId: `officer-${i % 3}`,
    opensAt: OPENS,
    dueAt: DUE,
    closesAt: CLOSES,
    state: 'open',
    detail: { category: 'elevator', paused: i % 7 === 0, note: TRICKY, n: i, nested: { list: [1, 2.5, null, true] } },
    nextActionAt: NEXT,
    ...over,
  };
}

function message(i: number, over: Partial<NewMessage> = {}): NewMessage {
  return {
    key: `msg:bench-u:daily:2026-12-01:prompt:0:officer-${i}`,
    group: 'daily:2026-12-01',
    personId: `officer-${i}`,
    chatId: null,
    purpose: 'prompt',
    urgent: false,
    payload: { type: 'notice', unitName: '基准单位', text: `${TRICKY} #${i} ${'检查项'.repeat(3000)}` },
    taskKeys: [`task:bench-u:daily:2026-12-01:dev-${i}`, TRICKY],
    notBefore: NOW,
    ...over,
  };
}

const CHECKLIST = Array.from({ length: 12 }, (_, i) => ({
  seq: i + 1,
  group: '设备' as const,
  content: `检查项 ${i + 1} ${TRICKY}`,
  standard: '标准'.repeat(20),
  required: i % 2 === 0,
}));

function dailyPayload(i: number): NewMessage['payload'] {
  const devices = Array.from({ length: 6 }, (_, n) => ({
    taskKey: `task:bench-u:daily:2026-12-01:dev-${i}-${n}`,
    equipmentId: `dev-${i}-${n}`,
    code: `E-${i}-${n}`,
    name: `${n + 1}号梯`,
    location: TRICKY,
    category: 'elevator' as const,
    paused: n === 5,
    items: n === 5 ? [{ ...CHECKLIST[0]!, content: '停用中' }] : CHECKLIST,
  }));
  return { type: 'daily_check', unitName: '基准单位', date: '2026-12-01', dueAt: DUE.toISOString(), devices };
}

function decisions(): UnitDecisions[] {
  return [
    {
      unitId: 'unit-1',
      unitKey: 'bench-u',
      // 1,200 tasks cross several batches; the odd ones vary where most rows agree.
      tasks: [
        ...Array.from({ length: 1200 }, (_, i) => task(i)),
        task(2000, { state: 'missed', nextActionAt: null, closesAt: null, detail: null }),
        task(2001, { kind: 'weekly', period: '2026-W49', opensAt: new Date('2026-11-30T01:00:00.000Z') }),
      ],
      // ~18,000 characters each: the 100,000-character batches split them.
      messages: [
        ...Array.from({ length: 12 }, (_, i) => message(i)),
        message(100, { personId: null, chatId: 'oc_chat', urgent: true, purpose: 'escalation', taskKeys: [] }),
        // Daily prompts: their checklists are stored once, as shared parts.
        ...Array.from({ length: 3 }, (_, i) => message(200 + i, { payload: dailyPayload(i) })),
      ],
      notes: [{ date: '2026-12-01', kind: 'non_operating', reason: `节假日 ${TRICKY}` }],
      missed: [],
      plannedDate: '2026-12-01',
      plannedWeek: '2026-W49',
      plannedMonth: null,
      taskUpdates: [],
      nextWakeAt: null,
    },
  ];
}

const TASK_FIELDS = [
  'key',
  'unitId',
  'kind',
  'period',
  'subjectId',
  'assigneeId',
  'opensAt',
  'dueAt',
  'closesAt',
  'state',
  'nextActionAt',
  'doneAt',
  'late',
  'detail',
  'createdAt',
] as const;
const MESSAGE_FIELDS = [
  'key',
  'groupKey',
  'unitId',
  'personId',
  'chatId',
  'purpose',
  'urgent',
  'payload',
  'taskKeys',
  'notBefore',
  'state',
  'attempts',
  'nextAttemptAt',
  'lastError',
  'channel',
  'platformMessageId',
  'createdAt',
  'sentAt',
] as const;
const pick = <T extends Record<string, unknown>>(row: T, fields: readonly string[], rekey = (k: unknown) => k) =>
  Object.fromEntries(fields.map((f) => [f, f === 'key' ? rekey(row[f]) : row[f]]));

describe.each(PROVIDERS)('recordDecisions on %s', (provider) => {
  let db: TestDatabase;
  let store: PrismaStore;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    store = await PrismaStore.open(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('writes what Prisma would write, and Prisma reads it back unchanged', async () => {
    const d = decisions()[0]!;
    await store.recordDecisions([d], NOW);

    // The same rows through Prisma's own createMany, under other keys.
    const ref = (k: string) => `${k}#ref`;
    await store.db.task.createMany({
      data: d.tasks.map((t) => ({
        ...t,
        key: ref(t.key),
        unitId: d.unitId,
        detail: (t.detail ?? undefined) as object | undefined,
        createdAt: NOW,
      })),
    });
    await store.db.message.createMany({
      data: d.messages.map(({ group, ...m }) => ({
        ...m,
        key: ref(m.key),
        groupKey: `${d.unitKey}:${group}`,
        unitId: d.unitId,
        payload: packPayload(m.payload).stored as object,
        createdAt: NOW,
      })),
    });

    const tasks = await store.db.task.findMany({ orderBy: { key: 'asc' } });
    const bulk = tasks.filter((t) => !t.key.endsWith('#ref'));
    const prisma = tasks.filter((t) => t.key.endsWith('#ref'));
    expect(bulk).toHaveLength(d.tasks.length);
    expect(bulk.map((t) => pick(t, TASK_FIELDS))).toEqual(
      prisma.map((t) => pick(t, TASK_FIELDS, (k) => String(k).replace('#ref', ''))),
    );
    expect(new Set(bulk.map((t) => t.id)).size).toBe(bulk.length);
    expect(bulk.every((t) => typeof t.id === 'string' && t.id.length > 0)).toBe(true);

    const messages = await store.db.message.findMany({ orderBy: { key: 'asc' } });
    const bulkM = messages.filter((m) => !m.key.endsWith('#ref'));
    const prismaM = messages.filter((m) => m.key.endsWith('#ref'));
    expect(bulkM).toHaveLength(d.messages.length);
    expect(bulkM.map((m) => pick(m, MESSAGE_FIELDS))).toEqual(
      prismaM.map((m) => pick(m, MESSAGE_FIELDS, (k) => String(k).replace('#ref', ''))),
    );

    // Stored representation, byte for byte (SQLite keeps DateTime and Json as text; the casts keep
    // the adapter from turning them back into values).
    const raw = (table: string, cols: string[], key: string) =>
      store.db.$queryRawUnsafe<Record<string, unknown>[]>(
        provider === 'sqlite'
          ? `SELECT ${cols.map((c) => `typeof("${c}") AS "t_${c}", CAST("${c}" AS TEXT) AS "${c}"`).join(', ')} ` +
              `FROM "${table}" WHERE "key" = ?`
          : `SELECT ${cols.map((c) => `"${c}"::text AS "${c}"`).join(', ')} FROM "${table}" WHERE "key" = $1`,
        key,
      );
    for (const t of [d.tasks[0]!, d.tasks[1200]!]) {
      const cols = ['opensAt', 'dueAt', 'closesAt', 'nextActionAt', 'createdAt', 'detail', 'late', 'state'];
      expect(await raw('Task', cols, t.key)).toEqual(await raw('Task', cols, ref(t.key)));
    }
    for (const m of [d.messages[0]!, d.messages[12]!]) {
      const cols = ['notBefore', 'createdAt', 'payload', 'taskKeys', 'urgent', 'attempts', 'state'];
      expect(await raw('Message', cols, m.key)).toEqual(await raw('Message', cols, ref(m.key)));
    }
    // The checklists went into shared parts once; the outbox reads every payload back whole.
    const daily = d.messages.filter((m) => m.payload.type === 'daily_check');
    expect(daily.length).toBeGreaterThan(0);
    expect(await store.db.payloadPart.count()).toBeGreaterThan(0);
    expect(await store.db.payloadPart.count()).toBeLessThan(daily.length);
    const claimed = await store.claimDueMessages(new Date(NOW.getTime() + 86_400_000), 10_000, 60_000);
    const byKey = new Map(claimed.map((m) => [m.key, m.payload]));
    for (const m of d.messages) expect(byKey.get(m.key)).toEqual(m.payload);
    if (provider === 'sqlite') {
      const [row] = await raw('Task', ['opensAt'], d.tasks[0]!.key);
      expect(row).toEqual({ t_opensAt: 'text', opensAt: '2026-12-01T00:30:00.000+00:00' });
    }
  });

  it("is found by Prisma's own filters on instants and Json-free columns", async () => {
    const due = await store.db.task.count({
      where: { state: 'open', nextActionAt: { lte: NEXT }, key: { not: { endsWith: '#ref' } } },
    });
    expect(due).toBe(1201);
    const early = await store.db.task.count({
      where: { nextActionAt: { lt: NEXT }, key: { not: { endsWith: '#ref' } } },
    });
    expect(early).toBe(0);
    expect(
      await store.db.message.count({
        where: { state: 'pending', notBefore: { lte: NOW }, urgent: true, key: { not: { endsWith: '#ref' } } },
      }),
    ).toBe(1);
  });

  it('records notes and watermarks, and moves only the watermarks that moved', async () => {
    expect(
      await store.db.dayNote.findMany({
        select: { unitId: true, date: true, kind: true, reason: true, createdAt: true },
      }),
    ).toEqual([
      { unitId: 'unit-1', date: '2026-12-01', kind: 'non_operating', reason: `节假日 ${TRICKY}`, createdAt: NOW },
    ]);
    expect(await store.db.plannerState.findUnique({ where: { unitId: 'unit-1' } })).toMatchObject({
      plannedDate: '2026-12-01',
      plannedWeek: '2026-W49',
      plannedMonth: '',
    });
    await store.recordDecisions([{ ...empty(), plannedMonth: '2026-12' }], NOW);
    expect(await store.db.plannerState.findUnique({ where: { unitId: 'unit-1' } })).toMatchObject({
      plannedDate: '2026-12-01',
      plannedWeek: '2026-W49',
      plannedMonth: '2026-12',
    });
  });

  it('marks missed tasks and reschedules the others', async () => {
    const [a, b, c] = await store.db.task.findMany({
      where: { state: 'open', key: { not: { endsWith: '#ref' } } },
      orderBy: { key: 'asc' },
      take: 3,
    });
    const later = new Date('2026-12-01T12:30:00.000Z');
    await store.recordDecisions(
      [
        {
          ...empty(),
          missed: [{ ...a!, kind: 'daily', detail: null }],
          taskUpdates: [
            { id: b!.id, nextActionAt: later },
            { id: c!.id, nextActionAt: null },
          ],
        },
      ],
      NOW,
    );
    expect(await store.db.task.findUnique({ where: { id: a!.id } })).toMatchObject({
      state: 'missed',
      nextActionAt: null,
    });
    expect(await store.db.task.findUnique({ where: { id: b!.id } })).toMatchObject({
      state: 'open',
      nextActionAt: later,
    });
    expect(await store.db.task.findUnique({ where: { id: c!.id } })).toMatchObject({
      state: 'open',
      nextActionAt: null,
    });
    expect(await store.db.task.count({ where: { nextActionAt: later } })).toBe(1);
  });

  it('writes nothing when a statement fails part-way, and the connection stays usable', async () => {
    const before = await Promise.all([store.db.task.count(), store.db.message.count(), store.db.dayNote.count()]);
    const bad = {
      ...decisions()[0]!,
      tasks: [task(5000), task(5001)],
      notes: [{ date: null as unknown as string, kind: 'non_operating' as const, reason: 'x' }],
    };
    await expect(store.recordDecisions([bad], NOW)).rejects.toThrow();
    expect(await Promise.all([store.db.task.count(), store.db.message.count(), store.db.dayNote.count()])).toEqual(
      before,
    );
    // The lock (SQLite) or the pooled connection (PostgreSQL) was given back: Prisma and the driver both go on.
    await store.db.$transaction(async (tx) => tx.dayNote.count());
    await store.recordDecisions([{ ...empty(), tasks: [task(5002)] }], NOW);
    expect(await store.db.task.count()).toBe(before[0] + 1);
  });

  it('stores a daily prompt sent by an answer with its checklist as a shared part, read back whole', async () => {
    const parts = await store.db.payloadPart.count();
    const b = emptyBundle('unit-1', 'bench-u', NOW);
    // A checklist the engine has not stored yet, in two prompts; the paused item list exists already.
    const other = CHECKLIST.map((it) => ({ ...it, standard: `另一版 ${it.standard}` }));
    const withOther = (i: number): NewMessage['payload'] => {
      const p = dailyPayload(i) as Extract<NewMessage['payload'], { type: 'daily_check' }>;
      return { ...p, devices: p.devices.map((d) => (d.paused ? d : { ...d, items: other })) };
    };
    b.messages.push(message(300, { payload: withOther(7) }), message(301, { payload: withOther(8) }));
    await store.commitAnswer(b);
    expect(await store.db.payloadPart.count()).toBe(parts + 1);
    const claimed = await store.claimDueMessages(new Date(NOW.getTime() + 2 * 86_400_000), 10_000, 60_000);
    const byKey = new Map(claimed.map((m) => [m.key, m.payload]));
    for (const m of b.messages) expect(byKey.get(m.key)).toEqual(m.payload);
  });

  it('reconnects when Prisma has let its connection go', async () => {
    const before = await store.db.task.count();
    await store.db.$disconnect();
    await store.recordDecisions([{ ...empty(), tasks: [task(5003)] }], NOW);
    expect(await store.db.task.count()).toBe(before + 1);
  });

  it('duplicates nothing when the same decisions are recorded again', async () => {
    const before = await Promise.all([
      store.db.task.count(),
      store.db.message.count(),
      store.db.dayNote.count(),
      store.db.plannerState.count(),
    ]);
    await store.recordDecisions(decisions(), NOW);
    await store.recordDecisions(decisions(), NOW);
    const after = await Promise.all([
      store.db.task.count(),
      store.db.message.count(),
      store.db.dayNote.count(),
      store.db.plannerState.count(),
    ]);
    expect(after).toEqual(before);
  });
});

function empty(): UnitDecisions {
  return {
    unitId: 'unit-1',
    unitKey: 'bench-u',
    tasks: [],
    messages: [],
    notes: [],
    missed: [],
    plannedDate: null,
    plannedWeek: null,
    plannedMonth: null,
    taskUpdates: [],
    nextWakeAt: null,
  };
}
