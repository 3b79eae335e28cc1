/**
 * The hazard lifecycle: open → rectifying (the director confirms the analysis and measures of a
 * serious or major one, with a 研判意见) → rectified (the assignee says what was done) → verified
 * (the director; only then does a device paused for it return to use). A verification can send it
 * back. While it is being rectified the director may hand it to someone else (转交) or give more
 * time (延期, with a reason); both replace the open task and are kept in the record chain.
 */
import {
  HAZARD_STATE_LABELS,
  HAZARD_TEXT_MAX,
  type HazardState,
  rectifyDeadline,
} from '../domain/answers/hazard-rules.js';
import { messageKey, taskKey } from '../domain/engine/keys.js';
import { taskNextAction } from '../domain/engine/next-wake.js';
import type { HazardNotice } from '../domain/engine/payloads.js';
import type { UnitPolicy } from '../domain/engine/policy.js';
import { deliverAfter } from '../domain/engine/quiet-hours.js';
import { formatDay, formatWhen } from '../domain/format-when.js';
import { localDateOf } from '../domain/local-time.js';
import { type AnswerBundle, emptyBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import type { EngineDeps } from './engine-deps.js';
import { afterPhotoRefusal, afterPhotoRequired, hasAfterPhoto } from './evidence/after-photo.js';
import { type Outcome, refuse } from './outcome.js';
import type { AnswersStore, HazardContext, QueriesStore } from './ports.js';
import { policyOf } from './run-tick.js';
import { hasRole, nameOf, peopleWithRole } from './unit-people.js';

type Deps = Pick<EngineDeps<AnswersStore & QueriesStore>, 'store' | 'clock' | 'defaults'> & {
  /** photos are kept as evidence (app/evidence): then a required 整改后 photo must be there before 核实 closes a hazard */
  evidence?: object | undefined;
};

const text = (s: string | undefined) => (s ?? '').trim();

/** Refused, never cut: “整改情况最多 500 字，您填写了 612 字。” */
function tooLong(label: string, s: string): Outcome<never> | null {
  const n = Array.from(text(s)).length;
  return n > HAZARD_TEXT_MAX
    ? refuse('invalid', `${label}最多 ${HAZARD_TEXT_MAX} 字，您填写了 ${n} 字。请精简后再提交（没有保存任何内容）。`)
    : null;
}

/** “#12” for people; the hazard's number, or its description when it has none. */
export const hazardLabel = (h: { no: number | null; description: string }): string =>
  h.no !== null ? `#${h.no}` : `“${h.description.slice(0, 20)}”`;

async function load(deps: Deps, hazardId: string): Promise<Outcome<HazardContext>> {
  const h = await deps.store.loadHazardContext(hazardId);
  return h
    ? { ok: true, value: h }
    : refuse('not_found', '找不到这条隐患记录，请在最新的卡片上操作，或发送“隐患”查看隐患号');
}

function isManager(h: HazardContext, actorId: string): boolean {
  const cat = h.ctx.device?.category ?? null;
  return peopleWithRole(h.ctx, 'director', cat).some((p) => p.id === actorId) || hasRole(h.ctx, actorId, 'principal');
}

const stateLabel = (state: string): string => HAZARD_STATE_LABELS[state as HazardState] ?? state;

/**
 * The director confirms the analysis (研判意见) and the measures of a serious or
 * major hazard; the assignee gets the analysis with the rectification form.
 */
export async function confirmHazard(
  deps: Deps,
  actorId: string,
  hazardId: string,
  note: string,
): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  if (!isManager(h, actorId)) return refuse('forbidden', '只有安全总监或主要负责人可以确认隐患研判');
  if (h.hazard.state !== 'open')
    return refuse('already_done', `隐患${hazardLabel(h.hazard)}已确认研判，目前${stateLabel(h.hazard.state)}`);
  // 令74 第七十条: a serious or major hazard is analysed by the director; the analysis is the record.
  if (h.hazard.level !== 'general' && !text(note))
    return refuse('invalid', '请填写研判意见：原因分析、处置措施和整改要求（必填）');
  const long = tooLong('研判意见', note);
  if (long) return long;
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  b.hazardUpdates.push({ id: hazardId, fromStates: ['open'], data: { state: 'rectifying' } });
  b.records.push({
    kind: 'hazard_confirmed',
    taskKey: h.openTask?.task.key ?? null,
    personId: actorId,
    late: false,
    payload: { hazardId, hazardNo: h.hazard.no, note: text(note) },
  });
  // The assignee learns the analysis with the form again (the
  // same open task), unless the director rectifies it himself.
  const t = h.openTask;
  if (t && t.task.detail?.step === 'rectify') {
    send(b, h, policy, {
      action: 'rectify',
      state: 'rectifying',
      personId: t.task.assigneeId,
      taskKey: t.task.key,
      dueAt: t.task.dueAt,
      note: `研判意见（${nameOf(h.ctx, actorId)}）：${text(note)}`,
      tag: `confirmed`,
    });
  }
  return commitOrRefuse(deps.store, b, `已确认研判 · ${nameOf(h.ctx, actorId)} · 隐患${hazardLabel(h.hazard)}整改中`);
}

/** The assignee reports the rectification; the director is asked to verify it. */
export async function rectifyHazard(
  deps: Deps,
  actorId: string,
  hazardId: string,
  rectification: string,
  doneOn = '',
  /** 整改资金, optional (“1200 元”) */
  funds = '',
): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  if (!text(rectification)) return refuse('invalid', '请填写整改情况：做了什么、结果如何');
  const long = tooLong('整改情况', rectification);
  if (long) return long;
  if ([...funds.trim()].length > 100) return refuse('invalid', `整改资金最多 100 字，请写金额，例如 1200 元`);
  const today = localDateOf(deps.clock.now(), policyOf(deps, h.ctx.unit).timeZone);
  const done = text(doneOn) || today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(done) || done > today)
    return refuse('invalid', `完成日期应为今天（${today}）或更早，格式如 ${today}`);
  const t = h.openTask;
  if (h.hazard.state === 'verified') return refuse('already_done', `隐患${hazardLabel(h.hazard)}已核实关闭`);
  if (!t || t.task.detail?.step === 'verify' || !['open', 'rectifying'].includes(h.hazard.state))
    return refuse('already_done', `隐患${hazardLabel(h.hazard)}已提交整改，等待安全总监核实`);
  if (t.task.assigneeId !== actorId)
    return refuse(
      'forbidden',
      `隐患${hazardLabel(h.hazard)}由 ${nameOf(h.ctx, t.task.assigneeId)} 负责整改，您无权提交`,
    );
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  const late = now > t.task.dueAt;
  b.completeTasks.push({ key: t.task.key, late });
  b.hazardUpdates.push({
    id: hazardId,
    fromStates: ['open', 'rectifying'],
    data: { state: 'rectified', rectification: text(rectification), rectifiedAt: now },
  });
  b.records.push({
    kind: 'hazard_rectified',
    taskKey: t.task.key,
    personId: actorId,
    late,
    payload: {
      hazardId,
      hazardNo: h.hazard.no,
      rectification: text(rectification),
      doneOn: done,
      ...(text(funds) ? { funds: text(funds) } : {}),
    },
  });
  const director =
    peopleWithRole(h.ctx, 'director', h.ctx.device?.category ?? null)[0] ?? peopleWithRole(h.ctx, 'principal')[0];
  if (director)
    followUp(b, h, policy, 'verify', director.id, rectifyDeadline(now, 1, policy.timeZone, policy.schedule.daily.due), {
      rectification: done === today ? text(rectification) : `${text(rectification)}（${formatDay(done)} 完成）`,
    });
  const photos = {
    unitId: h.ctx.unit.id,
    unitKey: h.ctx.unit.key,
    hazardIds: [hazardId],
    stage: 'rectified' as const,
    required: afterPhotoRequired(h.hazard.level),
  };
  return commitOrRefuse(deps.store, b, `已提交整改 · ${nameOf(h.ctx, actorId)} · 隐患${hazardLabel(h.hazard)}待核实`, {
    photos,
  });
}

/** The director verifies: accepted closes the hazard (and resumes a device paused for it); rejected sends it back. */
export async function verifyHazard(
  deps: Deps,
  actorId: string,
  hazardId: string,
  accepted: boolean,
  comment: string,
): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  if (!isManager(h, actorId)) return refuse('forbidden', '只有安全总监或主要负责人可以核实整改');
  if (h.hazard.state !== 'rectified')
    return refuse(
      h.hazard.state === 'verified' ? 'already_done' : 'invalid',
      h.hazard.state === 'verified'
        ? `隐患${hazardLabel(h.hazard)}已核实关闭`
        : `隐患${hazardLabel(h.hazard)}整改尚未提交（${stateLabel(h.hazard.state)}），暂不能核实`,
    );
  if (!accepted && !text(comment)) return refuse('invalid', '退回整改时请写明原因，例如：核实 12 退回 护栏仍松动');
  const long = tooLong('核实意见', comment);
  if (long) return long;
  // A required 整改后 photo keeps the hazard open: closing it needs the proof of the fix (退回 needs none).
  if (accepted && deps.evidence && afterPhotoRequired(h.hazard.level) && !(await hasAfterPhoto(deps.store, h)))
    return refuse(
      'invalid',
      afterPhotoRefusal(nameOf(h.ctx, h.hazard.assigneeId), String(h.hazard.no ?? h.ctx.device?.name ?? '')),
    );
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  if (h.openTask) b.completeTasks.push({ key: h.openTask.task.key, late: now > h.openTask.task.dueAt });
  b.records.push({
    kind: accepted ? 'hazard_verified' : 'hazard_rework',
    taskKey: h.openTask?.task.key ?? null,
    personId: actorId,
    late: false,
    payload: { hazardId, hazardNo: h.hazard.no, accepted, comment: text(comment) },
  });
  if (accepted) {
    b.hazardUpdates.push({
      id: hazardId,
      fromStates: ['rectified'],
      data: { state: 'verified', verifiedAt: now, verifierId: actorId },
    });
    const d = h.ctx.device;
    if (h.hazard.pausedDevice && d && d.status === 'paused' && h.otherPausingHazards === 0) {
      b.statusChanges.push({
        equipmentId: d.id,
        toStatus: 'in_use',
        actorPersonId: actorId,
        actor: nameOf(h.ctx, actorId),
        reason: `隐患已核实消除，恢复使用：${h.hazard.description}`,
      });
    }
    return commitOrRefuse(
      deps.store,
      b,
      `已核实关闭 · ${nameOf(h.ctx, actorId)} · 隐患${hazardLabel(h.hazard)}${b.statusChanges.length ? ' · 设备恢复使用' : ''}`,
    );
  }
  const deadline = rectifyDeadline(
    now,
    policy.schedule.rectify_days[h.hazard.level],
    policy.timeZone,
    policy.schedule.daily.due,
  );
  b.hazardUpdates.push({ id: hazardId, fromStates: ['rectified'], data: { state: 'rectifying', deadline } });
  followUp(b, h, policy, 'rectify', h.hazard.assigneeId, deadline, {
    note: `退回意见（${nameOf(h.ctx, actorId)}）：${text(comment)}`,
  });
  return commitOrRefuse(deps.store, b, `已退回整改 · ${nameOf(h.ctx, actorId)} · 隐患${hazardLabel(h.hazard)}整改中`, {
    tone: 'warning',
  });
}

export { afterPhotoRequired, hasAfterPhoto } from './evidence/after-photo.js';

/** A rectification in progress, for 转交 and 延期: the director's, and only while it is being rectified. */
function openRectification(
  h: HazardContext,
  actorId: string,
  what: string,
): Outcome<NonNullable<HazardContext['openTask']>> {
  if (!isManager(h, actorId)) return refuse('forbidden', `只有安全总监或主要负责人可以${what}隐患整改`);
  if (h.hazard.state === 'verified')
    return refuse('already_done', `隐患${hazardLabel(h.hazard)}已核实关闭，无需${what}`);
  const t = h.openTask;
  if (t?.task.detail?.step !== 'rectify')
    return refuse('invalid', `隐患${hazardLabel(h.hazard)}的整改已提交，等待核实；核实时可退回重新整改`);
  return { ok: true, value: t };
}

/** 转交: the rectification goes to another person of the unit, same deadline; the old task is replaced. */
export async function reassignHazard(
  deps: Deps,
  actorId: string,
  hazardId: string,
  toPersonId: string,
  reason: string,
): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  const o = openRectification(h, actorId, '转交');
  if (!o.ok) return o;
  const t = o.value;
  if (!h.ctx.people.some((p) => p.id === toPersonId)) return refuse('invalid', '只能转交给本单位在职的人员');
  const long = tooLong('转交原因', reason);
  if (long) return long;
  if (t.task.assigneeId === toPersonId)
    return refuse('invalid', `隐患${hazardLabel(h.hazard)}已由 ${nameOf(h.ctx, toPersonId)} 负责整改`);
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  const from = t.task.assigneeId;
  b.cancelTasks.push(t.task.key);
  b.hazardUpdates.push({ id: hazardId, fromStates: ['open', 'rectifying'], data: { assigneeId: toPersonId } });
  const why = text(reason);
  b.records.push({
    kind: 'hazard_reassigned',
    taskKey: t.task.key,
    personId: actorId,
    late: false,
    payload: {
      hazardId,
      hazardNo: h.hazard.no,
      fromPersonId: from,
      from: nameOf(h.ctx, from),
      toPersonId,
      to: nameOf(h.ctx, toPersonId),
      reason: why,
    },
  });
  followUp(b, h, policy, 'rectify', toPersonId, t.task.dueAt, {
    note: `由 ${nameOf(h.ctx, actorId)} 从 ${nameOf(h.ctx, from)} 转交给您${why ? `：${why}` : ''}`,
  });
  return commitOrRefuse(
    deps.store,
    b,
    `已转交 · 隐患${hazardLabel(h.hazard)} ${nameOf(h.ctx, from)} → ${nameOf(h.ctx, toPersonId)}`,
  );
}

/** 延期: a later deadline with a reason (required); the old task is replaced by one due then. */
export async function extendHazard(
  deps: Deps,
  actorId: string,
  hazardId: string,
  deadline: Date,
  reason: string,
): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  // The person rectifying it asks; the director (or principal) grants it with the same command.
  const asks = !isManager(h, actorId) && h.openTask?.task.assigneeId === actorId;
  const o = asks ? openStep(h) : openRectification(h, actorId, '延期');
  if (!o.ok) return o;
  const t = o.value;
  const why = text(reason);
  if (!why) return refuse('invalid', '延期请写明原因，例如：延期 12 3天 等待配件到货');
  const long = tooLong('延期原因', why);
  if (long) return long;
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const tz = policy.timeZone;
  if (deadline <= t.task.dueAt || deadline <= now)
    return refuse('invalid', `新期限须晚于现在的期限 ${formatWhen(t.task.dueAt.toISOString(), { timeZone: tz, now })}`);
  if (asks) return requestExtension(deps, h, t, actorId, deadline, why);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  b.cancelTasks.push(t.task.key);
  b.hazardUpdates.push({ id: hazardId, fromStates: ['open', 'rectifying'], data: { deadline } });
  // Absolute: the note travels in the notice and is read on later days.
  const when = formatWhen(deadline.toISOString(), { timeZone: tz, now });
  b.records.push({
    kind: 'hazard_extended',
    taskKey: t.task.key,
    personId: actorId,
    late: false,
    payload: {
      hazardId,
      hazardNo: h.hazard.no,
      fromDeadline: t.task.dueAt.toISOString(),
      toDeadline: deadline.toISOString(),
      reason: why,
    },
  });
  followUp(b, h, policy, 'rectify', t.task.assigneeId, deadline, {
    note: `${nameOf(h.ctx, actorId)} 将整改期限延至 ${when}：${why}`,
  });
  return commitOrRefuse(deps.store, b, `已延期 · 隐患${hazardLabel(h.hazard)} 期限延至 ${when}`);
}

/** The rectification step open now (for the person rectifying it, who may ask for more time). */
function openStep(h: HazardContext): Outcome<NonNullable<HazardContext['openTask']>> {
  const t = h.openTask;
  if (t?.task.detail?.step !== 'rectify')
    return refuse('invalid', `隐患${hazardLabel(h.hazard)}的整改已提交，等待核实，无需延期`);
  return { ok: true, value: t };
}

/**
 * 申请延期: the person rectifying a hazard asks for a later deadline. Recorded (hazard_extension_requested)
 * and sent to the unit's director(s) for the device's category, or the principal, with the command
 * that grants it; the deadline stays until one of them does.
 */
async function requestExtension(
  deps: Deps,
  h: HazardContext,
  t: NonNullable<HazardContext['openTask']>,
  actorId: string,
  deadline: Date,
  why: string,
): Promise<Outcome<string>> {
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const tz = policy.timeZone;
  const cat = h.ctx.device?.category ?? null;
  const directors = peopleWithRole(h.ctx, 'director', cat);
  const deciders = directors.length ? directors : peopleWithRole(h.ctx, 'principal', null);
  if (deciders.length === 0)
    return refuse('invalid', '本单位没有安全总监或主要负责人可以批准延期，请联系管理员在单位文件中登记');
  const when = formatWhen(deadline.toISOString(), { timeZone: tz, now });
  const day = localDateOf(deadline, tz);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  b.records.push({
    kind: 'hazard_extension_requested',
    taskKey: t.task.key,
    personId: actorId,
    late: false,
    payload: {
      hazardId: h.hazard.id,
      hazardNo: h.hazard.no,
      fromDeadline: t.task.dueAt.toISOString(),
      toDeadline: deadline.toISOString(),
      reason: why,
    },
  });
  const no = h.hazard.no ?? '';
  const ask =
    `${nameOf(h.ctx, actorId)} 申请将隐患${hazardLabel(h.hazard)}的整改期限延至 ${when}：${why}。同意请回复“延期 ${no}` +
    ` ${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${why}”（可改期限）；不同意无需操作，原期限不变。`;
  for (const p of deciders)
    b.messages.push({
      key: messageKey(b.unitKey, `hazard:${h.hazard.id}`, `extension-asked:${now.getTime()}`, h.taskCount, p.id),
      group: `hazard:${h.hazard.id}`,
      personId: p.id,
      chatId: null,
      purpose: 'notice',
      urgent: false,
      payload: { type: 'notice', unitName: h.ctx.unit.name, text: ask },
      taskKeys: [],
      notBefore: deliverAfter(now, false, policy.quietHours, tz),
    });
  return commitOrRefuse(
    deps.store,
    b,
    `已申请延期 · 隐患${hazardLabel(h.hazard)} 延至 ${when}，等待 ${deciders.map((p) => p.name).join('、')} 批准；批准前请按原期限整改`,
    { tone: 'info' },
  );
}

/** The next task of a hazard (verify, rework, or a replacement) and the message that asks for it. */
function followUp(
  b: AnswerBundle,
  h: HazardContext,
  policy: UnitPolicy,
  step: 'verify' | 'rectify',
  assigneeId: string,
  dueAt: Date,
  extra: { rectification?: string; note?: string },
): void {
  const tz = policy.timeZone;
  const period = localDateOf(b.at, tz);
  const key = taskKey(b.unitKey, 'hazard', period, `${h.hazard.id}:${step}:${h.taskCount + 1}`);
  const task = {
    key,
    kind: 'hazard' as const,
    period,
    subjectId: h.hazard.id,
    assigneeId,
    opensAt: b.at,
    dueAt,
    closesAt: null,
    state: 'open' as const,
    detail: {
      step,
      level: h.hazard.level,
      description: h.hazard.description,
      equipmentId: h.hazard.equipmentId,
      category: h.ctx.device?.category ?? null,
      ...(h.hazard.no !== null ? { hazardNo: h.hazard.no } : {}),
    },
  };
  b.tasks.push({ ...task, nextActionAt: taskNextAction({ policy }, task, b.at) });
  send(b, h, policy, {
    action: step,
    state: step === 'verify' ? 'rectified' : 'rectifying',
    personId: assigneeId,
    taskKey: key,
    dueAt,
    tag: `${step}`,
    ...extra,
  });
}

/** A hazard card to the person who must act next. */
function send(
  b: AnswerBundle,
  h: HazardContext,
  policy: UnitPolicy,
  m: {
    action: HazardNotice['action'];
    state: HazardNotice['state'];
    personId: string;
    taskKey: string;
    dueAt: Date;
    tag: string;
    rectification?: string;
    note?: string;
  },
): void {
  const urgent = h.hazard.level !== 'general';
  const payload: HazardNotice = {
    type: 'hazard_notice',
    unitName: h.ctx.unit.name,
    hazardId: h.hazard.id,
    ...(h.hazard.no !== null ? { hazardNo: h.hazard.no } : {}),
    state: m.state,
    taskKey: m.taskKey,
    action: m.action,
    level: h.hazard.level,
    description: h.hazard.description,
    measures: h.hazard.measures,
    stoppedUse: h.hazard.stoppedUse,
    device: h.ctx.device ? h.ctx.device.name : null,
    reporter: nameOf(h.ctx, h.hazard.reporterId),
    deadline: m.dueAt.toISOString(),
    ...(m.rectification ? { rectification: m.rectification } : {}),
    ...(m.note ? { note: m.note } : {}),
  };
  b.messages.push({
    key: messageKey(b.unitKey, `hazard:${h.hazard.id}`, m.tag, h.taskCount + 1, m.personId),
    group: `hazard:${h.hazard.id}`,
    personId: m.personId,
    chatId: null,
    purpose: 'hazard',
    urgent,
    payload,
    taskKeys: [m.taskKey],
    notBefore: deliverAfter(b.at, urgent, policy.quietHours, policy.timeZone),
  });
}
