/**
 * What a chat account is waiting to answer, and what happens when a new step would wait too.
 *
 * A person answers one thing at a time per channel: the account's Conversation row holds a command
 * question (上报隐患's level, which device: conversation.ts), a guided dialog (Telegram: a form asked
 * question by question, app/dialogs) or a photo step (app/evidence/photo-flow.ts). Their next typed
 * text or picture goes there, so it must never change silently. The rule, the same for every pair:
 * the step the person just started wins (they tapped or typed it a moment ago), and what waited is
 * put aside in the first line of the new step's message, with how to come back:
 * - a photo step: the photos already received are saved first (they were sent for that hazard); a
 *   step without photos ends, and “照片 3” opens it again (a required 整改后 photo still keeps 核实通过
 *   refused, and the director's 核实 card says who must send it);
 * - a dialog: nothing of it was saved (as 取消), its prompt's button starts it again;
 * - a command question: cancelled, as another command cancels it (handle-text.ts).
 * Asking for the same photo step again (照片 <隐患号>) continues it, its photos kept, as the same
 * dialog button tapped again continues its dialog (app/dialogs/dialog-flow.ts); a new action's ask
 * for the same hazard (another 整改 after 退回) starts afresh, the photos before it saved first. A command that starts
 * nothing leaves the step waiting, and its reply ends with a line saying so (handle-inbound.ts).
 */
import { type DialogState, dialogStateSchema } from '../dialogs/dialog.js';
import { DIALOG_KIND } from '../dialogs/dialog-store.js';
import {
  askForPhotos,
  hazardsOf,
  PHOTOS_KIND,
  type PhotoAsk,
  type PhotoDeps,
  type PhotoState,
  photoCommandOf,
  photoStateSchema,
  recordPhotos,
  sameStep,
} from '../evidence/photo-flow.js';
import type { AnswersStore, Logger } from '../ports.js';
import { type ChatAccount, type ConversationDeps, type Pending, pendingSchema, topicOf } from './conversation.js';

export type Waiting =
  | { kind: 'dialog'; state: DialogState }
  | { kind: 'photos'; state: PhotoState }
  | { kind: 'question'; pending: Pending };

/** What the account waits for now (null: nothing, expired, or unreadable). */
export async function waitingOf(
  deps: Pick<ConversationDeps, 'store' | 'clock'>,
  account: ChatAccount,
): Promise<Waiting | null> {
  const c = await deps.store.getConversation(account.channel, account.externalId, deps.clock.now());
  if (!c) return null;
  if (c.kind === DIALOG_KIND) {
    const d = dialogStateSchema.safeParse(c.data);
    return d.success ? { kind: 'dialog', state: d.data } : null;
  }
  if (c.kind === PHOTOS_KIND) {
    const p = photoStateSchema.safeParse(c.data);
    return p.success ? { kind: 'photos', state: p.data } : null;
  }
  const q = pendingSchema.safeParse({ ...(c.data as object), kind: c.kind });
  return q.success ? { kind: 'question', pending: q.data } : null;
}

/** The step about to take the account's slot. */
export type NextStep =
  | { kind: 'dialog' }
  | { kind: 'question' }
  | { kind: 'photos'; ask: Pick<PhotoAsk, 'hazardIds' | 'stage' | 'again'> };

export interface AsideDeps extends ConversationDeps {
  store: ConversationDeps['store'] & AnswersStore;
  log?: Pick<Logger, 'info' | 'warn'> | undefined;
  photosRecorded?: PhotoDeps['photosRecorded'];
}

/**
 * Before `next` takes the account's slot: what waits there is put aside (photos received are
 * saved). Returns the line that says so, as “（…）\n” to put first in the new step's message, or ''
 * when nothing waited or the same step is asked again.
 */
export async function putAside(deps: AsideDeps, account: ChatAccount, next: NextStep): Promise<string> {
  const w = await waitingOf(deps, account);
  if (!w) return '';
  switch (w.kind) {
    case 'question':
      // another command question replaces it as handle-text says (“已取消未完成的…”)
      return next.kind === 'question' ? '' : `（已取消未完成的${topicOf(w.pending)}。）\n`;
    case 'dialog':
      return `（已放弃未完成的${w.state.topic}填写，没有保存；需要时在原消息上重新点按钮。）\n`;
    case 'photos':
      return photosAside(deps, account, w.state, next);
  }
}

async function photosAside(deps: AsideDeps, account: ChatAccount, s: PhotoState, next: NextStep): Promise<string> {
  // the same step asked again continues (照片 <隐患号>); a new action's ask keeps nothing unsaved behind it
  if (next.kind === 'photos' && sameStep(s, next.ask) && (next.ask.again || s.photos.length === 0)) return '';
  if (s.photos.length > 0) {
    const person = await deps.store.personByIdentity(account.channel, account.externalId);
    if (person) {
      const n = await recordPhotos(deps, account, person.id, s);
      return `（已先保存您为${hazardsOf(s)}发送的 ${n} 张照片。）\n`;
    }
  }
  const what = s.stage === 'rectified' ? '整改后照片' : '现场照片';
  const must = s.required ? (s.stage === 'rectified' ? '，核实前必须补上' : '，此项必须补上') : '';
  return `（${hazardsOf(s)}的${what}先放一边：稍后发送${photoCommandOf(s)}补发${must}。）\n`;
}

/** Opens a photo step (after an action, or 照片 <隐患号>), first putting aside what waited; returns the question. */
export async function openPhotoStep(deps: PhotoDeps, account: ChatAccount, ask: PhotoAsk): Promise<string> {
  const aside = await putAside(deps, account, { kind: 'photos', ask });
  return `${aside}${await askForPhotos(deps, account, ask)}`;
}

/**
 * A picture while no photo step is open: what waits instead, and where the picture should go.
 */
export function notExpectingPhoto(w: Waiting | null): string {
  if (w?.kind === 'dialog')
    return `这张照片没有保存：您正在填写${w.state.topic}，请先回答上面的问题（或发送“取消”）。需要照片时我会提示您。`;
  if (w?.kind === 'question') return `这张照片没有保存：正在等您回复${topicOf(w.pending)}。需要照片时我会提示您。`;
  return '现在没有需要照片的事项：照片请在上报异常、上报隐患或提交整改后，按提示发送；补发请发送“照片 隐患号”。';
}

/** The line after a command's reply while a step still waits: where the next text or picture goes. */
export function stillWaiting(w: Waiting): string {
  if (w.kind === 'dialog') return `（您还在填写${w.state.topic}：请回答上面的问题，或发送“取消”。）`;
  if (w.kind === 'photos')
    return `（仍在等待${hazardsOf(w.state)}的照片：直接发送照片，发完发送“完成”${w.state.required ? '' : '，不需要请发送“跳过”'}。）`;
  return '';
}

/** The same waiting step (a command that started nothing left it as it was). */
export function sameWaiting(a: Waiting | null, b: Waiting | null): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'dialog' && b.kind === 'dialog') return a.state.id === b.state.id;
  if (a.kind === 'photos' && b.kind === 'photos') return sameStep(a.state, b.state);
  return false;
}
