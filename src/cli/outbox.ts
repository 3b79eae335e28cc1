/**
 * `safeduty outbox list | retry <id|--all> | drop <id>`: the dead letters (messages given up after
 * their last attempt, or whose recipient cannot be reached), seen and repaired by the operator while
 * the service runs. A retried message goes out with the next tick, through the same checks as any
 * other (a request whose task is done meanwhile is cancelled, not sent).
 */
import type { Db } from '../adapters/store/db.js';
import { dropDeadLetter, messageStates, retryDeadLetters } from '../adapters/store/dead-letters.js';
import { AppError } from '../app/app-error.js';
import { PURPOSE_WORDS } from '../app/report-dead-letters.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';

const USAGE =
  '用法：safeduty outbox list [--unit U] | outbox retry <消息id…|--all> | outbox drop <消息id> [--reason 原因]';

const stamp = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—');

export async function outbox(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    unit: { type: 'string' },
    all: { type: 'boolean' },
    reason: { type: 'string' },
  });
  const [verb, ...ids] = positionals;
  if (!verb || !['list', 'retry', 'drop'].includes(verb)) throw new AppError('USAGE', USAGE);
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    if (verb === 'list') {
      if (values.unit) await knownUnit(store.db, values.unit);
      const letters = await store.deadLetters({ ...(values.unit ? { unitKey: values.unit } : {}), limit: 500 });
      if (letters.length === 0) {
        console.log(values.unit ? `单位 ${values.unit} 没有未送达的消息。` : '没有未送达的消息。');
        return 0;
      }
      console.log(`未送达的消息 ${letters.length} 条${letters.length === 500 ? '（只列出最早的 500 条）' : ''}：`);
      for (const l of letters) {
        console.log(
          `${l.id}  ${l.unitName}  ${l.who}  ${PURPOSE_WORDS[l.purpose] ?? l.purpose}  ` +
            `生成 ${stamp(l.createdAt)}  ${l.deadAt ? `放弃 ${stamp(l.deadAt)}` : '无法送达（不重试）'}  尝试 ${l.attempts} 次`,
        );
        console.log(`    原因：${l.error.split('\n')[0] || '未知'}`);
      }
      console.log(
        '排除故障后：safeduty outbox retry --all 全部重发，或 retry <消息id> 单条重发；不再需要的用 drop <消息id> 放弃。',
      );
      return 0;
    }
    if (verb === 'retry') {
      if (values.all && ids.length) throw new AppError('USAGE', `--all 与消息 id 只能选一个。${USAGE}`);
      if (!values.all && ids.length === 0) throw new AppError('USAGE', `请给出消息 id，或用 --all 重发全部。${USAGE}`);
      if (values.all) {
        const n = await retryDeadLetters(store.db, 'all');
        console.log(n ? requeued(n) : '没有未送达的消息需要重发。');
        return 0;
      }
      const notDead = await notDeadLetters(store.db, ids);
      const n = await retryDeadLetters(
        store.db,
        ids.filter((i) => !notDead.has(i)),
      );
      if (n) console.log(requeued(n));
      for (const line of notDead.values()) console.error(line);
      return notDead.size ? 1 : 0;
    }
    if (ids.length !== 1)
      throw new AppError('USAGE', `${ids.length ? '一次放弃一条消息' : '请给出要放弃的消息 id'}。${USAGE}`);
    const id = ids[0]!;
    const ok = await dropDeadLetter(store.db, id, `运维放弃：${values.reason ?? '未说明原因'}`);
    if (!ok) {
      console.error((await notDeadLetters(store.db, [id])).get(id) ?? `消息 ${id} 无法放弃`);
      return 1;
    }
    console.log(`已放弃消息 ${id}（记录保留，不再发送）。`);
    return 0;
  } finally {
    await store.close();
  }
}

const requeued = (n: number) => `已重新排队 ${n} 条消息，服务将在下一分钟内发送（已完成的待办不会再发）。`;

/** The unit of `--unit`, or a refusal naming the units there are. */
async function knownUnit(db: Db, key: string): Promise<void> {
  const units = await db.unit.findMany({ select: { key: true }, orderBy: { key: 'asc' } });
  if (!units.some((u) => u.key === key))
    throw new AppError(
      'USAGE',
      `没有单位“${key}”：--unit 请用单位文件中的 key（${units.map((u) => u.key).join('、') || '数据库中还没有单位'}）`,
    );
}

/** Of these ids, the ones that are not dead letters, each with what became of it and what to do. */
async function notDeadLetters(db: Db, ids: string[]): Promise<Map<string, string>> {
  const states = await messageStates(db, ids);
  const said = new Map<string, string>();
  for (const id of ids) {
    const m = states.get(id);
    if (m?.state === 'dead') continue;
    said.set(
      id,
      !m
        ? `找不到消息 ${id}：请用 safeduty outbox list 查看未送达消息的 id`
        : m.state === 'sent'
          ? `消息 ${id} 已于 ${stamp(m.sentAt)} 送达，无需重发`
          : m.state === 'cancelled'
            ? `消息 ${id} 已取消或已放弃（不再发送；待办已完成或运维已放弃）`
            : `消息 ${id} 仍在发送队列中（${m.state === 'failed' ? '上次失败，等待重试' : '等待发送'}），服务会继续尝试，无需操作`,
    );
  }
  return said;
}
