/**
 * Plain-text rendering of the neutral prompt model: the console channel, logs and simulations.
 * Short Chinese lines, as a person would read them in a chat.
 */
import { CATEGORY_LABELS } from './model.js';
import type { Payload } from './engine/payloads.js';
import { HAZARD_LEVEL_LABELS } from './answers/daily-answer.js';
import { KIND_LABELS } from './engine/labels.js';


const hhmm = (iso: string, tz = 'Asia/Shanghai') => new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

export function renderText(p: Payload): string {
  switch (p.type) {
    case 'daily_check': {
      const lines = p.devices.map((d) => `· ${d.name}（${CATEGORY_LABELS[d.category]}，${d.location || d.code}）${d.paused ? '【临时停用】' : ''}：${d.items.length} 项`);
      return `【日管控】${p.date} 请完成当日检查（${p.date} ${hhmm(p.dueAt)} 前）${p.notice ? `\n${p.notice}` : ''}\n${lines.join('\n')}`;
    }
    case 'weekly_review':
      return `【周排查】${p.period} 请组织本周风险隐患排查并提交《每周安全排查治理报告》（${hhmm(p.dueAt)} 前）`;
    case 'monthly_dispatch':
      return `【月调度】${p.period} 请召开月度安全调度会并记录《每月安全调度会议纪要》（${hhmm(p.dueAt)} 前）`;
    case 'reminder':
      return `【提醒】${KIND_LABELS[p.kind]}将于 ${hhmm(p.dueAt)} 截止，尚未完成：\n${p.items.map((i) => `· ${i.label}`).join('\n')}`;
    case 'escalation': {
      const groups = p.groups.map((g) => `${g.person.name}：\n${g.items.map((i) => `  · ${i.label}${i.missed ? '（已缺失）' : ''}`).join('\n')}`);
      const allMissed = p.groups.every((g) => g.items.every((i) => i.missed));
      return `【催办·第${p.level}级】${KIND_LABELS[p.kind]} ${p.period} ${allMissed ? '未在周期内完成，已记为缺失' : '已逾期'}（截止 ${hhmm(p.dueAt)}）：\n${groups.join('\n')}`;
    }
    case 'hazard_notice': {
      const act = { confirm: '请立即组织分析研判并确认处置措施', inform: '请知悉', rectify: '请按期整改', verify: '整改已完成，请核实' }[p.action];
      return `【${HAZARD_LEVEL_LABELS[p.level]}隐患】${p.device ?? ''} ${p.description}（${p.reporter} 上报；措施：${p.measures || '无'}${p.stoppedUse ? '；已停止使用' : ''}）${act}，期限 ${hhmm(p.deadline)}${p.rectification ? `\n整改情况：${p.rectification}` : ''}`;
    }
    case 'advice_request':
      return `【意见建议】${p.from}：${p.content}\n请在 ${hhmm(p.dueAt)} 前答复（采纳 / 不采纳并说明理由）`;
    case 'advice_answered':
      return `【意见建议答复】“${p.content}” ${p.by}：${p.answer === 'adopted' ? '采纳' : '不采纳'}${p.reason ? `（${p.reason}）` : ''}`;
    case 'resolution_assigned':
      return `【调度决议】${p.period} 月调度会决议：${p.content}\n责任人为您，请在 ${hhmm(p.deadline)} 前完成`;
    case 'notice':
      return p.text;
  }
}
