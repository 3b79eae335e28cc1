/** The Store port on Prisma: SQLite (embedded default) or PostgreSQL. */

import type { AnswerBundle } from '../../app/answer-bundle.js';
import { AppError } from '../../app/app-error.js';
import type { EvidenceRecord, EvidenceRow } from '../../app/evidence/evidence-port.js';
import type {
  ChainAnchor,
  ChainReport,
  ChecklistView,
  DeadLetter,
  DeviceRow,
  DeviceStatusRow,
  EquipmentChangeRow,
  HazardContext,
  HazardRow,
  HazardStep,
  ImportResult,
  NoticeDraft,
  OutboxMessage,
  OutboxOutcome,
  OverdueRow,
  PersonCredentials,
  PersonMatch,
  Recipient,
  RecordRow,
  RoleHistoryRow,
  SentMessage,
  SentPromptCopies,
  SlotKey,
  Store,
  StoreCounts,
  TaskContext,
  TaskRow,
  TickShape,
  UnitApplyResult,
  UnitContext,
  UnitHeader,
  UnreachableEntry,
  UnreachableRow,
} from '../../app/ports.js';
import { nextSlot } from '../../app/send-budget.js';
import type { HazardView, PeriodStats } from '../../domain/engine/payloads.js';
import type { UnitPolicy } from '../../domain/engine/policy.js';
import type { DeviceState, TaskState, UnitDecisions, UnitSnapshot } from '../../domain/engine/snapshot.js';
import type { PhotoRule } from '../../domain/evidence/photo-rules.js';
import type { EquipmentRow, PersonRow } from '../../domain/ledger/parse-ledger.js';
import {
  CATEGORIES,
  type Category,
  type CheckGroup,
  type ChecklistStatus,
  type Frequency,
  type Role,
} from '../../domain/model.js';
import type { ExportData, ExportRequest } from '../../domain/reports/export-data.js';
import type { UnitSpec } from '../../domain/unit-spec.js';
import { applyUnit } from './apply-unit.js';
import * as commands from './command-queries.js';
import { commitBundle } from './commit-bundle.js';
import * as coordination from './coordination.js';
import { type Db, openDb, type Provider, providerOf, redactUrl } from './db.js';
import { dbProblemMessage } from './db-errors.js';
import * as deadLetters from './dead-letters.js';
import type { Driver } from './driver.js';
import { evidenceOfHazards, evidenceRecords } from './evidence-queries.js';
import { exportData } from './export-queries.js';
import { loadHazardContext } from './hazard-context.js';
import * as identities from './identities.js';
import { importEquipment, importPeople, type LedgerChecks } from './import-ledger.js';
import * as inbound from './inbound.js';
import { loadRecord } from './load-record.js';
import { loadSnapshots } from './load-snapshots.js';
import * as lookups from './lookups.js';
import { sentPromptsOfTask } from './open-prompts.js';
import * as outbox from './outbox.js';
import { periodStats } from './period-stats.js';
import { recordPlatformIds } from './platform-ids.js';
import { type RecordKey, recordKeyOf } from './record-chain.js';
import { recordDecisions } from './record-decisions.js';
import { loadTaskContexts, loadUnitContext } from './task-contexts.js';
import * as unreachable from './unreachable.js';
import { verifyChain } from './verify-chain.js';

export interface StoreOptions {
  /** the record key's secret (config.recordKey), or none: records are written unkeyed */
  recordKey?: string | null;
}

export class PrismaStore implements Store {
  private constructor(
    readonly db: Db,
    readonly provider: Provider,
    /** the connection under `db`, for the engine's bulk statements (driver.ts) */
    readonly driver: Driver,
    /** seals new records (HMAC) and checks sealed ones; kept outside the database (record-chain.ts) */
    readonly recordKey: RecordKey | null = null,
  ) {}

  /**
   * SQLite: small slices, one at a time (the driver is synchronous, so a second slice would only
   * wait, and a small slice keeps the writer lock short and a city's tick within a small heap).
   * PostgreSQL: Node plans and encodes one slice while the server writes the other.
   */
  get tickShape(): TickShape {
    return this.provider === 'sqlite'
      ? { sliceUnits: 50, concurrentSlices: 1 }
      : { sliceUnits: 100, concurrentSlices: 2 };
  }

  static async open(url: string, opts: StoreOptions = {}): Promise<PrismaStore> {
    try {
      const { db, driver } = await openDb(url);
      return new PrismaStore(db, providerOf(url), driver, opts.recordKey ? recordKeyOf(opts.recordKey) : null);
    } catch (e) {
      throw PrismaStore.openError(e, url);
    }
  }

  /** A failure to open or first read the database, said in Chinese with what to do. */
  static openError(e: unknown, url: string): AppError {
    if (e instanceof AppError) return e;
    const known = dbProblemMessage(e, url);
    return new AppError(
      'DB_UNREACHABLE',
      known ?? `无法打开数据库 ${redactUrl(url)}：${(e as Error).message}。请检查 DATABASE_URL`,
      { url: redactUrl(url) },
    );
  }

  async applyUnits(units: readonly UnitSpec[], at: Date): Promise<UnitApplyResult[]> {
    const results: UnitApplyResult[] = [];
    for (const spec of units) {
      // One transaction per unit keeps SQLite's single connection free between units. Instances
      // started together on one PostgreSQL take turns (a transaction-scoped advisory lock): the
      // later ones find the unit applied instead of failing on its unique keys. SQLite's
      // transactions are serial already (BEGIN IMMEDIATE).
      results.push(
        await this.db.$transaction(
          async (tx) => {
            if (this.provider === 'postgresql')
              await tx.$queryRaw`SELECT 1 AS ok FROM pg_advisory_xact_lock(hashtext('safeduty:apply-units'))`;
            return applyUnit(tx, spec, at);
          },
          { timeout: 120_000, maxWait: 30_000 },
        ),
      );
    }
    return results;
  }

  async roleHistory(unitKey: string): Promise<RoleHistoryRow[]> {
    const rows = await this.db.roleAssignment.findMany({
      where: { unit: { key: unitKey } },
      include: { person: true },
      orderBy: [{ startAt: 'asc' }, { createdAt: 'asc' }],
    });
    return rows.map((r) => ({
      personName: r.person.name,
      mobile: r.person.mobile,
      role: r.role as Role,
      title: r.title,
      categories: r.categories as Category[],
      startAt: r.startAt,
      endAt: r.endAt,
      reason: r.reason,
    }));
  }

  async equipmentHistory(code: string): Promise<EquipmentChangeRow[]> {
    const rows = await this.db.equipmentChange.findMany({
      where: { equipment: { code } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      field: r.field as 'status' | 'officer',
      fromValue: r.fromValue,
      toValue: r.toValue,
      at: r.at,
      actor: r.actor,
      reason: r.reason,
    }));
  }

  async checklistInForce(unitKey: string, category: Category, date: string): Promise<ChecklistView | null> {
    const c = await this.db.riskChecklist.findFirst({
      where: { unit: { key: unitKey }, category, status: { not: 'draft' }, effectiveDate: { lte: date } },
      orderBy: { version: 'desc' },
      include: { items: { orderBy: { seq: 'asc' } } },
    });
    if (!c) return null;
    return {
      unitKey,
      category,
      version: c.version,
      status: c.status as ChecklistStatus,
      effectiveDate: c.effectiveDate,
      title: c.title,
      items: c.items.map((it) => ({
        group: it.group as CheckGroup,
        content: it.content,
        standard: it.standard,
        frequency: it.frequency as Frequency,
        required: it.required,
        ...(it.photo ? { photo: it.photo as PhotoRule } : {}),
      })),
    };
  }

  async checklistsInForce(unitId: string, categories: readonly Category[], date: string): Promise<ChecklistView[]> {
    const rows = await this.db.riskChecklist.findMany({
      where: {
        unitId,
        status: { not: 'draft' },
        effectiveDate: { lte: date },
        ...(categories.length ? { category: { in: [...categories] } } : {}),
      },
      orderBy: [{ category: 'asc' }, { version: 'desc' }],
      include: { items: { orderBy: { seq: 'asc' } }, unit: { select: { key: true } } },
    });
    const latest = new Map<string, (typeof rows)[number]>();
    for (const c of rows) if (!latest.has(c.category)) latest.set(c.category, c);
    const order = (c: string) => CATEGORIES.indexOf(c as Category);
    return [...latest.values()]
      .sort((a, b) => order(a.category) - order(b.category))
      .map((c) => ({
        unitKey: c.unit.key,
        category: c.category as Category,
        version: c.version,
        status: c.status as ChecklistStatus,
        effectiveDate: c.effectiveDate,
        title: c.title,
        items: c.items.map((it) => ({
          group: it.group as CheckGroup,
          content: it.content,
          standard: it.standard,
          frequency: it.frequency as Frequency,
          required: it.required,
        })),
      }));
  }

  async counts(): Promise<StoreCounts> {
    const [units, people, equipment, roleAssignments, checklists] = await Promise.all([
      this.db.unit.count(),
      this.db.person.count(),
      this.db.equipment.count(),
      this.db.roleAssignment.count(),
      this.db.riskChecklist.count(),
    ]);
    return { units, people, equipment, roleAssignments, checklists };
  }

  async unitHeaders(): Promise<UnitHeader[]> {
    const [units, states, suspensions] = await Promise.all([
      this.db.unit.findMany({
        select: { id: true, key: true, name: true, timeZone: true, settings: true },
        orderBy: { key: 'asc' },
      }),
      this.db.plannerState.findMany(),
      this.db.unitSuspension.findMany(),
    ]);
    const byUnit = new Map(states.map((s) => [s.unitId, s]));
    return units.map((u) => {
      const s = byUnit.get(u.id);
      const susp = suspensions
        .filter((x) => x.unitId === u.id)
        .map((x) => ({ from: x.startDate, to: x.endDate, reason: x.reason }));
      return {
        ...u,
        plannedDate: s?.plannedDate || null,
        plannedWeek: s?.plannedWeek ?? '',
        plannedMonth: s?.plannedMonth ?? '',
        suspensions: susp,
      };
    });
  }

  async unitsWithDueTasks(now: Date): Promise<Set<string>> {
    const rows = await this.db.task.groupBy({ by: ['unitId'], where: { state: 'open', nextActionAt: { lte: now } } });
    return new Set(rows.map((r) => r.unitId));
  }

  loadSnapshots(units: { header: UnitHeader; policy: UnitPolicy }[], now: Date): Promise<UnitSnapshot[]> {
    return loadSnapshots(this, units, now);
  }

  recordDecisions(decisions: Iterable<UnitDecisions>, now: Date): Promise<void> {
    return recordDecisions(this.driver, this.provider, decisions, now);
  }

  loadTaskContexts(taskKeys: string[]): Promise<TaskContext[]> {
    return loadTaskContexts(this.db, taskKeys);
  }

  loadHazardContext(hazardId: string): Promise<HazardContext | null> {
    return loadHazardContext(this.db, hazardId);
  }

  loadUnitContext(unitId: string, equipmentId?: string): Promise<UnitContext | null> {
    return loadUnitContext(this.db, unitId, equipmentId);
  }

  periodStats(
    unitId: string,
    r: { from: string; to: string; fromAt: Date; toAt: Date },
    now: Date,
    categories: string[],
  ): Promise<{ stats: PeriodStats; openHazards: HazardView[] }> {
    return periodStats(this.db, unitId, r.from, r.to, r.fromAt, r.toAt, now, categories);
  }

  commitAnswer(bundle: AnswerBundle): Promise<{ id: string; seq: number; kind: string; hash: string }[]> {
    return commitBundle(this.db, this.provider, bundle, this.recordKey);
  }

  findPeople(query: string): Promise<PersonMatch[]> {
    return lookups.findPeople(this.db, query);
  }

  openTasksOf(personId: string, kinds: string[]): Promise<(TaskState & { unitId: string })[]> {
    return lookups.openTasksOf(this.db, personId, kinds);
  }

  listHazards(unitId: string, openOnly: boolean): Promise<HazardRow[]> {
    return lookups.listHazards(this.db, unitId, openOnly);
  }

  hazardByNo(unitId: string, no: number): Promise<HazardRow | null> {
    return lookups.hazardByNo(this.db, unitId, no);
  }

  hazardHistory(unitId: string, hazardId: string): Promise<HazardStep[]> {
    return lookups.hazardHistory(this.db, unitId, hazardId);
  }

  findDevices(unitId: string, query: string): Promise<DeviceState[]> {
    return lookups.findDevices(this.db, unitId, query);
  }

  escalatedOpenTasks(personId: string): Promise<string[]> {
    return lookups.escalatedOpenTasks(this.db, personId);
  }

  personByIdentity(channel: string, externalId: string): Promise<{ id: string; name: string } | null> {
    return inbound.personByIdentity(this.db, channel, externalId);
  }

  firstDelivery(channel: string, externalId: string, now: Date): Promise<boolean> {
    return inbound.firstDelivery(this.db, channel, externalId, now);
  }

  sentMessageByPlatformId(platformMessageId: string): Promise<SentMessage | null> {
    return inbound.sentMessageByPlatformId(this.db, this.driver, this.provider, platformMessageId);
  }

  deliveriesOf(messageId: string): Promise<{ channel: string; platformMessageId: string }[]> {
    return inbound.deliveriesOf(this.db, messageId);
  }

  recordDelivery(messageId: string, channel: string, platformMessageId: string, now: Date): Promise<void> {
    return inbound.recordDelivery(this.db, this.driver, this.provider, { messageId, channel, platformMessageId }, now);
  }

  sentMessageById(id: string): Promise<SentMessage | null> {
    return inbound.sentMessageById(this.db, id);
  }

  dailyStatuses(taskKeys: string[]): Promise<DeviceStatusRow[]> {
    return inbound.dailyStatuses(this.db, taskKeys);
  }

  sentPromptsOfTask(groupKeys: string[], taskKey: string): Promise<SentPromptCopies[]> {
    return sentPromptsOfTask(this.db, groupKeys, taskKey);
  }

  identityOf(channel: string, externalId: string) {
    return commands.identityOf(this.db, channel, externalId);
  }

  setCurrentUnit(channel: string, externalId: string, unitId: string): Promise<void> {
    return commands.setCurrentUnit(this.db, channel, externalId, unitId);
  }

  createInvite(personId: string, codeHash: string, now: Date, expiresAt: Date): Promise<void> {
    return commands.createInvite(this.db, personId, codeHash, now, expiresAt);
  }

  redeemInvite(
    codeHash: string,
    channel: string,
    externalId: string,
    now: Date,
  ): Promise<{ id: string; name: string } | null> {
    return commands.redeemInvite(this.db, codeHash, channel, externalId, now);
  }

  getConversation(channel: string, externalId: string, now: Date): Promise<{ kind: string; data: unknown } | null> {
    return commands.getConversation(this.db, channel, externalId, now);
  }

  setConversation(
    channel: string,
    externalId: string,
    c: { kind: string; data: object; expiresAt: Date } | null,
  ): Promise<void> {
    return commands.setConversation(this.db, channel, externalId, c);
  }

  tasksOfPerson(personId: string, unitId: string, dayStart: Date, dayEnd: Date): Promise<TaskRow[]> {
    return commands.tasksOfPerson(this.db, personId, unitId, dayStart, dayEnd);
  }

  overdueTasks(
    unitId: string,
    now: Date,
    assigneeId: string | null,
    limit: number,
  ): Promise<{ rows: OverdueRow[]; total: number }> {
    return commands.overdueTasks(this.db, unitId, now, assigneeId, limit);
  }

  missedTasks(
    unitId: string,
    since: Date,
    assigneeId: string | null,
    limit: number,
  ): Promise<{ rows: TaskRow[]; total: number }> {
    return commands.missedTasks(this.db, unitId, since, assigneeId, limit);
  }

  recordBindFailure(channel: string, externalId: string, now: Date): Promise<void> {
    return commands.recordBindFailure(this.db, channel, externalId, now);
  }

  bindFailuresSince(channel: string, externalId: string, since: Date): Promise<Date[]> {
    return commands.bindFailuresSince(this.db, channel, externalId, since);
  }

  listDevices(unitId: string, category: Category | null): Promise<DeviceRow[]> {
    return commands.listDevices(this.db, unitId, category);
  }

  unitCredentials(unitId: string): Promise<PersonCredentials[]> {
    return commands.unitCredentials(this.db, unitId);
  }

  findPeopleByIds(ids: string[]): Promise<{ id: string; name: string }[]> {
    return this.db.person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  }

  importEquipment(
    unitKey: string,
    rows: EquipmentRow[],
    at: Date,
    dryRun: boolean,
    earlier?: LedgerChecks,
  ): Promise<ImportResult> {
    return importEquipment(this, unitKey, rows, at, dryRun, earlier);
  }

  importPeople(
    unitKey: string,
    rows: PersonRow[],
    at: Date,
    dryRun: boolean,
    earlier?: LedgerChecks,
  ): Promise<ImportResult> {
    return importPeople(this.db, unitKey, rows, at, dryRun, earlier);
  }

  loadRecord(unitKey: string, seq: number): Promise<RecordRow | null> {
    return loadRecord(this.db, unitKey, seq);
  }

  verifyChain(unitKey?: string, anchors: readonly ChainAnchor[] = []): Promise<ChainReport[]> {
    return verifyChain(this.db, unitKey, this.recordKey, anchors);
  }

  evidenceOfHazards(hazardIds: readonly string[]): Promise<EvidenceRow[]> {
    return evidenceOfHazards(this.db, hazardIds);
  }

  evidenceRecords(unitKey?: string): Promise<EvidenceRecord[]> {
    return evidenceRecords(this.db, unitKey);
  }

  exportData(request: ExportRequest): Promise<ExportData | null> {
    return exportData(this.db, request);
  }

  claimDueMessages(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    return outbox.claimDueMessages(this.db, this.driver, this.provider, now, limit, leaseMs);
  }

  taskStates(taskKeys: string[]): Promise<Map<string, string>> {
    return outbox.taskStates(this.driver, this.provider, taskKeys);
  }

  recipientsOf(ms: readonly OutboxMessage[]): Promise<Recipient[]> {
    return outbox.recipientsOf(this.db, ms);
  }

  recordOutcomes(outcomes: readonly OutboxOutcome[]): Promise<void> {
    return outbox.recordOutcomes(this.driver, this.provider, outcomes);
  }

  async markSent(id: string, channel: string, platformMessageId: string, now: Date): Promise<void> {
    await recordPlatformIds(this.driver, this.provider, [{ messageId: id, channel, platformMessageId }]);
    await this.db.message.update({
      where: { id },
      data: { state: 'sent', channel, platformMessageId, sentAt: now, nextAttemptAt: null, lastError: null },
    });
  }

  async markFailed(id: string, error: string, retryAt: Date | null, now?: Date, channel?: string): Promise<void> {
    await this.db.message.update({
      where: { id },
      data: {
        ...(channel ? { channel } : {}),
        state: retryAt ? 'failed' : 'dead',
        lastError: error.slice(0, 2000),
        nextAttemptAt: retryAt,
        deadAt: retryAt ? null : (now ?? null),
      },
    });
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    await this.db.message.update({
      where: { id },
      data: { state: 'cancelled', lastError: reason, nextAttemptAt: null },
    });
  }

  peopleWithMobiles(
    channel: string,
    personIds?: string[],
  ): Promise<{ id: string; name: string; mobile: string; externalIds: string[] }[]> {
    return identities.peopleWithMobiles(this.db, channel, personIds);
  }

  bindResolvedIdentity(
    channel: string,
    personId: string,
    externalId: string,
    now: Date,
  ): Promise<{ outcome: 'unchanged' | 'bound' | 'replaced'; replaced: string[] }> {
    return identities.bindResolvedIdentity(this.db, channel, personId, externalId, now);
  }

  markUnreachable(entry: UnreachableEntry, now: Date): Promise<{ id: string; episode: number; notified: boolean }> {
    return unreachable.markUnreachable(this.db, entry, now);
  }

  notifyUnreachable(
    id: string,
    notice: { key: string; unitId: string; personId: string; unitName: string; text: string },
    now: Date,
  ): Promise<void> {
    return unreachable.notifyUnreachable(this.db, id, notice, now);
  }

  clearUnreachable(
    channel: string,
    reached: { personId: string | null; chatId: string | null }[],
    now: Date,
    openedBefore?: Date,
  ): Promise<void> {
    return unreachable.clearUnreachable(this.db, channel, reached, now, openedBefore);
  }

  listUnreachable(): Promise<UnreachableRow[]> {
    return unreachable.listUnreachable(this.db);
  }

  deadLetters(filter: { unitId?: string; unitKey?: string; since?: Date; limit?: number }): Promise<DeadLetter[]> {
    return deadLetters.deadLetters(this.db, filter);
  }

  putNotice(notice: NoticeDraft, now: Date): Promise<'created' | 'updated' | 'gone'> {
    return deadLetters.putNotice(this.db, notice, now);
  }

  latestNotice(keyPrefix: string): Promise<{ key: string; notBefore: Date; pending: boolean } | null> {
    return deadLetters.latestNotice(this.db, keyPrefix);
  }

  async nextTaskActionAt(): Promise<Date | null> {
    const t = await this.db.task.findFirst({
      where: { state: 'open', nextActionAt: { not: null } },
      orderBy: { nextActionAt: 'asc' },
      select: { nextActionAt: true },
    });
    return t?.nextActionAt ?? null;
  }

  takeLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    return coordination.takeLease(this.db, name, holder, now, ttlMs);
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return coordination.releaseLease(this.db, name, holder);
  }

  /**
   * PostgreSQL: reservations asked for while one is under way wait, and go together in the next
   * transaction (one per app at a time per process; instances take turns in the database).
   */
  private slotRequests: (coordination.SlotRequest & { done: (slot: Date | Error) => void })[] = [];
  private reserving = false;
  /** SQLite: one process owns the database file, so its send slots live in memory */
  private readonly localSlots = new Map<string, number>();
  async reserveSendSlot(keys: readonly SlotKey[], now: Date): Promise<Date> {
    if (this.provider === 'sqlite') {
      const { slot, next } = nextSlot(
        keys,
        keys.map((k) => this.localSlots.get(k.key)),
        now.getTime(),
      );
      keys.forEach((k, i) => {
        if (!k.hold) this.localSlots.set(k.key, next[i]!);
      });
      return new Date(slot);
    }
    const slot = await new Promise<Date | Error>((done) => {
      this.slotRequests.push({ keys, now, done });
      if (!this.reserving) void this.reserveWaiting();
    });
    if (slot instanceof Error) throw slot;
    return slot;
  }

  private async reserveWaiting(): Promise<void> {
    this.reserving = true;
    try {
      while (this.slotRequests.length) {
        // one app per transaction (its advisory lock): the first request's, in the order asked
        const app = this.slotRequests[0]!.keys[0]!.key;
        const batch = this.slotRequests.filter((r) => r.keys[0]!.key === app).slice(0, 100);
        this.slotRequests = this.slotRequests.filter((r) => !batch.includes(r));
        const slots = await coordination
          .reserveSendSlots(this.driver, batch)
          .catch((e: unknown) => batch.map(() => (e instanceof Error ? e : new Error(String(e)))));
        for (const [i, r] of batch.entries()) r.done(slots[i]!);
      }
    } finally {
      this.reserving = false;
    }
  }

  /** SQLite (one process): the hold lives with the slots in memory; PostgreSQL: a row every instance reads. */
  holdSendSlot(key: string, until: Date): Promise<void> {
    if (this.provider === 'sqlite') {
      this.localSlots.set(key, Math.max(this.localSlots.get(key) ?? 0, until.getTime()));
      return Promise.resolve();
    }
    return coordination.holdSendSlot(this.db, key, until);
  }

  pruneSendSlots(before: Date): Promise<number> {
    if (this.provider === 'sqlite') {
      const old = [...this.localSlots].filter(([, t]) => t < before.getTime());
      for (const [k] of old) this.localSlots.delete(k);
      return Promise.resolve(old.length);
    }
    return coordination.pruneSendSlots(this.db, before);
  }

  nextMessageAt(): Promise<Date | null> {
    return outbox.nextMessageAt(this.db);
  }

  async ping(): Promise<void> {
    await this.db.$queryRawUnsafe('SELECT 1');
  }

  async close(): Promise<void> {
    await this.db.$disconnect();
  }
}
