/** Commits a bundle; someone acting first (a stale compare-and-set) becomes a friendly refusal. */
import { StaleStateError, type AnswerBundle } from './answer-bundle.js';
import { refuse, type Outcome } from './outcome.js';
import type { Store } from './ports.js';

export async function commitOrRefuse<T>(store: Store, b: AnswerBundle, value: T, staleMessage = '刚刚已有人处理过这一事项，请刷新后查看'): Promise<Outcome<T>> {
  try {
    await store.commitAnswer(b);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof StaleStateError) return refuse('conflict', staleMessage);
    throw e;
  }
}
