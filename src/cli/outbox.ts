/**
 * `safeduty outbox list | retry <id|--all> | drop <id>`: the dead letters (messages given up after
 * their last attempt, or whose recipient cannot be reached), seen and repaired by the operator while
 * the service runs. A retried message goes out with the next tick, through the same checks as any
 * other (a request whose task is done meanwhile is cancelled, not sent).
 */
import { dropDeadLetter, retryDeadLetters } from '../adapters/store/dead-letters.js';
import { AppError } from '../app/app-error.js';
import { PURPOSE_WORDS } from '../app/report-dead-letters.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';

const USAGE =
  '用法：safeduty outbox list [--unit U] | outbox retry <消息id|--all> | outbox drop <消息id> [--reason 原因]';

const stamp = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—');

export async function outbox(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    unit: { type: 'string' },
    all: { type: 'boolean' },
    reason: { type: 'string' },
  });
  const [verb, id] = positionals;
  if (!verb || !['list', 'retry', 'drop'].includes(verb)) throw new AppError('USAGE', USAGE);
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    if (verb === 'list') {
      const letters = await store.deadLetters({ ...(values.unit ? { unitKey: values.unit } : {}), limit: 500 });
      if (letters.length === 0) {
        console.log(values.unit ? `单位 ${values.unit} 没有未送达的消息。` : '没有未送达的消息。');
        return 0;
      }
      console.log(`未送达的消息 ${letters.length} 条${letters.length === 500 ? '（只列出最早的 500 条）' : ''}：`);
      for (const l of letters) {
        console.log(
          `${l.id}  ${l.unitName}  ${l.who}  ${PURPOSE_WORDS[l.purpose] ?? l.purpose}  ` +
            `生成 ${stamp(l.createdAt)}  放弃 ${stamp(l.deadAt)}  尝试 ${l.attempts} 次`,
        );
        console.log(`    原因：${l.error.split('\n')[0] || '未知'}`);
      }
      console.log(
        '排除故障后：safeduty outbox retry --all 全部重发，或 retry <消息id> 单条重发；不再需要的用 drop <消息id> 放弃。',
      );
      return 0;
    }
    if (verb === 'retry') {
      if (!values.all && !id) throw new AppError('USAGE', `请给出消息 id，或用 --all 重发全部。${USAGE}`);
      const n = await retryDeadLetters(store.db, values.all ? 'all' : [id!]);
      if (n === 0) {
        console.error(
          values.all
            ? '没有未送达的消息需要重发。'
            : `找不到未送达的消息 ${id}：请用 safeduty outbox list 查看 id（已重发或已放弃的不再列出）`,
        );
        return values.all ? 0 : 1;
      }
      console.log(`已重新排队 ${n} 条消息，服务将在下一分钟内发送（已完成的待办不会再发）。`);
      return 0;
    }
    if (!id) throw new AppError('USAGE', `请给出要放弃的消息 id。${USAGE}`);
    const ok = await dropDeadLetter(store.db, id, `运维放弃：${values.reason ?? '未说明原因'}`);
    if (!ok) {
      console.error(`找不到未送达的消息 ${id}：请用 safeduty outbox list 查看 id`);
      return 1;
    }
    console.log(`已放弃消息 ${id}（记录保留，不再发送）。`);
    return 0;
  } finally {
    await store.close();
  }
}
