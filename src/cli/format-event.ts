/** A simulation event as one readable Chinese line, grouped by local day. */
import type { SimEvent } from '../app/simulation/events.js';
import { KIND_LABELS } from '../domain/engine/labels.js';
import { localDateOf, localTimeOf, weekdayOf } from '../domain/local-time.js';

const EVENT = {
  prompt: '发送任务',
  reminder: '提醒',
  escalation: '催办升级',
  hazard: '隐患通知',
  advice: '意见建议',
  notice: '通知',
  record: '提交记录',
  refused: '未能提交',
  non_operating_day: '非运行日',
  missed: '记为缺失',
} as const;
const ROLE: Record<string, string> = { principal: '主要负责人', director: '安全总监', officer: '安全员', chat: '群聊' };
const WEEKDAY = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function formatEvent(e: SimEvent, tz: string): { day: string; line: string } {
  const at = new Date(e.at);
  const date = localDateOf(at, tz);
  const person = e.to
    ? `→ ${e.to.name}（${ROLE[e.to.role] ?? e.to.role}）`
    : e.by
      ? `${e.by.name}（${ROLE[e.by.role] ?? e.by.role}）`
      : '';
  const what = [e.task ? KIND_LABELS[e.task] : '', e.period && e.period !== date ? e.period : '']
    .filter(Boolean)
    .join(' ');
  const detail =
    e.event === 'prompt' || e.event === 'reminder' || e.event === 'escalation'
      ? e.devices?.length
        ? `：${e.devices.join('、')}`
        : ''
      : `：${e.text.split('\n')[0]}`;
  const subject = [person, what].filter(Boolean).join(' ');
  return {
    day: `${date} ${WEEKDAY[weekdayOf(date)]}`,
    line: `${localTimeOf(at, tz)} ${EVENT[e.event]} ${subject}${detail}`.replace(/\s+/g, ' '),
  };
}
