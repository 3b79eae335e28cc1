/**
 * card.action.trigger → an InboundEvent → handleInbound (app/inbound) → the answer Feishu shows: a
 * toast and the card redrawn in its new state. Feishu-specific here: the payload's shape, its field
 * names (`d2_i1` → `i1`, `h1_note` → `note`), toasts and cards. De-duplication, identity, the use
 * case, the 3-second race and the late update are the app's. Nothing here can throw to the SDK.
 */
import { z } from 'zod';
import type { InboundResult } from '../../app/inbound/inbound-event.js';
import type { Metrics } from '../../app/metrics.js';
import type { Clock, InboundHandler, Logger } from '../../app/ports.js';
import { type CardActionValue, cardActionValueSchema, type Tone } from '../../app/prompts/index.js';
import { dailyFields, hazardFields } from './cards/field-names.js';
import type { FeishuMessenger } from './feishu-messenger.js';

export { CALLBACK_BUDGET_MS } from './feishu-messenger.js';

/**
 * card.action.trigger as the SDK hands it over (header and event flattened). Doc:
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
export const callbackSchema = z.looseObject({
  event_id: z.string().optional(),
  /**
   * the delayed-update token (`c-…`): 30 minutes, two uses (卡片回传交互回调,
   * https://open.feishu.cn/document/feishu-cards/card-callback-communication)
   */
  token: z.string().optional(),
  operator: z.looseObject({ open_id: z.string().min(1) }),
  action: z.looseObject({ value: z.unknown(), form_value: z.record(z.string(), z.unknown()).optional() }),
  context: z.looseObject({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).optional(),
});

export interface CallbackDeps {
  /** counts how long answers take (/metrics) */
  metrics?: Metrics;
  log: Logger;
  clock: Clock;
  /** draws the redrawn prompt as a card */
  messenger: Pick<FeishuMessenger, 'cardOf'>;
  /** the app's inbound entry (handleInbound with this channel) */
  handle: InboundHandler;
}

type ToastType = 'success' | 'error' | 'info' | 'warning';
type Answer = { toast: { type: ToastType; content: string }; card?: { type: 'raw'; data: object } };

/** Feishu toast types for the neutral tones (卡片回传交互回调 › 响应体 toast.type: info | success | error | warning). */
const TOASTS: Record<Tone, ToastType> = {
  success: 'success',
  warning: 'warning',
  danger: 'error',
  info: 'info',
  neutral: 'info',
};

const toast = (type: ToastType, content: string): Answer => ({ toast: { type, content } });

export async function onCardAction(deps: CallbackDeps, raw: unknown): Promise<Answer> {
  const parsed = callbackSchema.safeParse(raw);
  if (!parsed.success) {
    deps.log.warn({ issues: parsed.error.issues.slice(0, 3) }, 'feishu callback: malformed payload ignored');
    return toast('error', '无法识别这次操作，请在最新的卡片上重试');
  }
  const data = parsed.data;
  const value = cardActionValueSchema.safeParse(data.action.value);
  if (!value.success) {
    deps.log.warn(
      { eventId: data.event_id, openId: data.operator.open_id, messageId: data.context?.open_message_id },
      'feishu callback: unknown card action',
    );
    return toast('error', '这张卡片的操作已不再支持，请在最新的卡片上操作');
  }
  const messageId = data.context?.open_message_id;
  const result = await deps.handle({
    type: 'action',
    channel: 'feishu',
    ...(data.event_id ? { eventId: data.event_id } : {}),
    actor: {
      externalId: data.operator.open_id,
      ...(data.context?.open_chat_id ? { chatId: data.context.open_chat_id } : {}),
    },
    at: deps.clock.now(),
    action: value.data,
    form: neutralForm(value.data, data.action.form_value ?? {}),
    ...(messageId
      ? { promptRef: { platformMessageId: messageId, ...(data.token ? { callbackToken: data.token } : {}) } }
      : {}),
  });
  return answerOf(deps.messenger, result);
}

/** Feishu's field names → the neutral ones (see field-names.ts). */
function neutralForm(v: CardActionValue, form: Record<string, unknown>): Record<string, unknown> {
  if (v.a === 'daily_submit') return dailyFields(form);
  if (v.a.startsWith('hazard_')) return hazardFields(form);
  return form;
}

/** The toast, and the card when it changed (Feishu replaces the card with the one in the answer). */
async function answerOf(messenger: CallbackDeps['messenger'], r: InboundResult): Promise<Answer> {
  const n = r.notice ?? { tone: 'info' as const, text: '已处理' };
  return {
    ...toast(TOASTS[n.tone], n.text),
    ...(r.prompt ? { card: { type: 'raw' as const, data: await messenger.cardOf(r.prompt) } } : {}),
  };
}
