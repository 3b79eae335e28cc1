/**
 * The Telegram rendering as the transport uses it (TelegramRenderer, telegram-renderer.ts): prompts
 * drawn from their PromptView (render-prompt.ts), redraws after an answer, button taps and typed
 * answers read through the guided dialogs (answers.ts → app/dialogs).
 */
import { randomBytes } from 'node:crypto';
import type { PromptRedraw } from '../../../app/inbound/inbound-event.js';
import type { Logger, OutboxMessage, Recipient } from '../../../app/ports.js';
import type { PromptContext, PromptState } from '../../../app/prompts/prompt-view.js';
import type { Payload } from '../../../domain/engine/payloads.js';
import type { CallbackMeaning, TelegramActorRef, TelegramRenderer } from '../telegram-renderer.js';
import { answerCallback, answerText, type TelegramAnswer, type TelegramAnswerDeps } from './answers.js';
import { renderPrompt } from './render-prompt.js';

export { answerCallback, answerText, type TelegramAnswer } from './answers.js';
export { decodeCallback, encodeCallback } from './callback-data.js';
export { renderDialogQuestion, type TelegramMessage } from './dialog-message.js';
export { renderPrompt } from './render-prompt.js';

export type TelegramRendererDeps = TelegramAnswerDeps & {
  store: TelegramAnswerDeps['store'] & { sentMessageByPlatformId(id: string): Promise<{ id: string } | null> };
  log: Logger;
};

/**
 * The redraw's state as Telegram draws it: never a device's form opened, nor a form drawn again
 * for a contradiction question (its dialog asks instead; buttons are those of the prompt as sent).
 */
export function viewState(s: PromptState): PromptState {
  const { open: _open, form: _form, ...rest } = s;
  return rest;
}

/** A random dialog id: 10 hex digits. */
const randomDialogId = (): string => randomBytes(5).toString('hex');

export function telegramRenderer(
  input: Omit<TelegramRendererDeps, 'newDialogId'> & { newDialogId?: () => string },
): TelegramRenderer {
  const deps: TelegramRendererDeps = { ...input, newDialogId: input.newDialogId ?? randomDialogId };
  const contextOf = async (
    payload: Payload,
    unitId: string,
    timeZone: string,
    taskKey: string | undefined,
  ): Promise<PromptContext> => {
    const people =
      payload.type === 'monthly_dispatch'
        ? ((await deps.store.loadUnitContext(unitId))?.people ?? []).map(({ id, name }) => ({ id, name }))
        : [];
    return { timeZone, now: deps.clock.now(), people, ...(taskKey ? { taskKey } : {}) };
  };
  /** An answer that runs an action: the action, its form, the prompt copy to redraw and its outbox row. */
  const runOf = (a: Extract<TelegramAnswer, { type: 'run' }>) =>
    ({
      type: 'action',
      action: a.action,
      form: a.form,
      promptRef: a.promptRef.platformMessageId,
      messageId: a.messageId,
    }) as const;
  const meaningOf = (a: TelegramAnswer): CallbackMeaning => {
    switch (a.type) {
      case 'run':
        return runOf(a);
      case 'send':
        return { type: 'show', send: a.message, ...(a.notice ? { notice: a.notice } : {}) };
      case 'edit':
        return { type: 'show', edit: a.message };
      case 'notice':
        return { type: 'stale', notice: a.text };
    }
  };
  return {
    async renderPrompt(message: OutboxMessage, to: Recipient) {
      const ctx = await contextOf(message.payload, message.unitId, to.timeZone, message.taskKeys[0]);
      return [renderPrompt(deps.viewOf(message.payload, ctx), { messageId: message.id })];
    },
    async renderRedraw(redraw: PromptRedraw, platformMessageId?: string) {
      const ctx = await contextOf(redraw.payload, redraw.unitId, redraw.timeZone, redraw.taskKey);
      const view = deps.viewOf(redraw.payload, ctx, viewState(redraw.state));
      const sent = platformMessageId ? await deps.store.sentMessageByPlatformId(platformMessageId) : null;
      if (!sent) {
        // Buttons name the outbox row; without it the message is drawn without them (typed commands still work).
        if (!view.done)
          deps.log.warn(
            { platformMessageId },
            'telegram: redraw of a message not found in the outbox; drawn without buttons',
          );
        return { ...renderPrompt(view, { messageId: 'unknown' }), reply_markup: { inline_keyboard: [] } };
      }
      return renderPrompt(view, { messageId: sent.id, sent: deps.viewOf(redraw.payload, ctx) });
    },
    async readCallback(data: string, actor: TelegramActorRef, ref?: string) {
      return meaningOf(
        await answerCallback(deps, { channel: 'telegram', externalId: actor.externalId }, data, actor.chatType, ref),
      );
    },
    async readText(text: string, actor: TelegramActorRef) {
      const a = await answerText(deps, { channel: 'telegram', externalId: actor.externalId }, text, actor.chatType);
      if (!a) return null;
      if (a.type === 'run') return runOf(a);
      if (a.type === 'send' || a.type === 'edit') return { type: 'show', send: a.message };
      return { type: 'show', send: { text: a.text } };
    },
  };
}
