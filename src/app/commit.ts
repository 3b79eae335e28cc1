/** Commits a bundle; someone acting first (a stale compare-and-set) becomes a friendly refusal. */
import { type AnswerBundle, StaleStateError } from './answer-bundle.js';
import type { PhotoAsk } from './evidence/photo-flow.js';
import { type Outcome, refuse, type Tone } from './outcome.js';
import type { AnswersStore } from './ports.js';

/** `tone`: how the done result is shown (Outcome.tone), 'success' when absent. */
export async function commitOrRefuse<T>(
  store: AnswersStore,
  b: AnswerBundle,
  value: T,
  opts: { stale?: string; tone?: Tone; photos?: PhotoAsk } = {},
): Promise<Outcome<T>> {
  try {
    await store.commitAnswer(b);
    return {
      ok: true,
      value,
      ...(opts.tone && opts.tone !== 'success' ? { tone: opts.tone } : {}),
      ...(opts.photos ? { photos: opts.photos } : {}),
    };
  } catch (e) {
    if (e instanceof StaleStateError) return refuse('conflict', opts.stale ?? '刚刚已有人处理过这一事项，请刷新后查看');
    throw e;
  }
}
