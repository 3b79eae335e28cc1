import { describe, expect, it } from 'vitest';
import { dailyWindow, monthlyWindow, type TaskWindow, weeklyWindow } from '../../../src/domain/engine/windows.js';
import { localDateOf, localTimeOf } from '../../../src/domain/local-time.js';
import { defaultSchedule, TZ } from './snapshot-fixture.js';

const s = defaultSchedule();
const asIso = (w: TaskWindow) => ({
  period: w.period,
  opensAt: w.opensAt.toISOString(),
  dueAt: w.dueAt.toISOString(),
  closesAt: w.closesAt.toISOString(),
});

describe('dailyWindow (08:30 → 17:30, closes at the next local midnight)', () => {
  it.each([
    // Asia/Shanghai is UTC+8 all year.
    ['Asia/Shanghai', '2026-12-01', '2026-12-01T00:30:00.000Z', '2026-12-01T09:30:00.000Z', '2026-12-01T16:00:00.000Z'],
    ['Asia/Shanghai', '2026-12-31', '2026-12-31T00:30:00.000Z', '2026-12-31T09:30:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['Asia/Shanghai', '2028-02-29', '2028-02-29T00:30:00.000Z', '2028-02-29T09:30:00.000Z', '2028-02-29T16:00:00.000Z'],
    // New York: EST (-5) until 2026-03-08 02:00, EDT (-4) until 2026-11-01 02:00.
    [
      'America/New_York',
      '2026-03-08',
      '2026-03-08T12:30:00.000Z',
      '2026-03-08T21:30:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ],
    [
      'America/New_York',
      '2026-11-01',
      '2026-11-01T13:30:00.000Z',
      '2026-11-01T22:30:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ],
    // Berlin: CET (+1) until 2026-03-29 02:00, CEST (+2) until 2026-10-25 03:00.
    ['Europe/Berlin', '2026-03-29', '2026-03-29T06:30:00.000Z', '2026-03-29T15:30:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['Europe/Berlin', '2026-10-25', '2026-10-25T07:30:00.000Z', '2026-10-25T16:30:00.000Z', '2026-10-25T23:00:00.000Z'],
  ])('%s %s', (tz, date, opensAt, dueAt, closesAt) => {
    expect(asIso(dailyWindow(date, s, tz))).toEqual({ period: date, opensAt, dueAt, closesAt });
  });

  it.each([
    // The DST day is 23 h (spring) or 25 h (autumn) long; the window still closes at local midnight.
    ['America/New_York', '2026-03-07', '2026-03-08', '2026-03-09', 23],
    ['America/New_York', '2026-10-31', '2026-11-01', '2026-11-02', 25],
    ['Europe/Berlin', '2026-03-28', '2026-03-29', '2026-03-30', 23],
    ['Europe/Berlin', '2026-10-24', '2026-10-25', '2026-10-26', 25],
  ])('%s: from the close of %s, the DST-day %s lasts until %s 00:00 (%d h)', (tz, before, date, after, hours) => {
    const w = dailyWindow(date, s, tz);
    expect((w.closesAt.getTime() - dailyWindow(before, s, tz).closesAt.getTime()) / 3_600_000).toBe(hours);
    expect([localDateOf(w.closesAt, tz), localTimeOf(w.closesAt, tz)]).toEqual([after, '00:00']);
  });

  it.each([
    // An opening time inside the spring-forward gap fires when the clock leaves it (03:00 local).
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z'],
    // An opening time inside the autumn overlap fires at its first occurrence (summer time).
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
  ])('%s %s open %s (DST gap or overlap) → %s', (tz, date, open, opensAt) => {
    const custom = { ...s, daily: { ...s.daily, open } };
    expect(dailyWindow(date, custom, tz).opensAt.toISOString()).toBe(opensAt);
  });
});

describe('weeklyWindow (Monday 09:00 → Sunday 18:00, ISO weeks)', () => {
  const w53 = {
    period: '2026-W53',
    opensAt: '2026-12-28T01:00:00.000Z',
    dueAt: '2027-01-03T10:00:00.000Z',
    closesAt: '2027-01-03T16:00:00.000Z',
  };
  it.each([
    ['2026-12-28', w53],
    ['2026-12-31', w53],
    ['2027-01-03', w53],
    [
      '2027-01-04',
      {
        period: '2027-W01',
        opensAt: '2027-01-04T01:00:00.000Z',
        dueAt: '2027-01-10T10:00:00.000Z',
        closesAt: '2027-01-10T16:00:00.000Z',
      },
    ],
    [
      '2025-12-29',
      {
        period: '2026-W01',
        opensAt: '2025-12-29T01:00:00.000Z',
        dueAt: '2026-01-04T10:00:00.000Z',
        closesAt: '2026-01-04T16:00:00.000Z',
      },
    ],
    [
      '2026-12-01',
      {
        period: '2026-W49',
        opensAt: '2026-11-30T01:00:00.000Z',
        dueAt: '2026-12-06T10:00:00.000Z',
        closesAt: '2026-12-06T16:00:00.000Z',
      },
    ],
    // Spring Festival week: the weekly review is not moved by holidays.
    [
      '2026-02-18',
      {
        period: '2026-W08',
        opensAt: '2026-02-16T01:00:00.000Z',
        dueAt: '2026-02-22T10:00:00.000Z',
        closesAt: '2026-02-22T16:00:00.000Z',
      },
    ],
  ])('Asia/Shanghai %s', (date, expected) => {
    expect(asIso(weeklyWindow(date, s, TZ))).toEqual(expected);
  });

  it('opens at local 09:00 on Monday 2026-12-28 in week 53', () => {
    const w = weeklyWindow('2027-01-02', s, TZ);
    expect([localDateOf(w.opensAt, TZ), localTimeOf(w.opensAt, TZ)]).toEqual(['2026-12-28', '09:00']);
    expect([localDateOf(w.closesAt, TZ), localTimeOf(w.closesAt, TZ)]).toEqual(['2027-01-04', '00:00']);
  });

  it.each([
    // The week holding the spring-forward Sunday: opens in EST, falls due and closes in EDT.
    [
      'America/New_York',
      '2026-03-04',
      {
        period: '2026-W10',
        opensAt: '2026-03-02T14:00:00.000Z',
        dueAt: '2026-03-08T22:00:00.000Z',
        closesAt: '2026-03-09T04:00:00.000Z',
      },
    ],
    [
      'Europe/Berlin',
      '2026-03-29',
      {
        period: '2026-W13',
        opensAt: '2026-03-23T08:00:00.000Z',
        dueAt: '2026-03-29T16:00:00.000Z',
        closesAt: '2026-03-29T22:00:00.000Z',
      },
    ],
  ])('%s %s across a DST change', (tz, date, expected) => {
    expect(asIso(weeklyWindow(date, s, tz))).toEqual(expected);
  });

  it('follows a custom open and due weekday (Wednesday 10:00 → Friday 16:00)', () => {
    const custom = { ...s, weekly: { open_weekday: 3, open: '10:00', due_weekday: 5, due: '16:00' } };
    expect(asIso(weeklyWindow('2026-12-31', custom, TZ))).toEqual({
      period: '2026-W53',
      opensAt: '2026-12-30T02:00:00.000Z',
      dueAt: '2027-01-01T08:00:00.000Z',
      closesAt: '2027-01-03T16:00:00.000Z',
    });
  });
});

describe('monthlyWindow (the 25th 09:00 → last day 18:00)', () => {
  it.each([
    [
      '2026-02-10',
      {
        period: '2026-02',
        opensAt: '2026-02-25T01:00:00.000Z',
        dueAt: '2026-02-28T10:00:00.000Z',
        closesAt: '2026-02-28T16:00:00.000Z',
      },
    ],
    [
      '2028-02-01',
      {
        period: '2028-02',
        opensAt: '2028-02-25T01:00:00.000Z',
        dueAt: '2028-02-29T10:00:00.000Z',
        closesAt: '2028-02-29T16:00:00.000Z',
      },
    ],
    [
      '2026-12-31',
      {
        period: '2026-12',
        opensAt: '2026-12-25T01:00:00.000Z',
        dueAt: '2026-12-31T10:00:00.000Z',
        closesAt: '2026-12-31T16:00:00.000Z',
      },
    ],
    [
      '2026-04-30',
      {
        period: '2026-04',
        opensAt: '2026-04-25T01:00:00.000Z',
        dueAt: '2026-04-30T10:00:00.000Z',
        closesAt: '2026-04-30T16:00:00.000Z',
      },
    ],
  ])('Asia/Shanghai %s', (date, expected) => {
    expect(asIso(monthlyWindow(date, s, TZ))).toEqual(expected);
  });

  it('December 2026 closes at 2027-01-01 00:00 local', () => {
    const w = monthlyWindow('2026-12-15', s, TZ);
    expect([localDateOf(w.closesAt, TZ), localTimeOf(w.closesAt, TZ)]).toEqual(['2027-01-01', '00:00']);
  });

  it('open_day 28 in February 2026 opens on the last day, nine hours before it falls due', () => {
    const custom = { ...s, monthly: { ...s.monthly, open_day: 28 } };
    expect(asIso(monthlyWindow('2026-02-14', custom, TZ))).toEqual({
      period: '2026-02',
      opensAt: '2026-02-28T01:00:00.000Z',
      dueAt: '2026-02-28T10:00:00.000Z',
      closesAt: '2026-02-28T16:00:00.000Z',
    });
  });

  it('America/New_York October 2026: due and closed before the clocks fall back', () => {
    expect(asIso(monthlyWindow('2026-10-05', s, 'America/New_York'))).toEqual({
      period: '2026-10',
      opensAt: '2026-10-25T13:00:00.000Z',
      dueAt: '2026-10-31T22:00:00.000Z',
      closesAt: '2026-11-01T04:00:00.000Z',
    });
  });
});
