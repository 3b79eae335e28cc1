/**
 * A message could not reach someone for a reason only an administrator can fix (RecipientUnreachable):
 * the episode is recorded per person (or group) and cause, so that `safeduty doctor` lists it, and
 * the unit's director is told ONCE per episode — who cannot be reached and what to change. When the
 * director is the one, the principal is told. If nobody else can be told, the log carries the alert.
 * The administrators' chat (`admin_chat` in safeduty.yaml), when set, gets a copy: they change what the
 * cause names (the app's 可用范围, the bot in a group…).
 */
import type { RecipientUnreachable } from './channel-error.js';
import type { EngineDeps } from './engine-deps.js';
import type { AnswersStore, OutboxMessage, OutboxStore } from './ports.js';

export async function reportUnreachable(
  deps: Pick<EngineDeps<OutboxStore & AnswersStore>, 'store' | 'clock' | 'log'> & Partial<Pick<EngineDeps, 'defaults'>>,
  channel: string,
  m: Pick<OutboxMessage, 'unitId' | 'personId' | 'chatId'>,
  err: RecipientUnreachable,
): Promise<void> {
  const { store, clock, log } = deps;
  const now = clock.now();
  const entry = {
    channel,
    unitId: m.unitId,
    personId: m.personId,
    chatId: m.personId ? null : m.chatId,
    cause: err.reason,
    code: String(err.code ?? err.reason),
    detail: err.message,
  };
  const episode = await store.markUnreachable(entry, now);
  if (episode.notified) return;
  const ctx = await store.loadUnitContext(m.unitId);
  const holder = (role: string) => ctx?.people.find((p) => p.roles.some((r) => r.role === role));
  const director = holder('director');
  const target = director && director.id !== m.personId ? director : holder('principal');
  const ids = { unitId: m.unitId, personId: m.personId, chatId: m.chatId, cause: err.reason, code: err.code };
  const told = target && target.id !== m.personId ? target : undefined;
  const subject = m.personId ?? m.chatId ?? '';
  const adminChat = deps.defaults?.admin_chat;
  if (ctx && adminChat && m.chatId !== adminChat)
    await store.putNotice(
      {
        key: `msg:${ctx.unit.key}:unreachable:${subject}:${err.reason}:${episode.episode}:admin`,
        unitId: m.unitId,
        unitName: ctx.unit.name,
        personId: null,
        chatId: adminChat,
        text:
          `【消息无法送达】${ctx.unit.name}：${err.message}\n` +
          `${told ? `已告知${told.name}` : '单位中没有可告知的安全总监或主要负责人'}；` +
          '处理后下一条消息送达即恢复（safeduty doctor 可查看所有无法送达的人）。',
        notBefore: now,
      },
      now,
    );
  if (!ctx || !told) {
    log.error({ ...ids, alert: 'unreachable' }, `无法送达且无人可通知：${err.message}`);
    return;
  }
  const text = `【消息无法送达】${err.message}\n处理之前，请当面或电话提醒其处理待办；处理后下一条消息送达即恢复（safeduty doctor 可查看所有无法送达的人）。`;
  await store.notifyUnreachable(
    episode.id,
    {
      key: `msg:${ctx.unit.key}:unreachable:${subject}:${err.reason}:${episode.episode}`,
      unitId: m.unitId,
      personId: told.id,
      unitName: ctx.unit.name,
      text,
    },
    now,
  );
  log.warn({ ...ids, toldPersonId: told.id }, 'recipient unreachable: the director was told');
}
