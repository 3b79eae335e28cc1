/**
 * The guided dialog of a chat account, kept where the bot keeps its other questions (the
 * Conversation row of conversation.ts, kind `dialog`): one open question per account, with the
 * same expiry (`commands.question_minutes`, renewed at each answer), read back through its schema.
 * Stored, so a dialog survives a restart of the service. A new dialog takes the place of whatever
 * waited (a command question, a photo step, another dialog), and says so (app/commands/waiting.ts).
 */
import { type ChatAccount, type ConversationDeps, settingsOf } from '../commands/conversation.js';
import { type DialogState, dialogStateSchema } from './dialog.js';

export const DIALOG_KIND = 'dialog';

export async function saveDialog(deps: ConversationDeps, account: ChatAccount, state: DialogState): Promise<void> {
  const expiresAt = new Date(deps.clock.now().getTime() + settingsOf(deps).questionMinutes * 60_000);
  await deps.store.setConversation(account.channel, account.externalId, { kind: DIALOG_KIND, data: state, expiresAt });
}

/** The open dialog of this account, or null (none, expired, another kind of question, or unreadable). */
export async function dialogOf(deps: ConversationDeps, account: ChatAccount): Promise<DialogState | null> {
  const c = await deps.store.getConversation(account.channel, account.externalId, deps.clock.now());
  if (!c || c.kind !== DIALOG_KIND) return null;
  const parsed = dialogStateSchema.safeParse(c.data);
  return parsed.success ? parsed.data : null;
}

/**
 * Ends the account's dialog (`id`: only that one). Whatever else waits there now (a photo step
 * opened since, a command question) is left alone.
 */
export async function endDialog(deps: ConversationDeps, account: ChatAccount, id?: string): Promise<void> {
  const open = await dialogOf(deps, account);
  if (!open || (id !== undefined && open.id !== id)) return;
  await deps.store.setConversation(account.channel, account.externalId, null);
}
