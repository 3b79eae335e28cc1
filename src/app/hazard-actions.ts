/**
 * The hazard lifecycle: open → rectifying (the director confirms the analysis and measures of a
 * serious or major one) → rectified (the assignee says what was done) → verified (the director;
 * only then does a device paused for it return to use). A verification can send it back.
 */
import { rectifyDeadline } from '../domain/answers/hazard-rules.js';
import { messageKey, taskKey } from '../domain/engine/keys.js';
import { taskNextAction } from '../domain/engine/next-wake.js';
import { deliverAfter } from '../domain/engine/quiet-hours.js';
import type { HazardNotice } from '../domain/engine/payloads.js';
import type { UnitPolicy } from '../domain/engine/policy.js';
import { localDateOf } from '../domain/local-time.js';
import { emptyBundle, type AnswerBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import type { EngineDeps } from './engine-deps.js';
import { refuse, type Outcome } from './outcome.js';
import type { HazardContext } from './ports.js';
import { policyOf } from './run-tick.js';
import { hasRole, nameOf, peopleWithRole } from './unit-people.js';

type Deps = Pick<EngineDeps, 'store' | 'clock' | 'defaults'>;

const text = (s: string | undefined) => (s ?? '').trim();

async function load(deps: Deps, hazardId: string): Promise<Outcome<HazardContext>> {
  const h = await deps.store.loadHazardContext(hazardId);
  return h ? { ok: true, value: h } : refuse('not_found', '找不到这条隐患记录，请在最新的卡片上操作');
}

function isManager(h: HazardContext, actorId: string): boolean {
  const cat = h.ctx.device?.category ?? null;
  return peopleWithRole(h.ctx, 'director', cat).some((p) => p.id === actorId) || hasRole(h.ctx, actorId, 'principal');
}

/** The director confirms the analysis and the measures of a serious or major hazard. */
export async function confirmHazard(deps: Deps, actorId: string, hazardId: string, note: string): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  if (!isManager(h, actorId)) return refuse('forbidden', '只有安全总监或主要负责人可以确认隐患研判');
  if (h.hazard.state !== 'open') return refuse('already_done', '这条隐患已确认研判，正在整改');
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, deps.clock.now());
  b.hazardUpdates.push({ id: hazardId, fromStates: ['open'], data: { state: 'rectifying' } });
  b.records.push({ kind: 'hazard_confirmed', taskKey: h.openTask?.task.key ?? null, personId: actorId, late: false, payload: { hazardId, note: text(note) } });
  return commitOrRefuse(deps.store, b, `已确认研判 · ${nameOf(h.ctx, actorId)}`);
}

/** The assignee reports the rectification; the director is asked to verify it. */
export async function rectifyHazard(deps: Deps, actorId: string, hazardId: string, rectification: string): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  if (!text(rectification)) return refuse('invalid', '请填写整改情况：做了什么、结果如何');
  const t = h.openTask;
  if (!t || t.task.detail?.step === 'verify' || !['open', 'rectifying'].includes(h.hazard.state)) return refuse('already_done', '这条隐患已提交整改，等待安全总监核实');
  if (t.task.assigneeId !== actorId) return refuse('forbidden', `此隐患由 ${nameOf(h.ctx, t.task.assigneeId)} 负责整改，您无权提交`);
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  const late = now > t.task.dueAt;
  b.completeTasks.push({ key: t.task.key, late });
  b.hazardUpdates.push({ id: hazardId, fromStates: ['open', 'rectifying'], data: { state: 'rectified', rectification: text(rectification), rectifiedAt: now } });
  b.records.push({ kind: 'hazard_rectified', taskKey: t.task.key, personId: actorId, late, payload: { hazardId, rectification: text(rectification) } });
  const director = peopleWithRole(h.ctx, 'director', h.ctx.device?.category ?? null)[0] ?? peopleWithRole(h.ctx, 'principal')[0];
  if (director) followUp(b, h, policy, 'verify', director.id, rectifyDeadline(now, 1, policy.timeZone, policy.schedule.daily.due), text(rectification));
  return commitOrRefuse(deps.store, b, `已提交整改 · ${nameOf(h.ctx, actorId)}`);
}

/** The director verifies: accepted closes the hazard (and resumes a device paused for it); rejected sends it back. */
export async function verifyHazard(deps: Deps, actorId: string, hazardId: string, accepted: boolean, comment: string): Promise<Outcome<string>> {
  const l = await load(deps, hazardId);
  if (!l.ok) return l;
  const h = l.value;
  if (!isManager(h, actorId)) return refuse('forbidden', '只有安全总监或主要负责人可以核实整改');
  if (h.hazard.state !== 'rectified') return refuse(h.hazard.state === 'verified' ? 'already_done' : 'invalid', h.hazard.state === 'verified' ? '这条隐患已核实关闭' : '整改尚未提交，暂不能核实');
  if (!accepted && !text(comment)) return refuse('invalid', '退回整改时请写明原因');
  const now = deps.clock.now();
  const policy = policyOf(deps, h.ctx.unit);
  const b = emptyBundle(h.ctx.unit.id, h.ctx.unit.key, now);
  if (h.openTask) b.completeTasks.push({ key: h.openTask.task.key, late: now > h.openTask.task.dueAt });
  b.records.push({ kind: accepted ? 'hazard_verified' : 'hazard_rework', taskKey: h.openTask?.task.key ?? null, personId: actorId, late: false, payload: { hazardId, accepted, comment: text(comment) } });
  if (accepted) {
    b.hazardUpdates.push({ id: hazardId, fromStates: ['rectified'], data: { state: 'verified', verifiedAt: now, verifierId: actorId } });
    const d = h.ctx.device;
    if (h.hazard.pausedDevice && d && d.status === 'paused' && h.otherPausingHazards === 0) {
      b.statusChanges.push({ equipmentId: d.id, toStatus: 'in_use', actorPersonId: actorId, actor: nameOf(h.ctx, actorId), reason: `隐患已核实消除，恢复使用：${h.hazard.description}` });
    }
    return commitOrRefuse(deps.store, b, `已核实关闭 · ${nameOf(h.ctx, actorId)}${b.statusChanges.length ? ' · 设备恢复使用' : ''}`);
  }
  const deadline = rectifyDeadline(now, policy.schedule.rectify_days[h.hazard.level], policy.timeZone, policy.schedule.daily.due);
  b.hazardUpdates.push({ id: hazardId, fromStates: ['rectified'], data: { state: 'rectifying', deadline } });
  followUp(b, h, policy, 'rectify', h.hazard.assigneeId, deadline, text(comment));
  return commitOrRefuse(deps.store, b, `已退回整改 · ${nameOf(h.ctx, actorId)}`);
}

/** The next task of a hazard (verify or rework) and the message that asks for it. */
function followUp(b: AnswerBundle, h: HazardContext, policy: UnitPolicy, step: 'verify' | 'rectify', assigneeId: string, dueAt: Date, note: string): void {
  const tz = policy.timeZone;
  const period = localDateOf(b.at, tz);
  const key = taskKey(b.unitKey, 'hazard', period, `${h.hazard.id}:${step}:${h.taskCount + 1}`);
  const task = { key, kind: 'hazard' as const, period, subjectId: h.hazard.id, assigneeId, opensAt: b.at, dueAt, closesAt: null, state: 'open' as const, detail: { step, level: h.hazard.level, description: h.hazard.description, equipmentId: h.hazard.equipmentId, category: h.ctx.device?.category ?? null } };
  b.tasks.push({ ...task, nextActionAt: taskNextAction({ policy }, task, b.at) });
  const urgent = h.hazard.level !== 'general';
  const payload: HazardNotice = {
    type: 'hazard_notice',
    unitName: h.ctx.unit.name,
    hazardId: h.hazard.id,
    taskKey: key,
    action: step,
    level: h.hazard.level,
    description: h.hazard.description,
    measures: h.hazard.measures,
    stoppedUse: h.hazard.stoppedUse,
    device: h.ctx.device ? h.ctx.device.name : null,
    reporter: nameOf(h.ctx, h.hazard.reporterId),
    deadline: dueAt.toISOString(),
    rectification: note || undefined,
  };
  b.messages.push({ key: messageKey(b.unitKey, `hazard:${h.hazard.id}`, step, h.taskCount + 1, assigneeId), group: `hazard:${h.hazard.id}`, personId: assigneeId, chatId: null, purpose: 'hazard', urgent, payload, taskKeys: [key], notBefore: deliverAfter(b.at, urgent, policy.quietHours, tz) });
}
