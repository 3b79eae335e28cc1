/**
 * Prompts, reminders and escalations for the unit's open tasks. Messages are grouped: one prompt
 * per officer and day listing all their devices, one escalation per recipient and level listing
 * everything late. Nothing is planned twice (message keys), nothing goes to someone who said
 * 已知悉 for that task, and reminders whose moment passed while the service was down are skipped.
 */

import { inspectionOverdue, overdueInspectionLine } from '../deadlines.js';
import type { CheckGroup } from '../model.js';
import type { ChecklistItem } from '../unit-spec.js';
import { messageKey } from './keys.js';
import { taskLabel } from './labels.js';
import { levelTimes } from './next-wake.js';
import { type DailyDeviceView, type ItemRef, type ItemView, PAUSED_ITEM, type Payload } from './payloads.js';
import { deliverAfter } from './quiet-hours.js';
import { devicesById, resolveTargets } from './recipients.js';
import type { NewMessage, TaskState, UnitSnapshot } from './snapshot.js';

/**
 * Tasks grouped in one message share a group id: a period for routine work; each hazard, advice
 * or resolution task on its own (a hazard's rectify, verify and rework steps each escalate).
 */
export function messageGroup(t: Pick<TaskState, 'kind' | 'period' | 'key' | 'subjectId'>): string {
  if (t.kind === 'daily' || t.kind === 'weekly' || t.kind === 'monthly') return `${t.kind}:${t.period}`;
  // task:<unit>:<kind>:<period>:<subject…> — the subject part names the step (hazard:<id>:verify:2).
  const subject = t.key.split(':').slice(4).join(':');
  return subject.startsWith(t.subjectId) ? `${t.kind}:${subject}` : `${t.kind}:${t.subjectId}:${subject}`;
}

export function planPrompts(u: UnitSnapshot, open: TaskState[], now: Date): NewMessage[] {
  const byRecipient = new Map<string, TaskState[]>();
  const groups = new Map<string, string>();
  for (const t of open) {
    if (!['daily', 'weekly', 'monthly'].includes(t.kind) || now < t.opensAt || (t.closesAt && now >= t.closesAt))
      continue;
    // A task issued during the day (day-obligation.ts) is prompted on its own: its revision is part of the key.
    const k = messageKey(u.key, messageGroup(t), 'prompt', revisionOf(t), t.assigneeId);
    if (u.messageKeys.has(k)) continue;
    const list = byRecipient.get(k);
    if (list) list.push(t);
    else {
      byRecipient.set(k, [t]);
      groups.set(k, messageGroup(t));
    }
  }
  return [...byRecipient].map(([key, tasks]) => {
    const first = tasks[0]!;
    return {
      key,
      group: groups.get(key)!,
      personId: first.assigneeId,
      chatId: null,
      purpose: 'prompt' as const,
      urgent: false,
      payload: promptPayload(u, first, tasks),
      taskKeys: tasks.map((t) => t.key),
      notBefore: deliverAfter(now, false, u.policy.quietHours, u.policy.timeZone),
    };
  });
}

function promptPayload(u: UnitSnapshot, first: TaskState, tasks: TaskState[]): Payload {
  const dueAt = first.dueAt.toISOString();
  if (first.kind === 'weekly')
    return {
      type: 'weekly_review',
      unitName: u.name,
      taskKey: first.key,
      period: first.period,
      dueAt,
      categories: (first.detail?.categories as never) ?? [],
    };
  if (first.kind === 'monthly')
    return { type: 'monthly_dispatch', unitName: u.name, taskKey: first.key, period: first.period, dueAt };
  const devices: DailyDeviceView[] = [];
  const notes: string[] = [];
  const byId = devicesById(u);
  for (const t of tasks) {
    const d = byId.get(t.subjectId);
    if (!d) continue;
    const paused = t.detail?.paused === true;
    const items = paused ? [PAUSED_ITEM] : itemViews(u.dailyItems[d.category] ?? []);
    const overdue = inspectionOverdue(d.nextInspectionDate, t.period);
    devices.push({
      taskKey: t.key,
      equipmentId: d.id,
      code: d.code,
      name: d.name,
      location: d.location,
      category: d.category,
      paused,
      items,
      ...(overdue ? { inspectionOverdue: { nextInspectionDate: d.nextInspectionDate! } } : {}),
    });
    const issued = t.detail?.issued as { reason?: string } | undefined;
    if (issued?.reason) notes.push(`${d.name}：${issued.reason}`);
    // Said where the card already shows the day's notices (the view builders may show the device fact too).
    if (overdue && !paused) notes.push(overdueInspectionLine(d.name, d.nextInspectionDate!));
  }
  devices.sort((a, b) => a.code.localeCompare(b.code));
  return {
    type: 'daily_check',
    unitName: u.name,
    date: first.period,
    dueAt,
    devices,
    ...(notes.length ? { notice: notes.sort().join('\n') } : {}),
  };
}

/** 0 for the tasks opened in the morning; the instant of the status change for a task issued during the day. */
const revisionOf = (t: Pick<TaskState, 'detail'>): number =>
  typeof t.detail?.revision === 'number' ? t.detail.revision : 0;

// The views of one checklist are the same for every device and prompt of a tick; sharing them keeps
// a city's 08:30 decisions (50,000 devices × a dozen items) small. Payloads are never mutated.
const views = new WeakMap<readonly ChecklistItem[], ItemView[]>();

function itemViews(items: readonly ChecklistItem[]): ItemView[] {
  let v = views.get(items);
  if (!v) {
    v = items.map((it, i) => ({
      seq: i + 1,
      group: it.group as CheckGroup,
      content: it.content,
      standard: it.standard,
      required: it.required,
    }));
    views.set(items, v);
  }
  return v;
}

interface Pending {
  key: string;
  group: string;
  personId: string | null;
  chatId: string | null;
  purpose: 'reminder' | 'escalation';
  /** escalation level as people count it: 1 = the first one after the due time */
  level: number;
  urgent: boolean;
  tasks: TaskState[];
}

export function planEscalations(
  u: UnitSnapshot,
  open: TaskState[],
  newKeys: ReadonlySet<string>,
  now: Date,
): NewMessage[] {
  const pending = new Map<string, Pending>();
  for (const t of open) {
    const levels = u.policy.escalation[t.kind] ?? [];
    const times = levelTimes(u.policy, t);
    levels.forEach((level, i) => {
      const at = times[i];
      // When the period closes, every escalation level not yet sent goes at once — also one set
      // after the close (a principal at +7 h): the miss is told, never dropped with the task.
      const closed = t.closesAt !== null && now >= t.closesAt;
      if (!at || (at > now && !(closed && at >= t.dueAt))) return;
      const before = at < t.dueAt;
      // A reminder is pointless once the due time has passed, or right after the prompt itself.
      if (before && (now >= t.dueAt || newKeys.has(t.key))) return;
      const purpose = before ? 'reminder' : 'escalation';
      const urgent = t.kind === 'hazard' && t.detail?.level !== 'general';
      const people = resolveTargets(u, t, level.to).filter((p) => !u.acks.has(`${t.id}:${p}`));
      const recipients = [
        ...people.map((p) => ({ personId: p, chatId: null })),
        ...level.chats.map((c) => ({ personId: null, chatId: c })),
      ];
      for (const r of recipients) {
        const key = messageKey(u.key, messageGroup(t), purpose, i + 1, r.personId ?? `chat-${r.chatId}`);
        if (u.messageKeys.has(key)) continue;
        const ordinal = times.slice(0, i + 1).filter((x) => x !== null && x >= t.dueAt).length;
        const p = pending.get(key) ?? { key, group: messageGroup(t), ...r, purpose, level: ordinal, urgent, tasks: [] };
        p.tasks.push(t);
        p.urgent ||= urgent;
        pending.set(key, p);
      }
    });
  }
  return [...pending.values()].map((p) => ({
    key: p.key,
    group: p.group,
    personId: p.personId,
    chatId: p.chatId,
    purpose: p.purpose,
    urgent: p.urgent,
    payload: escalationPayload(u, p),
    taskKeys: p.tasks.map((t) => t.key),
    notBefore: deliverAfter(now, p.urgent, u.policy.quietHours, u.policy.timeZone),
  }));
}

function escalationPayload(u: UnitSnapshot, p: Pending): Payload {
  const first = p.tasks[0]!;
  const ref = (t: TaskState): ItemRef => {
    const deviceId = t.kind === 'daily' ? t.subjectId : (t.detail?.equipmentId as string | undefined);
    const device = deviceId ? devicesById(u).get(deviceId)?.name : undefined;
    const step = t.detail?.step;
    const hazard =
      t.kind === 'hazard' && (step === 'rectify' || step === 'verify')
        ? {
            hazard: {
              id: t.subjectId,
              step: step as 'rectify' | 'verify',
              ...(typeof t.detail?.hazardNo === 'number' ? { no: t.detail.hazardNo } : {}),
            },
          }
        : {};
    return { taskKey: t.key, label: taskLabel(u, t), ...(device ? { device } : {}), ...hazard };
  };
  const base = { unitName: u.name, kind: first.kind, period: first.period, dueAt: first.dueAt.toISOString() };
  if (p.purpose === 'reminder') return { type: 'reminder', ...base, items: p.tasks.map(ref) };
  const byPerson = new Map<string, TaskState[]>();
  for (const t of p.tasks) byPerson.set(t.assigneeId, [...(byPerson.get(t.assigneeId) ?? []), t]);
  const groups = [...byPerson].map(([id, tasks]) => ({
    person: { id, name: u.people.find((x) => x.id === id)?.name ?? '（未知）' },
    items: tasks.map(ref),
  }));
  return { type: 'escalation', ...base, level: p.level, groups };
}
