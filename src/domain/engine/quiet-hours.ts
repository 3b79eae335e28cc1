/**
 * Quiet hours (default 21:00–07:30, possibly across midnight): a non-urgent message decided during
 * them waits until they end; an urgent one (serious or major hazard) goes at once.
 */
import { addDays, atLocal, localDateOf, localTimeOf } from '../local-time.js';

export function deliverAfter(
  now: Date,
  urgent: boolean,
  quiet: { start: string; end: string } | null,
  tz: string,
): Date {
  if (!quiet || urgent || quiet.start === quiet.end) return now;
  const t = localTimeOf(now, tz);
  const wraps = quiet.start > quiet.end;
  const inQuiet = wraps ? t >= quiet.start || t < quiet.end : t >= quiet.start && t < quiet.end;
  if (!inQuiet) return now;
  const today = localDateOf(now, tz);
  // Across midnight, the evening part ends tomorrow morning.
  const endDate = wraps && t >= quiet.start ? addDays(today, 1) : today;
  return atLocal(endDate, quiet.end, tz);
}
