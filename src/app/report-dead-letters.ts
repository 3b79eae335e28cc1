/**
 * Messages given up after their last attempt (dead letters) are told to the unit's director (the
 * principal too when the director is among those not reached) and, when configured, to the
 * administrators' chat (`admin_chat` in safeduty.yaml): who was not reached, what and why.
 *
 * A fan-out failure is ONE notice per unit, not hundreds: the notice waits GATHER_MS before it leaves
 * and, until then, every new death of the unit rewrites it (OutboxStore.putNotice) with the whole list since
 * the previous notice left. Deaths told another way (RecipientUnreachable: report-unreachable.ts) and
 * the notices' own failures are not counted here (no loop when the channel itself is down).
 */
import type { EngineDeps } from './engine-deps.js';
import type { AnswersStore, DeadLetter, OutboxStore } from './ports.js';

/** How long a dead-letter notice gathers further deaths of its unit before it leaves. */
export const GATHER_MS = 2 * 60_000;

/** The marker in a dead-letter notice's key (msg:<unit>:dead_letters:<since ms>[:admin]). */
export const DEAD_LETTER_KEY = ':dead_letters:';

/** What a message is, by its purpose, as the operator and the director read it. */
export const PURPOSE_WORDS: Record<string, string> = {
  prompt: '待办',
  reminder: '提醒',
  escalation: '催办',
  hazard: '隐患通知',
  advice: '意见建议',
  notice: '通知',
};
const MAX_NAMES = 8;
const MAX_LINES = 12;

/** One line per (what, why): “张三、李四等 12 人：待办（飞书接口超时）”. */
export function deadLetterText(unitName: string, letters: DeadLetter[]): string {
  const groups = new Map<string, { purpose: string; error: string; who: string[] }>();
  for (const l of letters) {
    const error = l.error.split('\n')[0]!.slice(0, 120) || '原因未知';
    const k = `${l.purpose}\u0000${error}`;
    const g = groups.get(k) ?? groups.set(k, { purpose: l.purpose, error, who: [] }).get(k)!;
    if (!g.who.includes(l.who)) g.who.push(l.who);
  }
  const lines = [...groups.values()].map((g) => {
    const names = g.who.slice(0, MAX_NAMES).join('、') + (g.who.length > MAX_NAMES ? `等 ${g.who.length} 人` : '');
    return `· ${names}：${PURPOSE_WORDS[g.purpose] ?? g.purpose}（${g.error}）`;
  });
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`· 另有 ${lines.length - MAX_LINES} 类失败未列出`);
  return [
    `【消息未送达】${unitName}：${letters.length} 条消息多次重试后仍未送达，已停止发送：`,
    ...shown,
    '请当面或电话告知他们今天的工作；管理员排除故障后可用 safeduty outbox retry --all 重新发送（safeduty outbox list 查看明细）。',
  ].join('\n');
}

export async function reportDeadLetters(
  deps: Pick<EngineDeps<OutboxStore & AnswersStore>, 'store' | 'clock' | 'log' | 'defaults'>,
  died: { unitId: string; at: Date }[],
): Promise<void> {
  const { store, clock, log } = deps;
  const byUnit = new Map<string, Date>();
  for (const d of died) if (!byUnit.has(d.unitId) || d.at < byUnit.get(d.unitId)!) byUnit.set(d.unitId, d.at);
  for (const [unitId, earliest] of byUnit) {
    const ctx = await store.loadUnitContext(unitId);
    if (!ctx) continue;
    const now = clock.now();
    const prefix = `msg:${ctx.unit.key}${DEAD_LETTER_KEY}`;
    const last = await store.latestNotice(prefix);
    // Still gathering: rewrite that notice. Else a new one covering the deaths since the last one left.
    const gathering = last?.pending && last.notBefore > now;
    const since = gathering
      ? new Date(Number(last.key.slice(prefix.length).split(':')[0]))
      : new Date(Math.min(earliest.getTime(), last?.notBefore.getTime() ?? earliest.getTime()));
    const letters = (await store.deadLetters({ unitId, since })).filter((l) => !l.key.includes(DEAD_LETTER_KEY));
    if (letters.length === 0) continue;
    const text = deadLetterText(ctx.unit.name, letters);
    const holder = (role: string) => ctx.people.find((p) => p.roles.some((r) => r.role === role));
    const director = holder('director');
    const principal = holder('principal');
    const unreached = new Set(letters.map((l) => l.personId));
    const targets = [director, ...(!director || unreached.has(director.id) ? [principal] : [])].filter(
      (p): p is NonNullable<typeof p> => !!p,
    );
    const notBefore = gathering ? last.notBefore : new Date(now.getTime() + GATHER_MS);
    const base = `${prefix}${since.getTime()}`;
    const drafts = [
      ...targets.map((p) => ({ key: `${base}:${p.id}`, personId: p.id, chatId: null })),
      ...(deps.defaults.admin_chat ? [{ key: `${base}:admin`, personId: null, chatId: deps.defaults.admin_chat }] : []),
    ];
    if (drafts.length === 0)
      log.error(
        { unitId, deadLetters: letters.length, alert: 'dead_letter' },
        `消息未送达且无人可通知：${ctx.unit.name}`,
      );
    for (const d of drafts) {
      const r = await store.putNotice({ ...d, unitId, unitName: ctx.unit.name, text, notBefore }, now);
      log.warn({ unitId, key: d.key, deadLetters: letters.length, notice: r }, 'dead letters: the director is told');
    }
  }
}
