/**
 * The ports through which use cases reach the outside world. Each is narrow and named after
 * intentions; adapters implement them (Prisma store, console/Feishu/Telegram channels, clocks).
 */

import type { HazardView, Payload, PeriodStats } from '../domain/engine/payloads.js';
import type { UnitPolicy } from '../domain/engine/policy.js';
import type { DeviceState, RoleRef, TaskState, UnitDecisions, UnitSnapshot } from '../domain/engine/snapshot.js';
import type { EquipmentRow, LedgerProblem, LedgerRef, PersonRow } from '../domain/ledger/parse-ledger.js';
import type { Category, ChecklistStatus, Role } from '../domain/model.js';
import type { ExportData, ExportRequest } from '../domain/reports/export-data.js';
import type { ChecklistItem, UnitSpec } from '../domain/unit-spec.js';
import type { AnswerBundle } from './answer-bundle.js';
import type { EvidenceRecord, EvidenceRow } from './evidence/evidence-port.js';
import type { InboundEvent, InboundResult, PromptRedraw, PromptRef } from './inbound/inbound-event.js';

export interface Clock {
  now(): Date;
}

/** New unique ids for entities a use case creates (hazards, advice), so that it can refer to them. */
export interface Ids {
  newId(): string;
}

/** A person found by name, mobile or id, with the current appointments. */
export interface PersonMatch {
  id: string;
  name: string;
  mobile: string;
  roles: { unitId: string; unitKey: string; role: Role; categories: Category[] }[];
}

export interface HazardRow {
  id: string;
  /** 隐患号 (null only for a hazard written before numbers existed and not yet migrated) */
  no: number | null;
  level: 'general' | 'serious' | 'major';
  state: string;
  description: string;
  equipmentId: string | null;
  assigneeId: string;
  deadline: Date;
  createdAt: Date;
}

/** One step of a hazard's history, from its record. */
export interface HazardStep {
  kind: string;
  at: Date;
  person: string;
  seq: number;
  payload: Record<string, unknown>;
}

/** A task as commands list it. */
export interface TaskRow {
  key: string;
  kind: string;
  period: string;
  state: string;
  dueAt: Date;
  doneAt: Date | null;
  late: boolean;
  assignee: string;
  assigneeId: string;
  device: string | null;
  detail: Record<string, unknown> | null;
}
export type OverdueRow = TaskRow;

export interface DeviceRow extends DeviceState {
  officer: string;
  nextInspection: string | null;
  registrationNo: string | null;
}

/** Someone's certificates and training, for the flags in 我 and 单位. */
export interface PersonCredentials {
  personId: string;
  name: string;
  certificates: { kind: string; number: string; expiresOn: string | null }[];
  trainings: number;
}

/** A stored record, as a correction needs it. */
export interface RecordRow {
  id: string;
  unitId: string;
  seq: number;
  kind: string;
  taskKey: string | null;
  personId: string | null;
  late: boolean;
  payload: unknown;
  /** the record that corrected this one, if any */
  supersededBySeq: number | null;
}

/** What an import did (or, with dryRun, would do). */
export interface ImportResult {
  ok: boolean;
  problems: string[];
  created: number;
  updated: number;
  unchanged: number;
  changes: string[];
}

/** The result of recomputing one unit's record chain. */
export interface ChainReport {
  unitKey: string;
  unitName: string;
  /** records checked before the first broken one (all of them when ok) */
  records: number;
  ok: boolean;
  broken?: { recordId: string; seq: number; kind: string; recordedAt: Date; field: string; problem: string };
  /** the last record in the database */
  head: { seq: number; hash: string } | null;
  /** the first record sealed with the record key (HMAC); null: every record is legacy (plain SHA-256) */
  keyedFrom: number | null;
  /** each anchor given for this unit, checked against the database */
  anchors: { seq: number; hash: string; source: string; ok: boolean; problem?: string }[];
  /** records after the last matching anchor: no outside proof yet that they were not deleted or rewritten */
  unanchored: { from: number; to: number } | null;
}

/** An anchor: a unit's chain head as it was seen outside the database (an export, a chat message). */
export interface ChainAnchor {
  /** null: the only unit (or the one `verify --unit` names) */
  unitKey: string | null;
  seq: number;
  hash: string;
  /** where it came from, to name it in the report */
  source: string;
}

/** A hazard, its open task and the context to judge an action on it. */
export interface HazardContext {
  hazard: {
    id: string;
    no: number | null;
    level: 'general' | 'serious' | 'major';
    state: string;
    description: string;
    measures: string;
    stoppedUse: boolean;
    reporterId: string;
    assigneeId: string;
    deadline: Date;
    pausedDevice: boolean;
    rectification: string | null;
    equipmentId: string | null;
  };
  /** how many tasks (rectify, verify, rework) the hazard has had */
  taskCount: number;
  openTask: TaskContext | null;
  /** unit, people and device (from the latest task) */
  ctx: TaskContext;
  /** other unverified hazards that keep the same device paused */
  otherPausingHazards: number;
}

/** A unit (and possibly one of its devices) with its people, for judging an action. */
export interface UnitContext {
  unit: { id: string; key: string; name: string; timeZone: string; settings: unknown };
  /** the device concerned, if any */
  device: DeviceState | null;
  /** the unit's people with their current appointments */
  people: { id: string; name: string; roles: RoleRef[] }[];
}

/** A task with what a use case needs to judge an action on it. */
export interface TaskContext extends UnitContext {
  task: TaskState & { state: string; doneAt: Date | null; late: boolean };
}

/** Structured logging; every failure is logged with the ids needed to trace it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export interface UnitApplyResult {
  key: string;
  created: boolean;
  /** one line per change, in Chinese, e.g. “设备 31101201160003 状态 在用 → 临时停用” */
  changes: string[];
}

export interface RoleHistoryRow {
  personName: string;
  mobile: string;
  role: Role;
  title: string;
  categories: Category[];
  startAt: Date;
  endAt: Date | null;
  reason: string;
}

export interface EquipmentChangeRow {
  field: 'status' | 'officer';
  fromValue: string | null;
  toValue: string;
  at: Date;
  actor: string;
  reason: string;
}

export interface ChecklistView {
  unitKey: string;
  category: Category;
  version: number;
  status: ChecklistStatus;
  effectiveDate: string;
  title: string;
  items: ChecklistItem[];
}

export interface StoreCounts {
  units: number;
  people: number;
  equipment: number;
  roleAssignments: number;
  checklists: number;
}

/** A unit as the tick first sees it: enough to decide whether it has anything to do. */
export interface UnitHeader {
  id: string;
  key: string;
  name: string;
  timeZone: string;
  /** the unit's policy overrides as configured (validated when applied) */
  settings: unknown;
  plannedDate: string | null;
  plannedWeek: string;
  plannedMonth: string;
  /** 停产 periods (local dates) */
  suspensions: { from: string; to?: string | null; reason: string }[];
}

/** A message that was delivered, as needed to redraw its card after an action. */
export interface SentMessage {
  id: string;
  unitId: string;
  personId: string | null;
  payload: Payload;
  platformMessageIds: string[];
  timeZone: string;
}

/** The outcome of one daily task, for the card's read-only line. */
export interface DeviceStatusRow {
  taskKey: string;
  /** cancelled: no longer required as asked (the device paused or resumed during the day, see day-obligation.ts) */
  state: 'done' | 'missed' | 'cancelled';
  /** why it was cancelled */
  reason?: string;
  at: Date | null;
  by: string;
  late: boolean;
  abnormal: number;
}

/** A message of the outbox, claimed for delivery. */
export interface OutboxMessage {
  id: string;
  key: string;
  unitId: string;
  personId: string | null;
  chatId: string | null;
  purpose: string;
  urgent: boolean;
  payload: Payload;
  taskKeys: string[];
  attempts: number;
  createdAt: Date;
}

/** How a delivery ended, as Store.recordOutcomes records it with others of its moment. */
export type OutboxOutcome =
  | { id: string; state: 'sent'; channel: string; platformMessageId: string; at: Date }
  | { id: string; state: 'cancelled'; reason: string };

/** Whom a message goes to, with the chat accounts bound to that person. */
export interface Recipient {
  personId: string | null;
  name: string;
  /** the time zone of the message's unit, to show times as the recipient reads them */
  timeZone: string;
  chatId: string | null;
  identities: { channel: string; externalId: string }[];
  /** the channels the unit file names for this person (`channels: [feishu, telegram]`); absent: decided by binding */
  channels?: string[];
}

/** Someone a channel could not reach, as the dispatcher records it (see RecipientUnreachable). */
export interface UnreachableEntry {
  channel: string;
  unitId: string;
  personId: string | null;
  chatId: string | null;
  /** UnreachableCause */
  cause: string;
  /** the platform's code */
  code: string;
  /** what the adapter said: who, why, what to change */
  detail: string;
}

/** A message given up after its last attempt. */
export interface DeadLetter {
  id: string;
  key: string;
  unitId: string;
  unitKey: string;
  unitName: string;
  personId: string | null;
  /** the person's name, or 群 <chat id> */
  who: string;
  purpose: string;
  attempts: number;
  error: string;
  createdAt: Date;
  deadAt: Date | null;
}

/** A notice to a person or a chat, written by a use case (dead letters). */
export interface NoticeDraft {
  key: string;
  unitId: string;
  unitName: string;
  personId: string | null;
  chatId: string | null;
  text: string;
  notBefore: Date;
}

/** An open episode, for doctor. */
export interface UnreachableRow extends UnreachableEntry {
  unitName: string;
  /** the person's name, or 群 <chat id> */
  who: string;
  since: Date;
  lastAt: Date;
  failures: number;
  notifiedAt: Date | null;
}

/** Where a reply or a file goes on one channel: a person's account, or a chat. */
export interface ChatAddress {
  /** the person's account on the channel (Feishu open_id, Telegram user id) */
  externalId?: string;
  /** a chat (Feishu chat_id, Telegram chat id); wins over externalId */
  chatId?: string;
}

/** A file to send (an export). */
export interface OutgoingFile {
  fileName: string;
  bytes: Uint8Array;
}

/** Handles one inbound event; given to Channel.start (main.ts binds it to handleInbound). */
export type InboundHandler = (event: InboundEvent) => Promise<InboundResult>;

/**
 * One chat platform (Feishu, Telegram, the console): sends and updates prompts, sends text and files,
 * and receives events. Failures are ChannelError { retryable, retryAfterMs } / RecipientUnreachable,
 * classified once by the adapter. Rendering is the channel's: it gets neutral payloads and states.
 */
export interface Channel {
  /** 'feishu' | 'telegram' | 'console' | …: the ChannelIdentity.channel of its accounts, Message.channel of its deliveries */
  readonly name: string;
  /**
   * How long the platform waits for the answer to an action (Feishu: 3 s for card.action.trigger;
   * Telegram: answerCallbackQuery should come at once). handleInbound answers within it and updates
   * the prompt later when the work takes longer.
   */
  readonly answerDeadlineMs: number;
  /**
   * Delivers an outbox message (its payload already enriched) to a recipient. Idempotent per
   * message key where the platform allows (Feishu uuid). The id returned is what markSent records and
   * what InboundAction.promptRef carries back (several messages: ids joined by ',').
   */
  sendPrompt(message: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }>;
  /** Draws a sent prompt again in its new state (read-only after an answer, a device's form opened…). */
  updatePrompt(ref: PromptRef, prompt: PromptRedraw): Promise<void>;
  /** Sends text (command replies, notices); `key` makes a retry idempotent where the platform allows. Returns the platform's message id. */
  sendText(to: ChatAddress, text: string, key: string): Promise<string>;
  /** Sends a file (导出). */
  sendFile(to: ChatAddress, file: OutgoingFile, key: string): Promise<string>;
  /** Starts receiving: every event parsed into an InboundEvent goes to `handler`; its result is rendered by the channel. */
  start(handler: InboundHandler): Promise<void>;
  /** Stops receiving (and any timers); sends in flight may finish. */
  stop(): Promise<void>;
  /** Whether a group chat id is this channel's (a chat id belongs to one channel); absent: the registry decides by its shape. */
  ownsChat?(chatId: string): boolean;
}

/**
 * The outbound half of a Channel, which is all the outbox dispatcher needs (simulations and tests
 * implement only this).
 */
export type PromptSender = Pick<Channel, 'name' | 'sendPrompt'>;

/** The configured channels, and which of them a message goes to. */
export interface ChannelRegistry<C extends PromptSender = Channel> {
  /** every configured channel, in configuration order; the first is the default */
  readonly all: readonly C[];
  get(name: string): C | undefined;
  /**
   * The channels a message to `to` goes through: a chat → the one channel it belongs to; a person →
   * the channels the unit file names for them (those configured), else every configured channel
   * they are bound on, else the first configured channel (which then reports them unbound).
   */
  routeOf(to: Recipient): C[];
}

/** How the engine should cut a tick's work for this database (run-tick.ts). */
export interface TickShape {
  /** units loaded, planned and recorded in one transaction */
  sliceUnits: number;
  /** slices in progress at once */
  concurrentSlices: number;
}

export interface Store {
  /** how ticks should cut their work for this database */
  readonly tickShape: TickShape;
  /**
   * Makes the database hold the units as configured: creates what is new, updates what changed,
   * never duplicates and never deletes. Ended roles, status and officer changes and superseded
   * checklists are kept as history. Each unit is applied in one transaction.
   */
  applyUnits(units: readonly UnitSpec[], at: Date): Promise<UnitApplyResult[]>;
  /** every appointment and adjustment of a unit, oldest first (设立、调整 records) */
  roleHistory(unitKey: string): Promise<RoleHistoryRow[]>;
  /** status and officer changes of one device, oldest first */
  equipmentHistory(code: string): Promise<EquipmentChangeRow[]>;
  /** the 安全风险管控清单 version in force on a local date, or null before the first one */
  checklistInForce(unitKey: string, category: Category, date: string): Promise<ChecklistView | null>;
  /** the unit's 清单 in force on `date`, one per category it has (of `categories`; empty = all), in category order */
  checklistsInForce(unitId: string, categories: readonly Category[], date: string): Promise<ChecklistView[]>;
  counts(): Promise<StoreCounts>;

  // ---- duty engine
  unitHeaders(): Promise<UnitHeader[]>;
  /** ids of units with open tasks whose next instant has come */
  unitsWithDueTasks(now: Date): Promise<Set<string>>;
  loadSnapshots(units: { header: UnitHeader; policy: UnitPolicy }[], now: Date): Promise<UnitSnapshot[]>;
  /** records a tick's decisions in one transaction */
  /** Records decisions in one transaction; they may be produced one unit at a time as they are consumed. */
  recordDecisions(decisions: Iterable<UnitDecisions>, now: Date): Promise<void>;

  // ---- answers
  loadTaskContexts(taskKeys: string[]): Promise<TaskContext[]>;
  loadHazardContext(hazardId: string): Promise<HazardContext | null>;
  loadUnitContext(unitId: string, equipmentId?: string): Promise<UnitContext | null>;
  /** numbers of a period (local dates from..to, instants fromAt..toAt) for the given categories (empty = all) */
  periodStats(
    unitId: string,
    range: { from: string; to: string; fromAt: Date; toAt: Date },
    now: Date,
    categories: string[],
  ): Promise<{ stats: PeriodStats; openHazards: HazardView[] }>;
  /** writes everything one action changes in one transaction; throws StaleStateError when someone acted first */
  commitAnswer(bundle: AnswerBundle): Promise<{ id: string; seq: number; kind: string; hash: string }[]>;

  // ---- lookups (commands, simulations)
  findPeople(query: string): Promise<PersonMatch[]>;
  openTasksOf(personId: string, kinds: string[]): Promise<(TaskState & { unitId: string })[]>;
  /** newest first */
  listHazards(unitId: string, openOnly: boolean): Promise<HazardRow[]>;
  /** the hazard with this 隐患号 in the unit */
  hazardByNo(unitId: string, no: number): Promise<HazardRow | null>;
  /** a hazard's steps from the record chain, oldest first: who did what, when (its history) */
  hazardHistory(unitId: string, hazardId: string): Promise<HazardStep[]>;
  /** exact code / name / 登记证 first, else names containing the text */
  findDevices(unitId: string, query: string): Promise<DeviceState[]>;
  escalatedOpenTasks(personId: string): Promise<string[]>;

  // ---- chat accounts found from mobile numbers
  /** every person (or those given) with their mobile and their accounts on a channel */
  peopleWithMobiles(
    channel: string,
    personIds?: string[],
  ): Promise<{ id: string; name: string; mobile: string; externalIds: string[] }[]>;
  /** makes the platform's id for the person's mobile their account on the channel (replacing other ids there) */
  bindResolvedIdentity(
    channel: string,
    personId: string,
    externalId: string,
    now: Date,
  ): Promise<{ outcome: 'unchanged' | 'bound' | 'replaced'; replaced: string[] }>;

  // ---- inbound
  personByIdentity(channel: string, externalId: string): Promise<{ id: string; name: string } | null>;
  /** records an inbound event id; false when it was seen before (a redelivery) */
  firstDelivery(channel: string, externalId: string, now: Date): Promise<boolean>;
  sentMessageByPlatformId(platformMessageId: string): Promise<SentMessage | null>;
  /** a delivered message by its outbox row id (Telegram buttons carry it); null when unknown or not sent */
  sentMessageById(id: string): Promise<SentMessage | null>;
  dailyStatuses(taskKeys: string[]): Promise<DeviceStatusRow[]>;

  // ---- chat commands
  identityOf(
    channel: string,
    externalId: string,
  ): Promise<{ personId: string; name: string; currentUnitId: string | null } | null>;
  setCurrentUnit(channel: string, externalId: string, unitId: string): Promise<void>;
  createInvite(personId: string, codeHash: string, now: Date, expiresAt: Date): Promise<void>;
  redeemInvite(
    codeHash: string,
    channel: string,
    externalId: string,
    now: Date,
  ): Promise<{ id: string; name: string } | null>;
  getConversation(channel: string, externalId: string, now: Date): Promise<{ kind: string; data: unknown } | null>;
  setConversation(
    channel: string,
    externalId: string,
    c: { kind: string; data: object; expiresAt: Date } | null,
  ): Promise<void>;
  tasksOfPerson(personId: string, unitId: string, dayStart: Date, dayEnd: Date): Promise<TaskRow[]>;
  overdueTasks(
    unitId: string,
    now: Date,
    assigneeId: string | null,
    limit: number,
  ): Promise<{ rows: OverdueRow[]; total: number }>;
  /** tasks closed as missed (缺失) due at or after `since`, oldest first */
  missedTasks(
    unitId: string,
    since: Date,
    assigneeId: string | null,
    limit: number,
  ): Promise<{ rows: TaskRow[]; total: number }>;
  /** wrong invite codes, for the throttle (at most 5 per account and hour) */
  recordBindFailure(channel: string, externalId: string, now: Date): Promise<void>;
  bindFailuresSince(channel: string, externalId: string, since: Date): Promise<Date[]>;
  listDevices(unitId: string, category: Category | null): Promise<DeviceRow[]>;
  /** the unit's appointed people with their certificates and how many training records they have */
  unitCredentials(unitId: string): Promise<PersonCredentials[]>;
  findPeopleByIds(ids: string[]): Promise<{ id: string; name: string }[]>;

  // ---- exports
  /** the facts of one unit over a range of local dates that a document shows; null for an unknown unit */
  exportData(request: ExportRequest): Promise<ExportData | null>;

  /** ledger imports, validated rows in; one transaction; nothing written with dryRun or on a problem */
  /**
   * `earlier`: the file's own problems and every row's code and officer; the database's problems for
   * those rows are added and all reported together (nothing is written while there is any).
   */
  importEquipment(
    unitKey: string,
    rows: EquipmentRow[],
    at: Date,
    dryRun: boolean,
    earlier?: { issues: LedgerProblem[]; refs: LedgerRef[] },
  ): Promise<ImportResult>;
  importPeople(
    unitKey: string,
    rows: PersonRow[],
    at: Date,
    dryRun: boolean,
    earlier?: { issues: LedgerProblem[]; refs: LedgerRef[] },
  ): Promise<ImportResult>;
  /** a record by its place in the unit's chain (-1: the latest) */
  loadRecord(unitKey: string, seq: number): Promise<RecordRow | null>;
  /** recomputes the tamper-evident chain of one unit or all */
  /** the unit's chain checked record by record (with the record key, when configured) and against the anchors given */
  verifyChain(unitKey?: string, anchors?: readonly ChainAnchor[]): Promise<ChainReport[]>;
  /** photos kept for these hazards (app/evidence), oldest first */
  evidenceOfHazards(hazardIds: readonly string[]): Promise<EvidenceRow[]>;
  /** the chain records listing photos, for verify to check the files against */
  evidenceRecords(unitKey?: string): Promise<EvidenceRecord[]>;

  // ---- outbox
  /**
   * Claims up to `limit` messages that are due (notBefore and retry time passed) for delivery,
   * urgent first, in one statement: a lease so that a second instance does not send them at the
   * same time. `attempts` counts this attempt.
   */
  claimDueMessages(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** the states (open | done | missed | cancelled) of the tasks with these keys; unknown keys are absent */
  taskStates(taskKeys: string[]): Promise<Map<string, string>>;
  /** the recipients of a batch of messages, in its order (a few reads for the whole batch) */
  recipientsOf(ms: readonly OutboxMessage[]): Promise<Recipient[]>;
  /** records many messages as sent or cancelled at once (one statement) */
  recordOutcomes(outcomes: readonly OutboxOutcome[]): Promise<void>;
  markSent(id: string, channel: string, platformMessageId: string, now: Date): Promise<void>;
  /** a message routed to several channels: the channels it reached so far, with their platform ids (oldest first) */
  deliveriesOf(messageId: string): Promise<{ channel: string; platformMessageId: string }[]>;
  /** a message routed to several channels reached one of them (sentMessageByPlatformId finds it by these ids too) */
  recordDelivery(messageId: string, channel: string, platformMessageId: string, now: Date): Promise<void>;
  /** retryAt null: given up (dead, dated `now` for the dead-letter notice) */
  markFailed(id: string, error: string, retryAt: Date | null, now?: Date): Promise<void>;
  markCancelled(id: string, reason: string): Promise<void>;
  /** records a failed delivery to someone unreachable; `notified` says whether this episode was already told */
  markUnreachable(entry: UnreachableEntry, now: Date): Promise<{ id: string; episode: number; notified: boolean }>;
  /** puts the notice about an episode in the outbox (once per key) and marks the episode as told */
  notifyUnreachable(
    id: string,
    notice: { key: string; unitId: string; personId: string; unitName: string; text: string },
    now: Date,
  ): Promise<void>;
  /** messages reached these people/groups: their open episodes end (with `openedBefore`: those opened before it) */
  clearUnreachable(
    channel: string,
    reached: { personId: string | null; chatId: string | null }[],
    now: Date,
    openedBefore?: Date,
  ): Promise<void>;
  /** open episodes, for doctor */
  listUnreachable(): Promise<UnreachableRow[]>;
  /** dead messages (given up), oldest death first (store/dead-letters.ts) */
  deadLetters(filter: { unitId?: string; unitKey?: string; since?: Date; limit?: number }): Promise<DeadLetter[]>;
  /** writes a notice, or rewrites it while it has not left yet ('gone': already on its way) */
  putNotice(notice: NoticeDraft, now: Date): Promise<'created' | 'updated' | 'gone'>;
  /** the latest notice whose key starts with the prefix */
  latestNotice(keyPrefix: string): Promise<{ key: string; notBefore: Date; pending: boolean } | null>;
  /** the earliest next instant of any open task, for simulated clocks */
  nextTaskActionAt(): Promise<Date | null>;
  /** the earliest notBefore / retry time of undelivered messages, for simulated clocks */
  nextMessageAt(): Promise<Date | null>;
  // ---- instances sharing the database
  /** takes or renews a lease (compare-and-set); false: another instance holds it */
  takeLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** reserves the next send slot common to these keys (see SendBudget); resolves to when the send may go */
  reserveSendSlot(keys: readonly SlotKey[], now: Date): Promise<Date>;
  pruneSendSlots(before: Date): Promise<number>;
  /** throws when the database cannot be reached */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A rate-limited key of a platform (an app, one receiver of it) and the least time between two sends through it. */
export interface SlotKey {
  key: string;
  intervalMs: number;
  /** how far ahead of its pace the key may run (a burst): 0 = evenly spaced */
  burstMs?: number;
}

/** Paces sends to a platform: `take(receiver)` resolves when a send to that receiver fits the platform's limits. */
export interface SendLimiter {
  take(receiver: string): Promise<void>;
  /**
   * The platform refused a send for its rate limit and said how long to wait: no send through the
   * app (`receiver` null) or to that receiver goes out before `ms` have passed (this instance).
   */
  backOff?(receiver: string | null, ms: number): void;
}
