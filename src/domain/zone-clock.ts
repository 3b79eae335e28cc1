/**
 * Wall clock and UTC offset of an instant in an IANA time zone, read from Intl (Node ships full
 * ICU). This is the only place that knows about time-zone rules; everything else works on local
 * dates and 'HH:mm' strings.
 */

/** Wall-clock reading of an instant in some zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Intl.DateTimeFormat construction is slow; formatters are immutable, so caching per zone is safe.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when Intl knows `tz` as a time zone ('Asia/Shanghai', 'UTC'); false for anything else. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock shown in `tz` at `instant`. Throws RangeError for an unknown zone. */
export function wallClockOf(instant: Date, tz: string): WallClock {
  if (Number.isNaN(instant.getTime())) throw new RangeError('wallClockOf: invalid Date');
  // formatToParts costs microseconds, and a tick asks about the same instant for every unit.
  const key = `${instant.getTime()} ${tz}`;
  const known = readings.get(key);
  if (known) return { ...known };
  const w = readWallClock(instant, tz);
  if (readings.size >= READINGS_SIZE) readings.clear();
  readings.set(key, w);
  return { ...w };
}

const READINGS_SIZE = 4096;
const readings = new Map<string, WallClock>();

function readWallClock(instant: Date, tz: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = parts;
  return { year, month, day, hour, minute, second };
}

/** Milliseconds of the wall clock read as if it were UTC; used to compare readings arithmetically. */
export function wallClockMs(w: WallClock): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

/** Offset of `tz` from UTC at `instant`, in minutes (Asia/Shanghai → 480, New York in winter → -300). */
export function offsetMinutesAt(instant: Date, tz: string): number {
  const wholeSecond = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClockMs(wallClockOf(instant, tz)) - wholeSecond) / 60_000);
}
