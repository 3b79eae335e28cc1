import { describe, expect, it } from 'vitest';
import {
  dayKey,
  isoWeekKey,
  isoWeeksInYear,
  monthKey,
  nextPeriod,
  type PeriodKind,
  parsePeriodKey,
  periodBounds,
  periodOf,
  previousPeriod,
} from '../../src/domain/periods.js';

describe('isoWeekKey', () => {
  it.each([
    ['2026-12-01', '2026-W49'],
    ['2026-12-28', '2026-W53'],
    ['2026-12-29', '2026-W53'],
    ['2026-12-30', '2026-W53'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-02', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2025-12-28', '2025-W52'],
    ['2024-12-30', '2025-W01'],
    ['2024-12-29', '2024-W52'],
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2028-02-29', '2028-W09'],
    ['2026-02-14', '2026-W07'],
  ])('%s → %s', (date, key) => {
    expect(isoWeekKey(date)).toBe(key);
  });

  it.each([
    [2020, 53],
    [2021, 52],
    [2025, 52],
    [2026, 53],
    [2027, 52],
    [2032, 53],
  ])('ISO year %d has %d weeks', (y, n) => {
    expect(isoWeeksInYear(y)).toBe(n);
  });
});

describe('dayKey / monthKey', () => {
  it.each([
    ['2026-12-01', '2026-12-01', '2026-12'],
    ['2028-02-29', '2028-02-29', '2028-02'],
    ['2027-01-01', '2027-01-01', '2027-01'],
  ])('%s → %s, %s', (date, day, month) => {
    expect(dayKey(date)).toBe(day);
    expect(monthKey(date)).toBe(month);
  });

  it('rejects an invalid date', () => {
    expect(() => dayKey('2026-02-30')).toThrow(RangeError);
    expect(() => monthKey('2026-2-1')).toThrow(RangeError);
  });
});

describe('periodOf', () => {
  it.each<[PeriodKind, string, string, string, string]>([
    ['daily', '2026-12-01', '2026-12-01', '2026-12-01', '2026-12-01'],
    ['weekly', '2026-12-01', '2026-W49', '2026-11-30', '2026-12-06'],
    ['weekly', '2026-12-06', '2026-W49', '2026-11-30', '2026-12-06'],
    ['weekly', '2027-01-01', '2026-W53', '2026-12-28', '2027-01-03'],
    ['weekly', '2024-12-31', '2025-W01', '2024-12-30', '2025-01-05'],
    ['weekly', '2028-03-01', '2028-W09', '2028-02-28', '2028-03-05'],
    ['monthly', '2026-12-15', '2026-12', '2026-12-01', '2026-12-31'],
    ['monthly', '2028-02-10', '2028-02', '2028-02-01', '2028-02-29'],
    ['monthly', '2027-02-28', '2027-02', '2027-02-01', '2027-02-28'],
    ['monthly', '2026-04-30', '2026-04', '2026-04-01', '2026-04-30'],
  ])('%s of %s → %s (%s..%s)', (kind, date, key, start, end) => {
    expect(periodOf(kind, date)).toEqual({ kind, key, start, end });
  });
});

describe('parsePeriodKey', () => {
  it.each([
    ['2026-12-01', 'daily', '2026-12-01', '2026-12-01'],
    ['2028-02-29', 'daily', '2028-02-29', '2028-02-29'],
    ['2026-W49', 'weekly', '2026-11-30', '2026-12-06'],
    ['2026-W53', 'weekly', '2026-12-28', '2027-01-03'],
    ['2026-W01', 'weekly', '2025-12-29', '2026-01-04'],
    ['2025-W01', 'weekly', '2024-12-30', '2025-01-05'],
    ['2020-W53', 'weekly', '2020-12-28', '2021-01-03'],
    ['2026-12', 'monthly', '2026-12-01', '2026-12-31'],
    ['2028-02', 'monthly', '2028-02-01', '2028-02-29'],
  ])('%s → %s %s..%s', (key, kind, start, end) => {
    expect(parsePeriodKey(key)).toEqual({ kind, key, start, end });
  });

  it.each([
    ['2026-02-30'],
    ['2026-2-1'],
    ['2026-W00'],
    ['2026-W54'],
    ['2025-W53'],
    ['2026-W1'],
    ['2026-w01'],
    ['2026W01'],
    ['2026-13'],
    ['2026-00'],
    ['2026-1'],
    ['2026'],
    [''],
    ['2026-12-01 '],
    ['week 49'],
  ])('rejects %j', (key) => {
    expect(parsePeriodKey(key)).toBeNull();
  });

  it.each(['2026-12-01', '2026-W53', '2027-W01', '2028-02'])('round-trips %s through periodOf', (key) => {
    const p = parsePeriodKey(key)!;
    expect(periodOf(p.kind, p.start)).toEqual(p);
    expect(periodOf(p.kind, p.end)).toEqual(p);
  });
});

describe('previousPeriod / nextPeriod', () => {
  it.each([
    ['2027-01-01', '2026-12-31', '2027-01-02'],
    ['2026-W53', '2026-W52', '2027-W01'],
    ['2025-W01', '2024-W52', '2025-W02'],
    ['2026-12', '2026-11', '2027-01'],
    ['2028-03', '2028-02', '2028-04'],
  ])('%s: previous %s, next %s', (key, prev, next) => {
    const p = parsePeriodKey(key)!;
    expect(previousPeriod(p).key).toBe(prev);
    expect(nextPeriod(p).key).toBe(next);
  });
});

describe('periodBounds', () => {
  it.each([
    ['2026-12-01', 'Asia/Shanghai', '2026-11-30T16:00:00.000Z', '2026-12-01T16:00:00.000Z'],
    ['2026-W49', 'Asia/Shanghai', '2026-11-29T16:00:00.000Z', '2026-12-06T16:00:00.000Z'],
    ['2026-12', 'Asia/Shanghai', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2028-02', 'Asia/Shanghai', '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z'],
    // 23-hour and 25-hour days
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['2026-03', 'Europe/Berlin', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    // midnight does not exist in Santiago on 2026-09-06: that day starts at 01:00 local
    ['2026-09-05', 'America/Santiago', '2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z'],
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z'],
  ])('%s in %s → [%s, %s)', (key, tz, startsAt, endsAt) => {
    const b = periodBounds(parsePeriodKey(key)!, tz);
    expect([b.startsAt.toISOString(), b.endsAt.toISOString()]).toEqual([startsAt, endsAt]);
  });

  it('tiles time: each period ends where the next starts', () => {
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin']) {
      let p = parsePeriodKey('2026-W01')!;
      for (let i = 0; i < 60; i++) {
        const next = nextPeriod(p);
        expect(periodBounds(p, tz).endsAt).toEqual(periodBounds(next, tz).startsAt);
        p = next;
      }
    }
  });
});
