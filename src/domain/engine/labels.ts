/**
 * How tasks are named: the kind of work (one set of words for
 * cards, messages, commands and logs), and a task in a list.
 */
import type { TaskKind } from './policy.js';
import { devicesById } from './recipients.js';
import type { TaskState, UnitSnapshot } from './snapshot.js';

export function taskLabel(
  u: Pick<UnitSnapshot, 'devices'>,
  t: Pick<TaskState, 'kind' | 'period' | 'subjectId' | 'detail'>,
): string {
  switch (t.kind) {
    case 'daily': {
      const d = devicesById(u).get(t.subjectId);
      return d ? `${d.name}（${d.code}）日管控检查` : '日管控检查';
    }
    case 'weekly':
      return `${t.period} 周排查报告`;
    case 'monthly':
      return `${t.period} 月调度会议纪要`;
    case 'hazard':
      return `隐患${t.detail?.step === 'verify' ? '核实' : '整改'}：${String(t.detail?.description ?? '')}`;
    case 'advice':
      return `答复意见建议：${String(t.detail?.content ?? '')}`;
    case 'resolution':
      return `调度决议：${String(t.detail?.content ?? '')}`;
  }
}

/** What a task asks for, as a noun (“日管控检查”), for a count of several. */
export const TASK_NOUNS: Record<TaskState['kind'], string> = {
  daily: '日管控检查',
  weekly: '周排查报告',
  monthly: '月调度会议纪要',
  hazard: '隐患整改',
  advice: '意见建议答复',
  resolution: '调度决议',
};

/**
 * The kind of work a task is, as a person reads it in a title or a list (“提醒 · 日管控 …截止”,
 * “催办 · 意见建议答复 2026-12 已逾期”, “意见建议答复：…” in 待办). The one map every channel,
 * command reply and log uses.
 */
export const KIND_LABELS: Record<TaskKind, string> = {
  daily: '日管控',
  weekly: '周排查',
  monthly: '月调度',
  hazard: '隐患整改',
  advice: '意见建议答复',
  resolution: '调度决议',
};
