/** Times as people read them in a unit's time zone. */
import { localDateOf, localTimeOf } from '../domain/local-time.js';

export const hhmmIn = (at: Date, tz: string): string => localTimeOf(at, tz);

/** “08:47” today, “12-01 08:47” another day. */
export function whenIn(at: Date, tz: string, now: Date): string {
  const d = localDateOf(at, tz);
  return d === localDateOf(now, tz) ? localTimeOf(at, tz) : `${d.slice(5)} ${localTimeOf(at, tz)}`;
}
