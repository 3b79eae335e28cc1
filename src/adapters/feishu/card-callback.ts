/**
 * card.action.trigger → a use case → the answer Feishu shows: a toast and the card redrawn in its
 * new state. Answered within Feishu's 3 seconds: when the work takes longer, a “正在处理” toast goes
 * back at once and the card is patched when the work is done. Nothing here can throw to the SDK.
 */
import { z } from 'zod';
import { handleCardAction } from '../../app/handle-card-action.js';
import { countedNow } from '../../app/enrich-payload.js';
import type { EngineDeps } from '../../app/engine-deps.js';
import type { Outcome } from '../../app/outcome.js';
import type { Ids, Logger } from '../../app/ports.js';
import { HAZARD_STATE_LABELS, type HazardState } from '../../domain/answers/hazard-rules.js';
import { localTimeOf } from '../../domain/local-time.js';
import { stateTemplate } from './cards/hazard-card.js';
import { cardActionValueSchema } from './cards/action-value.js';
import { dailyFields, fitCard, pickedDate, renderCards, renderDailyCard, renderDone, splitDailyPayload, type DailyView, type DeviceStatus } from './cards/index.js';
import type { FeishuMessenger } from './feishu-messenger.js';

export const CALLBACK_BUDGET_MS = 2500;

/** card.action.trigger as the SDK hands it over (header and event flattened). Doc: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication */
export const callbackSchema = z.looseObject({
  event_id: z.string().optional(),
  /** the delayed-update token (`c-…`): 30 minutes, two uses (卡片回传交互回调, https://open.feishu.cn/document/feishu-cards/card-callback-communication) */
  token: z.string().optional(),
  operator: z.looseObject({ open_id: z.string().min(1) }),
  action: z.looseObject({ value: z.unknown(), form_value: z.record(z.string(), z.unknown()).optional() }),
  context: z.looseObject({ open_message_id: z.string().optional() }).optional(),
});

export interface CallbackDeps extends Pick<EngineDeps, 'store' | 'clock' | 'defaults' | 'metrics'> {
  ids: Ids;
  log: Logger;
  messenger: FeishuMessenger;
}

type Answer = { toast: { type: 'success' | 'error' | 'info' | 'warning'; content: string }; card?: { type: 'raw'; data: object } };

const toast = (type: Answer['toast']['type'], content: string): Answer => ({ toast: { type, content } });

export async function onCardAction(deps: CallbackDeps, raw: unknown): Promise<Answer> {
  const parsed = callbackSchema.safeParse(raw);
  if (!parsed.success) {
    deps.log.warn({ issues: parsed.error.issues.slice(0, 3) }, 'feishu callback: malformed payload ignored');
    return toast('error', '无法识别这次操作，请在最新的卡片上重试');
  }
  const data = parsed.data;
  const ids = { eventId: data.event_id, openId: data.operator.open_id, messageId: data.context?.open_message_id };
  const value = cardActionValueSchema.safeParse(data.action.value);
  if (!value.success) {
    deps.log.warn({ ...ids }, 'feishu callback: unknown card action');
    return toast('error', '这张卡片的操作已不再支持，请在最新的卡片上操作');
  }
  // One action, one answer: a callback replayed (a captured webhook request inside the signature
  // window, or a redelivered frame) is answered without acting twice. Callbacks carry their own
  // event_id (card-callback-communication: header.event_id “回调的唯一标识”).
  if (data.event_id && !(await deps.store.firstDelivery('feishu', `callback:${data.event_id}`, deps.clock.now()))) {
    deps.log.warn({ ...ids }, 'feishu callback: replayed event ignored');
    return toast('info', '这次操作已处理过，无需重复提交');
  }
  const person = await deps.store.personByIdentity('feishu', data.operator.open_id);
  if (!person) return toast('error', '您尚未绑定账号：请向机器人发送“绑定 邀请码”（邀请码向管理员索取）');

  const v = value.data;
  if ((v.a === 'daily_open' || v.a === 'daily_list') && ids.messageId) {
    // Only the view changes: nothing is recorded, so no use case runs.
    const card = await redraw(deps, ids.messageId, '', v.a === 'daily_open' ? { open: v.k } : {});
    return card ? { toast: { type: 'info', content: v.a === 'daily_open' ? '请逐项选择' : '已返回设备列表' }, card: { type: 'raw', data: card } } : toast('error', '这张卡片已过期，请在最新的卡片上操作');
  }
  if (v.a === 'period_refresh' && ids.messageId) {
    // Only the numbers are counted again: nothing is recorded, so no use case runs.
    const card = await refreshPeriodCard(deps, ids.messageId, person.id);
    return card ? { toast: { type: 'info', content: '已重新统计到此刻' }, card: { type: 'raw', data: card } } : toast('error', '这张卡片已过期或不是发给您的，请在最新的卡片上操作');
  }
  const work = (async () => {
    const form = neutralForm(v.a, data.action.form_value ?? {});
    const outcome = await handleCardAction(deps, person.id, { ...(v as object), form } as never);
    // A refused device form comes back open, with what was entered and why it was refused.
    const view = !outcome.ok && outcome.reason === 'invalid' && v.a === 'daily_submit' ? { open: v.k, entered: form as Record<string, string>, problems: outcome.message } : undefined;
    const hazardId = 'h' in v ? v.h : undefined;
    const card = ids.messageId && (outcome.ok || view) ? await redraw(deps, ids.messageId, outcome.ok ? outcome.value : '', view, hazardId) : undefined;
    return { outcome, card };
  })();
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), CALLBACK_BUDGET_MS).unref());
  try {
    const first = await Promise.race([work, timer]);
    if (first === 'late') {
      // Too slow for the callback: answer now, patch the card when done.
      void work.then(({ card }) => (card && ids.messageId ? lateUpdate(deps, ids.messageId, data.token, card) : undefined)).catch((e: unknown) => deps.log.error({ ...ids, err: e }, 'feishu callback: late card update failed'));
      return toast('info', '已收到，正在处理…');
    }
    return answerOf(first.outcome, first.card);
  } catch (e) {
    deps.log.error({ ...ids, personId: person.id, err: e }, 'feishu callback failed');
    return toast('error', '处理失败，请稍后重试；如一直失败请联系管理员');
  }
}

/** A weekly or monthly card drawn again with its period's numbers as of now, for the person it was sent to. */
async function refreshPeriodCard(deps: CallbackDeps, messageId: string, personId: string): Promise<object | undefined> {
  const sent = await deps.store.sentMessageByPlatformId(messageId);
  const p = sent?.payload;
  if (!sent || sent.personId !== personId || !p || (p.type !== 'weekly_review' && p.type !== 'monthly_dispatch')) return undefined;
  const now = deps.clock.now();
  const fresh = await countedNow(deps.store, sent.unitId, p, sent.timeZone, now);
  const people = p.type === 'monthly_dispatch' ? ((await deps.store.loadUnitContext(sent.unitId))?.people ?? []).map(({ id, name }) => ({ id, name })) : [];
  return renderCards(fresh, { timeZone: sent.timeZone, now, people, ...(p.taskKey ? { taskKey: p.taskKey } : {}) })[0];
}

/**
 * The card after slow work: with the callback's token (延时更新消息卡片, only after the answer has
 * gone out, hence the pause), else — no token, or the token refused — a PATCH, which waits while
 * Feishu still holds the card locked by the interaction.
 */
async function lateUpdate(deps: CallbackDeps, messageId: string, token: string | undefined, card: object): Promise<void> {
  if (token) {
    await new Promise((r) => setTimeout(r, AFTER_ANSWER_MS));
    try {
      return await deps.messenger.updateCardWithToken(token, card);
    } catch (e) {
      deps.log.warn({ messageId, err: e }, 'feishu callback: delayed update with the token failed, patching the card');
    }
  }
  await deps.messenger.updateCard(messageId, card);
}

/** How long after answering a callback its delayed update waits, so that the answer is on the wire first. */
const AFTER_ANSWER_MS = 300;

/** Feishu-specific field shapes → the neutral names the use cases read (`d2_i1` → `i1`, date pickers → YYYY-MM-DD). */
function neutralForm(action: string, form: Record<string, unknown>): Record<string, unknown> {
  if (action === 'daily_submit') return dailyFields(form);
  if (action.startsWith('hazard_')) {
    // A reminder holds several hazards' forms, their fields prefixed h<n>_ (see reminder-card.ts).
    const fields = Object.fromEntries(Object.entries(form).map(([k, v]) => [k.replace(/^h\d+_/, ''), v]));
    return fields.doneOn === undefined ? fields : { ...fields, doneOn: pickedDate(fields.doneOn) };
  }
  if (action !== 'monthly_submit') return form;
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, /_deadline$/.test(k) ? (pickedDate(v) ?? '') : v]));
}

function answerOf(o: Outcome<string>, card: object | undefined): Answer {
  if (!o.ok) return { ...toast(o.reason === 'already_done' ? 'info' : 'error', o.message), ...(card ? { card: { type: 'raw' as const, data: card } } : {}) };
  return { toast: { type: 'success', content: o.value }, ...(card ? { card: { type: 'raw' as const, data: card } } : {}) };
}

/**
 * The card after the action: daily cards show each device's outcome; others turn read-only. A card
 * acted on for a hazard shows the hazard's state now, in its colour: green only once verified.
 */
async function redraw(deps: CallbackDeps, messageId: string, line: string, view?: DailyView, hazardId?: string): Promise<object | undefined> {
  const sent = await deps.store.sentMessageByPlatformId(messageId);
  if (!sent) return undefined;
  const ctx = { timeZone: sent.timeZone, now: deps.clock.now() };
  const p = sent.payload;
  if (hazardId) {
    const h = await deps.store.loadHazardContext(hazardId);
    if (h) {
      const state = h.hazard.state as HazardState;
      const shown = p.type === 'hazard_notice' ? { ...p, state } : p;
      return renderDone(shown, ctx, `${HAZARD_STATE_LABELS[state]} · ${line}`, stateTemplate(h.hazard.level, state));
    }
  }
  if (p.type !== 'daily_check') return renderDone(p, ctx, line, /异常|逾期|退回|不采纳/.test(line) ? 'orange' : 'green');
  const parts = splitDailyPayload(p);
  const index = Math.max(0, sent.platformMessageIds.indexOf(messageId));
  const part = parts[index] ?? p;
  const rows = await deps.store.dailyStatuses(part.devices.map((d) => d.taskKey));
  const status: Record<string, DeviceStatus> = {};
  for (const r of rows) {
    const when = r.at ? localTimeOf(r.at, sent.timeZone) : '';
    status[r.taskKey] =
      r.state === 'cancelled'
        ? { line: `已取消：${r.reason ?? '不再需要'}`, abnormal: false, late: false }
        : r.state === 'missed'
        ? { line: '未检查（已记为缺失）', abnormal: true, late: true }
        : { line: `${r.late ? '逾期提交' : '已提交'} ${when} · ${r.by} · ${r.abnormal ? `${r.abnormal} 项异常` : '零风险'}`, abnormal: r.abnormal > 0, late: r.late };
  }
  return fitCard(renderDailyCard(part, ctx, status, parts.length > 1 ? { index: index + 1, of: parts.length } : undefined, view));
}
