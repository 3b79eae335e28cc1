/**
 * A prompt as plain text, drawn from its PromptView: the console channel (no chat platform
 * configured), logs and simulations. The same words as every card or message, no markup, no
 * buttons (their labels are listed, so a reader of the log sees what was asked).
 */
import type { Payload } from '../../domain/engine/payloads.js';
import type { Fact, PromptContext, PromptState, PromptView } from './prompt-view.js';
import { plainOf } from './text.js';
import { viewOf } from './views.js';

const factText = (f: Fact): string[] =>
  f.type === 'lines' ? f.lines.map(plainOf) : [plainOf(f.heading), ...f.rows.map(([k, v]) => `${k}：${v}`)];

export function viewText(v: PromptView): string {
  const devices = (v.devices ?? []).map((d) => `· ${plainOf(d.title)}${d.status ? `：${d.status.line}` : ''}`);
  const forms = v.forms.flatMap((f) => [
    ...(f.title ? [plainOf(f.title)] : []),
    `请填写：${f.fields.map((x) => x.label ?? x.placeholder ?? x.id).join('、')}` +
      `（${f.submits.map((s) => s.label).join(' / ')}）`,
    ...(f.hint ? [f.hint] : []),
  ]);
  const actions = v.actions.length > 0 ? [`可选操作：${v.actions.map((a) => a.label).join(' / ')}`] : [];
  return [
    `【${v.title}】${v.subtitle ? v.subtitle : ''}`,
    ...v.facts.flatMap(factText),
    ...devices,
    ...forms,
    ...actions,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/**
 * The payload's prompt as sent (or in `state`), as plain text;
 * a weekly or monthly prompt without a task key still reads.
 */
export function promptText(payload: Payload, ctx: PromptContext, state?: PromptState): string {
  return viewText(viewOf(payload, { ...ctx, taskKey: ctx.taskKey ?? '-' }, state));
}

/** The instant a payload is about (its due time or deadline), for a drawing without a clock; the epoch for a notice. */
export function deadlineOf(p: Payload): string {
  return 'dueAt' in p ? p.dueAt : 'deadline' in p ? p.deadline : new Date(0).toISOString();
}
