/**
 * The app side of a channel without forms: a tap on a prompt's button (by the prompt's outbox row
 * id and the action's index), and every later answer of the dialog it may start. Channel-neutral:
 * the channel decodes its button data and renders what this returns.
 *
 * A tap is trusted for nothing but the index: the message is read again from the database, its
 * view rebuilt from the stored payload as it was sent, the index names one of its actions and
 * `matches` (the button's digest) must agree, so an old keyboard never runs another action. Then:
 * an action that needs fields starts a dialog (stored, see dialog-store.ts); any other is returned
 * to be run as it is, through the channel's normal inbound path (handleInbound → handleCardAction),
 * exactly as a dialog's last answer is.
 */
import type { Payload } from '../../domain/engine/payloads.js';
import { localDateOf } from '../../domain/local-time.js';
import type { ChatAccount, ConversationDeps } from '../commands/conversation.js';
import { BIND_HELP } from '../commands/handle-text.js';
import { type AsideDeps, putAside } from '../commands/waiting.js';
import { enrichPayload } from '../enrich-payload.js';
import type { AnswersStore } from '../ports.js';
import type { CardActionValue } from '../prompts/action-value.js';
import { monthlyMinutesInput, weeklyReportInput } from '../prompts/form-values.js';
import type { PromptContext, PromptState, PromptView } from '../prompts/prompt-view.js';
import { periodQuestions } from '../submit-period-report.js';
import {
  answerDialog,
  askAgain,
  askContradiction,
  cancelDialog,
  type DialogInput,
  type DialogQuestion,
  type DialogState,
  type DialogTurn,
} from './dialog.js';
import { dialogOf, endDialog, saveDialog } from './dialog-store.js';
import { dialogForAction, identityOf, promptActions } from './prompt-actions.js';

export type ViewBuilder = (payload: Payload, ctx: PromptContext, state?: PromptState) => PromptView;

export interface DialogFlowDeps extends ConversationDeps {
  store: ConversationDeps['store'] & AnswersStore;
  /** photos of a step put aside by a new dialog are saved (app/commands/waiting.ts): logged, prompts redrawn */
  log?: AsideDeps['log'];
  photosRecorded?: AsideDeps['photosRecorded'];
  /** photos are kept as evidence: a 核实 prompt's buttons follow whether its required photo is there */
  evidence?: object | undefined;
  /** a short random id for a new dialog (letters and digits, ≤ 12) */
  newDialogId(): string;
  viewOf: ViewBuilder;
}

/** The prompt acted on, as the channel needs it to run the action and redraw. */
export interface PromptTarget {
  messageId: string;
  platformMessageIds: string[];
  payload: Payload;
  timeZone: string;
}

export type FlowResult =
  /**
   * run this action through the inbound path (it changes records); `prompt` is the message it
   * answers, `ref` the copy of it the person tapped (the platform message to redraw)
   */
  | {
      type: 'run';
      action: CardActionValue;
      form: Record<string, string>;
      prompt: PromptTarget;
      ref?: string;
      topic?: string;
    }
  /**
   * show this question (a new message); `aside` (first in the message) says what waited before and was put aside
   * for it (app/commands/waiting.ts: another dialog, a photo step, a command question)
   */
  | { type: 'ask'; question: DialogQuestion; aside?: string }
  /** the dialog was cancelled (or expired and said so): show `text` */
  | { type: 'cancelled'; text: string }
  /** nothing done: tell the person why (a short notice) */
  | { type: 'refused'; text: string };

const STALE = '这条消息已更新或已失效，请在最新的消息上操作';
const CONTINUED = '（继续未完成的填写，已回答的都保留；要重新开始请先发送“取消”。）';

/** The prompt as sent, with its view: what a button's index refers to. */
async function sentPrompt(
  deps: DialogFlowDeps,
  messageId: string,
): Promise<{ target: PromptTarget; view: PromptView; personId: string | null } | null> {
  const sent = await deps.store.sentMessageById(messageId);
  if (!sent) return null;
  const now = deps.clock.now();
  // A weekly or monthly prompt's numbers as of now, as its draft shows
  // them (the stored payload has none: they are counted at delivery).
  const p = await enrichPayload(deps.store, sent, sent.timeZone, now, deps.evidence !== undefined);
  const people =
    p.type === 'monthly_dispatch'
      ? ((await deps.store.loadUnitContext(sent.unitId))?.people ?? []).map(({ id, name }) => ({ id, name }))
      : [];
  const taskKey = 'taskKey' in p && typeof p.taskKey === 'string' ? p.taskKey : undefined;
  const view = deps.viewOf(p, { timeZone: sent.timeZone, now, people, ...(taskKey ? { taskKey } : {}) });
  return {
    target: { messageId: sent.id, platformMessageIds: sent.platformMessageIds, payload: p, timeZone: sent.timeZone },
    view,
    personId: sent.personId,
  };
}

/**
 * A tap on a prompt's button. `matches(identity)` checks the button's digest against the action
 * the index names now.
 */
export async function tapPrompt(
  deps: DialogFlowDeps,
  account: ChatAccount,
  tap: { messageId: string; index: number; matches: (identity: string) => boolean; ref?: string },
): Promise<FlowResult> {
  const person = await deps.store.personByIdentity(account.channel, account.externalId);
  if (!person) return { type: 'refused', text: BIND_HELP };
  const prompt = await sentPrompt(deps, tap.messageId);
  const action = prompt ? promptActions(prompt.view)[tap.index] : undefined;
  if (!prompt || !action || !tap.matches(identityOf(action.value))) return { type: 'refused', text: STALE };
  // Not available now (核实通过 while the 整改后 photo is missing): said at once, before any question.
  if (action.unavailable) return { type: 'refused', text: action.unavailable };
  const turn = dialogForAction(prompt.view, action, {
    dialogId: deps.newDialogId(),
    messageId: prompt.target.messageId,
    zone: prompt.target.timeZone,
  });
  const ref = tap.ref ? { ref: tap.ref } : {};
  if (!turn) return { type: 'run', action: action.value, form: {}, prompt: prompt.target, ...ref };
  if (turn.type !== 'ask') return settle(deps, account, { ...turn, ...ref });
  // The same button again (the same prompt and action) continues the dialog open for it, answers kept.
  const open = await dialogOf(deps, account);
  const same = (a: DialogState['action']) => identityOf(a as CardActionValue);
  if (open && open.messageId === turn.state.messageId && same(open.action) === same(turn.state.action)) {
    const again = askAgain(open);
    if (again.type === 'ask') return { type: 'ask', question: again.question, aside: CONTINUED };
  }
  // The new dialog takes the account's one waiting step: what waited is put aside, and its question says so.
  const aside = await putAside(deps, account, { kind: 'dialog' });
  const result = await settle(deps, account, { ...turn, state: { ...turn.state, ...ref } });
  return result.type === 'ask' && aside ? { ...result, aside: aside.trim() } : result;
}

/**
 * An answer to the account's open dialog: a tap on one of its buttons, or typed text. Null when
 * the account has no open dialog and the input is text (the channel handles it as a command);
 * a button of a dialog that is over is refused.
 */
export async function answerOpenDialog(
  deps: DialogFlowDeps,
  account: ChatAccount,
  input: DialogInput,
): Promise<FlowResult | null> {
  const state = await dialogOf(deps, account);
  if (!state)
    return input.type === 'text'
      ? null
      : { type: 'refused', text: '这个问题已结束或已超时（没有保存任何内容）：请在原消息上重新点按钮开始' };
  // A command typed while a question waits (“/today”; the Telegram channel passes none of its menu's
  // commands here) is not an answer: it runs as a command. The dialog waits on, and the reply says so;
  // a command that starts another step puts the dialog aside (app/commands/waiting.ts).
  if (input.type === 'text' && /^\/\S/.test(input.text.trim())) return null;
  const today = localDateOf(deps.clock.now(), state.zone);
  return settle(deps, account, answerDialog(state, input, today), state.id);
}

/**
 * Stores the dialog's next state, or ends it; a submission becomes the action to run. Ending
 * clears only this dialog (`id`; a dialog that submits at once was never stored).
 */
async function settle(
  deps: DialogFlowDeps,
  account: ChatAccount,
  turn: DialogTurn,
  id: string | null = null,
): Promise<FlowResult> {
  if (turn.type === 'ask') {
    await saveDialog(deps, account, turn.state);
    return { type: 'ask', question: turn.question };
  }
  if (turn.type === 'submit' && turn.state) {
    // Free text that contradicts the data is asked here, before the submission, as the card asks it after.
    const question = await contradictionOf(deps, account, turn);
    if (question) return settle(deps, account, askContradiction(turn.state, question), id);
  }
  if (id !== null) await endDialog(deps, account, id);
  if (turn.type === 'cancelled') return { type: 'cancelled', text: turn.text };
  const prompt = await sentPrompt(deps, turn.messageId);
  if (!prompt) return { type: 'refused', text: STALE };
  return {
    type: 'run',
    action: turn.action as CardActionValue,
    form: turn.form,
    prompt: prompt.target,
    ...(turn.ref ? { ref: turn.ref } : {}),
    topic: turn.topic,
  };
}

/**
 * The weekly/monthly submission's contradiction questions (submit-period-report.ts's rule), unless already confirmed.
 */
async function contradictionOf(
  deps: DialogFlowDeps,
  account: ChatAccount,
  turn: Extract<DialogTurn, { type: 'submit' }>,
): Promise<string | null> {
  const a = turn.action as { a: string; k?: unknown; cf?: unknown };
  if ((a.a !== 'weekly_submit' && a.a !== 'monthly_submit') || a.cf === true || typeof a.k !== 'string') return null;
  const person = await deps.store.personByIdentity(account.channel, account.externalId);
  if (!person) return null;
  const weekly = a.a === 'weekly_submit';
  const questions = await periodQuestions(
    deps,
    person.id,
    weekly ? 'weekly' : 'monthly',
    a.k,
    weekly ? weeklyReportInput(turn.form) : monthlyMinutesInput(turn.form),
  );
  return questions.length ? questions.join('\n') : null;
}

/** Cancels the account's open dialog (a 取消 typed outside a question, a new command). */
export async function cancelOpenDialog(deps: DialogFlowDeps, account: ChatAccount): Promise<FlowResult | null> {
  const state = await dialogOf(deps, account);
  if (!state) return null;
  await endDialog(deps, account, state.id);
  const t = cancelDialog(state);
  return t.type === 'cancelled' ? { type: 'cancelled', text: t.text } : null;
}
