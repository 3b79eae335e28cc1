/**
 * The card context and numbering. Kept apart from index.ts so the card modules do not import the
 * entry point.
 */
import type { PromptContext } from '../../../app/prompts/prompt-view.js';

/** What every card gets besides the payload: the neutral prompt context (time zone, now, people, task key). */
export type RenderContext = PromptContext;

/** Card numbering when a prompt needs several cards: “（1/3）”. */
export interface CardPart {
  index: number;
  of: number;
}

export const partSuffix = (part?: CardPart): string => (part && part.of > 1 ? `（${part.index}/${part.of}）` : '');
