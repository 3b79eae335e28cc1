/**
 * Questions the bot asks and waits for (the hazard level, a confirmation, which device): stored per
 * chat account with an expiry, validated when read back. A question is answered only by a reply
 * that fits it; any other command cancels it (handle-text says so); it expires (default 10 min).
 */
import { z } from 'zod';
import type { Command, CommandName } from '../../domain/commands/command.js';
import { COMMAND_HELP } from '../../domain/commands/command-help.js';
import type { InboxStore } from '../ports.js';

export interface ChatAccount {
  /** the channel's name (ChannelIdentity.channel): 'feishu' | 'telegram' */
  channel: string;
  externalId: string;
}

/** How typed commands behave; safeduty.yaml `commands:` (service-config.ts). */
export interface CommandSettings {
  /** 逾期 lists what was missed in this many past days */
  missedDays: number;
  /** a pending question expires after this many minutes */
  questionMinutes: number;
}

export const DEFAULT_COMMAND_SETTINGS: CommandSettings = { missedDays: 7, questionMinutes: 10 };

const report = { unitId: z.string(), equipmentId: z.string(), device: z.string(), description: z.string() };

export const pendingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report_level'), ...report }),
  z.object({ kind: z.literal('report_confirm'), ...report, level: z.enum(['serious', 'major']) }),
  z.object({
    kind: z.literal('choose_device'),
    /** the command to run again with the chosen device's code */
    command: z.looseObject({ name: z.string() }),
    candidates: z.array(z.object({ code: z.string(), name: z.string() })).min(1),
  }),
]);
export type Pending = z.infer<typeof pendingSchema>;
export type HazardDraft = Omit<Extract<Pending, { kind: 'report_level' }>, 'kind'>;

export interface ConversationDeps {
  store: InboxStore;
  clock: { now(): Date };
  settings?: Partial<CommandSettings> | undefined;
}

export const settingsOf = (deps: { settings?: Partial<CommandSettings> | undefined }): CommandSettings => ({
  ...DEFAULT_COMMAND_SETTINGS,
  ...deps.settings,
});

export async function ask(deps: ConversationDeps, account: ChatAccount, p: Pending): Promise<void> {
  const { kind, ...data } = p;
  const expiresAt = new Date(deps.clock.now().getTime() + settingsOf(deps).questionMinutes * 60_000);
  await deps.store.setConversation(account.channel, account.externalId, { kind, data, expiresAt });
}

export async function forget(deps: ConversationDeps, account: ChatAccount): Promise<void> {
  await deps.store.setConversation(account.channel, account.externalId, null);
}

/** The question waiting for this account, or null (none, expired, or unreadable: then forgotten). */
export async function pendingOf(deps: ConversationDeps, account: ChatAccount): Promise<Pending | null> {
  const c = await deps.store.getConversation(account.channel, account.externalId, deps.clock.now());
  // A guided dialog (app/dialogs) and the photo step (app/evidence)
  // are answered by their own handlers, not as a command question.
  if (!c || c.kind === 'dialog' || c.kind === 'photos') return null;
  const parsed = pendingSchema.safeParse({ ...(c.data as object), kind: c.kind });
  if (parsed.success) return parsed.data;
  await forget(deps, account);
  return null;
}

/** What the question is about, for “已取消…”. */
export function topicOf(p: Pending): string {
  if (p.kind === 'choose_device')
    return `“${COMMAND_HELP[p.command.name as CommandName]?.label ?? p.command.name}”的设备选择`;
  return (
    `上报隐患（${p.device}` +
    `：${p.description.length > 20 ? `${Array.from(p.description).slice(0, 20).join('')}…` : p.description}）`
  );
}

export const asCommand = (c: Extract<Pending, { kind: 'choose_device' }>['command']): Command =>
  c as unknown as Command;
