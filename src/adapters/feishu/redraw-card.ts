/**
 * A prompt drawn again after an action (app/inbound's PromptRedraw) as the Feishu card: a daily
 * card with its devices' outcomes (the part this message holds, with the device opened), read-only
 * in the done tone, or a weekly/monthly card counted again. The view is app/prompts' (viewOf).
 */
import type { PromptRedraw } from '../../app/inbound/inbound-event.js';
import { viewOf } from '../../app/prompts/views.js';
import {
  type CardJson,
  cardOfView,
  fitCard,
  periodCard,
  renderCards,
  renderDailyCard,
  splitDailyPayload,
} from './cards/index.js';

export function redrawCard(
  prompt: PromptRedraw,
  now: Date,
  people: readonly { id: string; name: string }[] = [],
): CardJson {
  const { payload: p, state } = prompt;
  const ctx = {
    timeZone: prompt.timeZone,
    now,
    people: [...people],
    ...(prompt.taskKey ? { taskKey: prompt.taskKey } : {}),
  };
  if (p.type === 'daily_check' && !state.done) {
    // Feishu packs a long daily prompt into several cards: this message holds part `state.part`.
    const parts = splitDailyPayload(p);
    const index = Math.max(0, (state.part?.index ?? 1) - 1);
    const part = parts[index] ?? p;
    const view = state.open
      ? {
          open: state.open.taskKey,
          ...(state.open.entered ? { entered: { ...state.open.entered } } : {}),
          ...(state.open.problems ? { problems: state.open.problems } : {}),
        }
      : undefined;
    return fitCard(
      renderDailyCard(
        part,
        ctx,
        state.devices ?? {},
        parts.length > 1 ? { index: index + 1, of: parts.length } : undefined,
        view,
      ),
    );
  }
  // A weekly/monthly card (one part of it, when sent as several): counted again (刷新数据), drawn
  // again with what was entered (a contradiction question, 返回修改, a part saved), or done.
  if (p.type === 'weekly_review' || p.type === 'monthly_dispatch') return periodCard(p, ctx, state);
  // Nothing answered: the card as sent.
  if (!state.done && !state.hazard && !state.form) return renderCards(p, ctx)[0]!;
  return fitCard(cardOfView(viewOf(p, ctx, state)));
}
