/**
 * Prompts between people: 两员意见建议 (the principal answers 采纳 / 不采纳, with a reason the use
 * case requires for 不采纳; the adviser learns the answer), a monthly resolution (调度决议) given to
 * its owner, and a plain notice.
 */
import type { Payload } from '../../domain/engine/payloads.js';
import { formatWhen, isPast } from '../../domain/format-when.js';
import type { PromptContext, PromptView } from './prompt-view.js';
import { clip, lines, oneLine, pair, strong } from './text.js';

export type AdviceRequestPayload = Extract<Payload, { type: 'advice_request' }>;
export type AdviceAnsweredPayload = Extract<Payload, { type: 'advice_answered' }>;
export type ResolutionPayload = Extract<Payload, { type: 'resolution_assigned' }>;
export type NoticePayload = Extract<Payload, { type: 'notice' }>;

/** A long advice or reason, cut; the whole text is in the exported ledger. */
const adviceText = (s: string): string => clip(s, '意见建议台账（发送“导出”）');

export function adviceRequestView(p: AdviceRequestPayload, ctx: PromptContext): PromptView {
  const due = formatWhen(p.dueAt, ctx);
  return {
    kind: p.type,
    title: `意见建议 · 来自${p.from}`,
    subtitle: `${p.unitName} · ${due} 前答复`,
    tone: isPast(p.dueAt, ctx) ? 'warning' : 'info',
    summary: `意见建议待答复：${oneLine(p.content, 30)}`,
    facts: [lines([strong(p.from), ' 提出：'], [adviceText(p.content)])],
    forms: [
      {
        id: 'advice',
        fields: [{ id: 'reason', kind: 'multiline', label: '答复理由', placeholder: '不采纳时必填', maxLength: 500 }],
        submits: [
          {
            label: '采纳',
            style: 'primary',
            value: { a: 'advice_answer', k: p.taskKey, ans: 'adopted' },
            submits: true,
          },
          {
            label: '不采纳',
            style: 'default',
            value: { a: 'advice_answer', k: p.taskKey, ans: 'rejected' },
            submits: true,
          },
        ],
      },
    ],
    actions: [],
  };
}

export function adviceAnsweredView(p: AdviceAnsweredPayload): PromptView {
  const adopted = p.answer === 'adopted';
  const verdict = adopted ? '采纳' : '不采纳';
  return {
    kind: p.type,
    title: `意见建议已答复 · ${verdict}`,
    subtitle: `${p.unitName} · ${p.by} 答复`,
    tone: adopted ? 'success' : 'neutral',
    summary: `意见建议答复：${verdict}`,
    facts: [
      lines(
        pair('您的意见', adviceText(p.content)),
        pair('答复', verdict),
        ...(p.reason ? [pair('理由', adviceText(p.reason))] : []),
      ),
    ],
    forms: [],
    actions: [],
  };
}

export function resolutionView(p: ResolutionPayload, ctx: PromptContext): PromptView {
  const deadline = formatWhen(p.deadline, ctx);
  return {
    kind: p.type,
    title: '调度决议 · 请按期完成',
    subtitle: `${p.unitName} · ${p.period} 月调度会 · ${deadline}前`,
    tone: isPast(p.deadline, ctx) ? 'warning' : 'info',
    summary: `调度决议：${oneLine(p.content, 30)}`,
    facts: [
      lines(
        pair('决议', clip(p.content, `${p.period} 月调度会议纪要`)),
        [strong('责任人'), '：您　', strong('完成时限'), `：${deadline}`],
        pair('交办', p.from),
      ),
    ],
    forms: [
      {
        id: 'resolution',
        fields: [{ id: 'note', kind: 'multiline', label: '完成情况', placeholder: '选填', maxLength: 500 }],
        submits: [{ label: '已完成', style: 'primary', value: { a: 'resolution_done', k: p.taskKey }, submits: true }],
      },
    ],
    actions: [],
  };
}

export function noticeView(p: NoticePayload): PromptView {
  return {
    kind: p.type,
    title: `通知 · ${p.unitName}`,
    tone: 'info',
    summary: p.text.slice(0, 40),
    facts: [lines([p.text])],
    forms: [],
    actions: [],
  };
}
