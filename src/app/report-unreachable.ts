/**
 * A message could not reach someone for a reason only an administrator can fix (RecipientUnreachable):
 * the episode is recorded per person (or group) and cause, so that `safeduty doctor` lists it, and
 * the unit's director is told ONCE per episode — who cannot be reached and what to change. When the
 * director is the one, the principal is told. If nobody else can be told, the log carries the alert.
 */
import type { RecipientUnreachable } from './channel-error.js';
import type { EngineDeps } from './engine-deps.js';
import type { AnswersStore, OutboxMessage, OutboxStore } from './ports.js';

export async function reportUnreachable(
  deps: Pick<EngineDeps<OutboxStore & AnswersStore>, 'store' | 'clock' | 'log'>,
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
  if (!ctx || !target || target.id === m.personId) {
    log.error({ ...ids, alert: 'unreachable' }, `无法送达且无人可通知：${err.message}`);
    return;
  }
  const subject = m.personId ?? m.chatId ?? '';
  const text = `【消息无法送达】${err.message}\n处理之前，请当面或电话提醒其处理待办；处理后下一条消息送达即恢复（safeduty doctor 可查看所有无法送达的人）。`;
  await store.notifyUnreachable(
    episode.id,
    {
      key: `msg:${ctx.unit.key}:unreachable:${subject}:${err.reason}:${episode.episode}`,
      unitId: m.unitId,
      personId: target.id,
      unitName: ctx.unit.name,
      text,
    },
    now,
  );
  log.warn({ ...ids, toldPersonId: target.id }, 'recipient unreachable: the director was told');
}
