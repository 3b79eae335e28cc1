/**
 * Dates and times as a person reads them on a phone, in the unit's time zone: “12月8日 18:00”,
 * plain dates as “12月8日” (with the year when it is not the card's year).
 *
 * Always absolute: a card stays in the chat as it was drawn (a prompt delivered in the evening is
 * read the next morning, yesterday's card is scrolled back to), so a relative word such as “今天”
 * would be wrong on every day but the one it was drawn on.
 */
import dayjs from 'dayjs';
import { localDateOf, localTimeOf } from './local-time.js';

export interface WhenContext {
  timeZone: string;
  now: Date;
}

/** `2026-12-08` → “12月8日”. */
export function formatDay(date: string): string {
  return dayjs(date).format('M月D日');
}

/** `2026-12-08` → “2026年12月8日”. */
export function formatDayWithYear(date: string): string {
  return dayjs(date).format('YYYY年M月D日');
}

/** “12月8日”, or “2027年1月8日” when the year is not that of `ctx.now` (in the unit's time zone). */
function absoluteDay(date: string, ctx: WhenContext): string {
  return date.slice(0, 4) === localDateOf(ctx.now, ctx.timeZone).slice(0, 4)
    ? formatDay(date)
    : formatDayWithYear(date);
}

/** An ISO instant (or a plain `YYYY-MM-DD` date) as “12月8日 18:00” / “12月8日”, in the unit's time zone. */
export function formatWhen(iso: string, ctx: WhenContext): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return absoluteDay(iso, ctx);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${absoluteDay(localDateOf(at, ctx.timeZone), ctx)} ${localTimeOf(at, ctx.timeZone)}`;
}

/** Whether the instant has passed at `ctx.now`; a plain date passes only when its day is over. */
export function isPast(iso: string, ctx: WhenContext): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso < localDateOf(ctx.now, ctx.timeZone);
  return new Date(iso).getTime() < ctx.now.getTime();
}
