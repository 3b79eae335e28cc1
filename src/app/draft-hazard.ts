/**
 * Adds a new hazard to a bundle with everything it sets in motion: the rectification task for the
 * device's officer, the device paused when it must be, and the director and principal told at once.
 */

import type { HazardLevel } from '../domain/answers/daily-answer.js';
import { hazardConsequences, rectifyDeadline } from '../domain/answers/hazard-rules.js';
import { messageKey, taskKey } from '../domain/engine/keys.js';
import { taskNextAction } from '../domain/engine/next-wake.js';
import type { HazardNotice } from '../domain/engine/payloads.js';
import type { UnitPolicy } from '../domain/engine/policy.js';
import { deliverAfter } from '../domain/engine/quiet-hours.js';
import { localDateOf } from '../domain/local-time.js';
import type { AnswerBundle } from './answer-bundle.js';
import type { Ids, TaskContext } from './ports.js';
import { nameOf, peopleWithRole } from './unit-people.js';

export interface HazardInput {
  level: HazardLevel;
  description: string;
  measures: string;
  stoppedUse: boolean;
  reporterId: string;
  device: TaskContext['device'];
}

export function draftHazard(
  b: AnswerBundle,
  ctx: Pick<TaskContext, 'unit' | 'people'>,
  policy: UnitPolicy,
  ids: Ids,
  h: HazardInput,
): string {
  const tz = policy.timeZone;
  const c = hazardConsequences(h.level, h.stoppedUse, policy.schedule.rectify_days);
  const id = ids.newId();
  const assigneeId = h.device?.officerId ?? h.reporterId;
  const deadline = rectifyDeadline(b.at, c.rectifyDays, tz, policy.schedule.daily.due);
  const pause = c.pauseDevice && h.device !== null && h.device.status === 'in_use';
  b.hazards.push({
    id,
    equipmentId: h.device?.id ?? null,
    level: h.level,
    description: h.description,
    measures: h.measures,
    stoppedUse: h.stoppedUse || pause,
    state: c.state,
    reporterId: h.reporterId,
    assigneeId,
    deadline,
    pausedDevice: pause,
  });

  const key = taskKey(b.unitKey, 'hazard', localDateOf(b.at, tz), `${id}:rectify`);
  const task = {
    key,
    kind: 'hazard' as const,
    period: localDateOf(b.at, tz),
    subjectId: id,
    assigneeId,
    opensAt: b.at,
    dueAt: deadline,
    closesAt: null,
    state: 'open' as const,
    detail: {
      step: 'rectify',
      level: h.level,
      description: h.description,
      equipmentId: h.device?.id ?? null,
      category: h.device?.category ?? null,
    },
  };
  b.tasks.push({ ...task, nextActionAt: taskNextAction({ policy }, task, b.at) });

  if (pause) {
    b.statusChanges.push({
      equipmentId: h.device!.id,
      toStatus: 'paused',
      actorPersonId: h.reporterId,
      actor: nameOf(ctx, h.reporterId),
      reason: `${h.level === 'major' ? '重大' : '严重'}隐患，停止使用：${h.description}`,
    });
  }

  const notice = (action: HazardNotice['action'], taskKeyOf: string | null): HazardNotice => ({
    type: 'hazard_notice',
    unitName: ctx.unit.name,
    hazardId: id,
    state: c.state,
    taskKey: taskKeyOf,
    action,
    level: h.level,
    description: h.description,
    measures: h.measures,
    stoppedUse: h.stoppedUse || pause,
    device: h.device ? h.device.name : null,
    reporter: nameOf(ctx, h.reporterId),
    deadline: deadline.toISOString(),
  });
  const send = (action: HazardNotice['action'], personId: string, taskKeyOf: string | null) =>
    b.messages.push({
      key: messageKey(b.unitKey, `hazard:${id}`, action === 'inform' ? 'hazard' : action, 0, personId),
      group: `hazard:${id}`,
      personId,
      chatId: null,
      purpose: 'hazard',
      urgent: c.urgent,
      payload: notice(action, taskKeyOf),
      taskKeys: taskKeyOf ? [taskKeyOf] : [],
      notBefore: deliverAfter(b.at, c.urgent, policy.quietHours, tz),
    });
  // Every finding reaches the director (令74: 及时上报安全总监); serious and major ones also the principal, at once.
  // A person who must act gets the card even when they found the hazard themselves: the director
  // who reports one still confirms it, and the officer who finds one on their own device rectifies it.
  const told = new Set<string>();
  const notify = c.notify.length ? c.notify : [{ role: 'director' as const, action: 'inform' as const }];
  for (const n of notify) {
    for (const p of peopleWithRole(ctx, n.role, h.device?.category ?? null)) {
      if (told.has(p.id) || (n.action === 'inform' && p.id === h.reporterId)) continue;
      told.add(p.id);
      send(n.action, p.id, null);
    }
  }
  send('rectify', assigneeId, key);
  return id;
}
