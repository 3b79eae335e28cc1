/**
 * What every card renderer gets besides the payload, and the words the cards share. Kept apart
 * from index.ts so the card modules do not import the entry point.
 */
import type { HazardLevel } from '../../../domain/answers/daily-answer.js';
import type { Template } from './card-json.js';
import type { WhenContext } from '../../../domain/format-when.js';

export interface RenderContext extends WhenContext {
  /** IANA zone of the unit, e.g. Asia/Shanghai */
  timeZone: string;
  /** the instant the card is rendered (the year shown or not; overdue colours) */
  now: Date;
  /** the unit's people: the owners a monthly resolution can be given to */
  people?: { id: string; name: string }[];
  /**
   * The task the card answers, for payloads that carry no task key (weekly_review,
   * monthly_dispatch): the message's task key. A key on the payload wins.
   */
  taskKey?: string;
}

/** Card numbering when a prompt needs several cards: “（1/3）”. */
export interface CardPart {
  index: number;
  of: number;
}

export const partSuffix = (part?: CardPart): string => (part && part.of > 1 ? `（${part.index}/${part.of}）` : '');

export { KIND_LABELS } from '../../../domain/engine/labels.js';

/** Serious and major hazards are red everywhere, general ones orange. */
export const levelTemplate = (level: HazardLevel): Template => (level === 'general' ? 'orange' : 'red');
export const levelColor = (level: HazardLevel): 'orange' | 'red' => (level === 'general' ? 'orange' : 'red');

/** The task key a weekly or monthly card submits; a card without one could never be answered. */
export function taskKeyOf(p: { type: string; taskKey?: string }, ctx: RenderContext): string {
  const key = p.taskKey ?? ctx.taskKey;
  if (!key) throw new Error(`${p.type} card: no task key — pass the message's task key as ctx.taskKey`);
  return key;
}
