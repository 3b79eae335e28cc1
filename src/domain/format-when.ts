/**
 * Dates and times as a person reads them on a phone, in the unit's time zone: “12月8日 18:00”,
 * plain dates as “12月8日” (with the year when it is not the card's year).
 *
 * Always absolute: a card stays in the chat as it was drawn (a prompt delivered in the evening is
 * read the next morning, yesterday's card is scrolled back to), so a relative word such as “今天”
 * would be wrong on every day but the one it was drawn on.
 */
export interface WhenContext {
  timeZone: string;
  now: Date;
}

interface Local {
  date: string;
  time: string;
}

/** An instant's local date `YYYY-MM-DD` and time `HH:MM` in `timeZone`. */
export function local(at: Date, timeZone: string): Local {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** `2026-12-08` → `12月8日`. */
export function formatDay(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日`;
}

/** `12月8日`, or `2027年1月8日` when the year is not that of `ctx.now`. */
function absoluteDay(date: string, ctx: WhenContext): string {
  return date.slice(0, 4) === local(ctx.now, ctx.timeZone).date.slice(0, 4)
    ? formatDay(date)
    : `${Number(date.slice(0, 4))}年${formatDay(date)}`;
}

/** Days from `from` to `to`, both `YYYY-MM-DD`. */
function daysBetween(from: string, to: string): number {
  const utc = (s: string): number => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** An ISO instant (or a plain `YYYY-MM-DD` date) as “12月8日 18:00” / “12月8日”. */
export function formatWhen(iso: string, ctx: WhenContext): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return absoluteDay(iso, ctx);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const l = local(at, ctx.timeZone);
  return `${absoluteDay(l.date, ctx)} ${l.time}`;
}

/** Whether the instant has passed at `ctx.now`; a plain date passes only when its day is over. */
export function isPast(iso: string, ctx: WhenContext): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return daysBetween(local(ctx.now, ctx.timeZone).date, iso) < 0;
  return new Date(iso).getTime() < ctx.now.getTime();
}
