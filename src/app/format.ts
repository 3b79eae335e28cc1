/**
 * Times as people read them in a unit's time zone, in the one
 * format of cards, messages and replies (domain/format-when.ts).
 */
import { formatWhen } from '../domain/format-when.js';
import { localDateOf, localTimeOf } from '../domain/local-time.js';

/** “08:47”: the time of day, in a line that already says the day (“已提交 08:47 · 张三”). */
export const hhmmIn = (at: Date, tz: string): string => localTimeOf(at, tz);

/** “08:47” today (a reply read at once), else “12月1日 17:30” as on the cards (“2027年1月8日 09:00” in another year). */
export function whenIn(at: Date, tz: string, now: Date): string {
  return localDateOf(at, tz) === localDateOf(now, tz)
    ? localTimeOf(at, tz)
    : formatWhen(at.toISOString(), { timeZone: tz, now });
}
