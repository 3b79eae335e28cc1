/** The checks every action on a task starts with: who may act, and whether it is still open. */

import { whenIn } from './format.js';
import { type Outcome, refuse } from './outcome.js';
import type { TaskContext } from './ports.js';
import { hasRole, nameOf } from './unit-people.js';

export interface GateOptions {
  /** roles that may act besides the assignee (e.g. a director verifying) */
  alsoRoles?: ('director' | 'principal')[];
}

export function gate(ctx: TaskContext, actorId: string, now: Date, opts: GateOptions = {}): Outcome<null> {
  const t = ctx.task;
  const tz = ctx.unit.timeZone;
  const mayAct = t.assigneeId === actorId || (opts.alsoRoles ?? []).some((r) => hasRole(ctx, actorId, r));
  if (!mayAct) return refuse('forbidden', `此卡片由 ${nameOf(ctx, t.assigneeId)} 负责，您无权提交`);
  if (t.state === 'done')
    return refuse('already_done', `已于 ${t.doneAt ? whenIn(t.doneAt, tz, now) : ''} 提交，无需重复提交`);
  if (t.state === 'cancelled') {
    const why = (t.detail?.cancelled as { reason?: string } | undefined)?.reason;
    return refuse(
      'closed',
      why ? `此项已取消：${why}。如收到新的检查卡片，请在新卡片上提交` : '此事项已取消，无需处理',
    );
  }
  if (t.state === 'missed' || (t.closesAt && now >= t.closesAt))
    return refuse('closed', `${t.period} 的周期已结束，无法再提交；如需补充说明，请联系安全总监`);
  return { ok: true, value: null };
}
