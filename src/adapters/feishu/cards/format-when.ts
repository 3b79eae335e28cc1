/**
 * Dates and times as a person reads them on a phone, in the unit's time zone and relative to the
 * card's `now`: “今天 10:00”, “明天 18:00”, “12月8日 18:00”; plain dates as “12月8日”.
 */
export interface WhenContext {
  timeZone: string;
  now: Date;
}

interface Local {
  date: string;
  time: string;
}

function local(at: Date, timeZone: string): Local {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** `2026-12-08` → `12月8日`. */
export function formatDay(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日`;
}

/** Days from `from` to `to`, both `YYYY-MM-DD`. */
function daysBetween(from: string, to: string): number {
  const utc = (s: string): number => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

function dayWord(date: string, ctx: WhenContext): string {
  const diff = daysBetween(local(ctx.now, ctx.timeZone).date, date);
  return diff === 0 ? '今天' : diff === 1 ? '明天' : diff === -1 ? '昨天' : formatDay(date);
}

/** An ISO instant (or a plain `YYYY-MM-DD` date) as “今天 10:00” / “12月8日 18:00” / “12月8日”. */
export function formatWhen(iso: string, ctx: WhenContext): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return dayWord(iso, ctx);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const l = local(at, ctx.timeZone);
  return `${dayWord(l.date, ctx)} ${l.time}`;
}

/** Whether the instant has passed at `ctx.now`; a plain date passes only when its day is over. */
export function isPast(iso: string, ctx: WhenContext): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return daysBetween(local(ctx.now, ctx.timeZone).date, iso) < 0;
  return new Date(iso).getTime() < ctx.now.getTime();
}
