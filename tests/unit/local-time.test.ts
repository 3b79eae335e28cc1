import { describe, expect, it } from 'vitest';
import {
  addDays,
  atLocal,
  compareLocalDate,
  daysBetween,
  daysInMonth,
  eachDay,
  formatHHMM,
  isLeapYear,
  isValidTimeZone,
  lastDayOfMonth,
  localDateOf,
  localTimeOf,
  minutesOfDay,
  parseDuration,
  parseHHMM,
  parseLocalDate,
  weekdayOf,
} from '../../src/domain/local-time.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const BER = 'Europe/Berlin';

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-12-01', 0, '2026-12-01'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2028-01-01', 366, '2029-01-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
    ['1969-12-31', 1, '1970-01-01'],
  ])('%s %+d → %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([['2026-02-30'], ['2026-2-1'], ['']])('rejects invalid date %j', (date) => {
    expect(() => addDays(date, 1)).toThrow(RangeError);
  });

  it('rejects a fractional day count', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('month ends and leap years', () => {
  it.each([
    ['2026-01', 31, '2026-01-31'],
    ['2026-02', 28, '2026-02-28'],
    ['2027-02', 28, '2027-02-28'],
    ['2028-02', 29, '2028-02-29'],
    ['2026-04', 30, '2026-04-30'],
    ['2026-12', 31, '2026-12-31'],
    ['2000-02', 29, '2000-02-29'],
    ['2100-02', 28, '2100-02-28'],
  ])('%s has %d days, ends %s', (month, days, last) => {
    expect(daysInMonth(month)).toBe(days);
    expect(lastDayOfMonth(month)).toBe(last);
  });

  it.each([
    [2024, true],
    [2026, false],
    [2028, true],
    [2000, true],
    [2100, false],
  ])('isLeapYear(%d) = %s', (y, leap) => {
    expect(isLeapYear(y)).toBe(leap);
  });

  it.each([['2026-13'], ['2026-00'], ['2026-1'], ['2026-02-01']])('rejects month %j', (m) => {
    expect(() => lastDayOfMonth(m)).toThrow(RangeError);
    expect(() => daysInMonth(m)).toThrow(RangeError);
  });
});

describe('weekdayOf (ISO, Monday = 1)', () => {
  it.each([
    ['2026-12-01', 2],
    ['2026-02-14', 6],
    ['2026-09-20', 7],
    ['2026-03-07', 6],
    ['2027-01-01', 5],
    ['2028-02-29', 2],
    ['1970-01-01', 4],
    ['1969-12-29', 1],
  ])('%s → %d', (date, wd) => {
    expect(weekdayOf(date)).toBe(wd);
  });
});

describe('compareLocalDate, daysBetween, eachDay', () => {
  it.each([
    ['2026-01-01', '2026-01-02', -1],
    ['2026-01-02', '2026-01-01', 1],
    ['2026-12-01', '2026-12-01', 0],
    ['2026-12-31', '2027-01-01', -1],
  ])('compare(%s, %s) = %d', (a, b, c) => {
    expect(compareLocalDate(a, b)).toBe(c);
  });

  it('counts days across a leap day', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1);
  });

  it('lists each day inclusively, across a year end', () => {
    expect(eachDay('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(eachDay('2026-12-01', '2026-12-01')).toEqual(['2026-12-01']);
    expect(eachDay('2026-12-02', '2026-12-01')).toEqual([]);
  });
});

describe('parseLocalDate / parseHHMM', () => {
  it.each([['2026-12-01'], ['2028-02-29'], ['2026-01-31']])('accepts %s', (s) => {
    expect(parseLocalDate(s)).toBe(s);
  });
  it.each([
    ['2026-02-30'],
    ['2027-02-29'],
    ['2026-2-1'],
    ['2026-02-1'],
    ['2026-13-01'],
    ['2026-00-10'],
    ['2026-01-00'],
    ['2026/01/01'],
    ['20260101'],
    [' 2026-01-01'],
    ['2026-01-01T00:00'],
    [''],
    ['abcd-ef-gh'],
  ])('rejects %j', (s) => {
    expect(parseLocalDate(s)).toBeNull();
  });

  it.each([['00:00'], ['08:30'], ['23:59'], ['12:05']])('accepts time %s', (s) => {
    expect(parseHHMM(s)).toBe(s);
  });
  it.each([['24:00'], ['8:30'], ['08:60'], ['08:30:00'], ['0830'], ['-1:00'], [''], ['08:3'], ['ab:cd']])(
    'rejects time %j',
    (s) => {
      expect(parseHHMM(s)).toBeNull();
    },
  );

  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
  ])('minutesOfDay(%s) = %d and back', (hhmm, m) => {
    expect(minutesOfDay(hhmm)).toBe(m);
    expect(formatHHMM(m)).toBe(hhmm);
  });
  it('refuses out-of-range minutes', () => {
    expect(() => formatHHMM(1440)).toThrow(RangeError);
    expect(() => minutesOfDay('24:00')).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    [SH, true],
    [NY, true],
    [BER, true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
    ['Asia/Shang hai', false],
  ])('%j → %s', (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});

describe('localDateOf / localTimeOf', () => {
  it.each([
    ['2026-11-30T16:30:00Z', SH, '2026-12-01', '00:30'],
    ['2026-11-30T15:59:59Z', SH, '2026-11-30', '23:59'],
    ['2026-12-31T16:00:00Z', SH, '2027-01-01', '00:00'],
    ['2026-12-01T00:30:00Z', SH, '2026-12-01', '08:30'],
    ['2026-03-08T06:59:00Z', NY, '2026-03-08', '01:59'],
    ['2026-03-08T07:00:00Z', NY, '2026-03-08', '03:00'],
    ['2026-11-01T05:30:00Z', NY, '2026-11-01', '01:30'],
    ['2026-11-01T06:30:00Z', NY, '2026-11-01', '01:30'],
    ['2026-03-29T01:00:00Z', BER, '2026-03-29', '03:00'],
    ['2028-02-28T16:00:00Z', SH, '2028-02-29', '00:00'],
  ])('%s in %s → %s %s', (iso, tz, date, time) => {
    expect(localDateOf(new Date(iso), tz)).toBe(date);
    expect(localTimeOf(new Date(iso), tz)).toBe(time);
  });

  it('throws on an unknown zone', () => {
    expect(() => localDateOf(new Date('2026-01-01T00:00:00Z'), 'Nowhere/City')).toThrow(RangeError);
  });
});

describe('atLocal', () => {
  it.each([
    // ordinary
    ['2026-12-01', '08:30', SH, '2026-12-01T00:30:00.000Z'],
    ['2026-12-01', '00:00', SH, '2026-11-30T16:00:00.000Z'],
    ['2026-12-01', '23:59', SH, '2026-12-01T15:59:00.000Z'],
    ['2026-07-01', '09:00', NY, '2026-07-01T13:00:00.000Z'],
    ['2026-01-15', '09:00', NY, '2026-01-15T14:00:00.000Z'],
    // DST gap (02:00→03:00): the first valid instant after the missing time, i.e. the transition
    ['2026-03-08', '02:30', NY, '2026-03-08T07:00:00.000Z'],
    ['2026-03-08', '02:00', NY, '2026-03-08T07:00:00.000Z'],
    ['2026-03-08', '02:59', NY, '2026-03-08T07:00:00.000Z'],
    ['2026-03-08', '01:59', NY, '2026-03-08T06:59:00.000Z'],
    ['2026-03-08', '03:00', NY, '2026-03-08T07:00:00.000Z'],
    ['2026-03-29', '02:30', BER, '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', '03:30', BER, '2026-03-29T01:30:00.000Z'],
    // DST overlap (01:00–01:59 twice): the earlier instant
    ['2026-11-01', '01:30', NY, '2026-11-01T05:30:00.000Z'],
    ['2026-11-01', '01:00', NY, '2026-11-01T05:00:00.000Z'],
    ['2026-11-01', '02:00', NY, '2026-11-01T07:00:00.000Z'],
    ['2026-10-25', '02:30', BER, '2026-10-25T00:30:00.000Z'],
    // Chile skips local midnight: the day starts at 01:00
    ['2026-09-06', '00:00', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
  ])('%s %s %s → %s', (date, hhmm, tz, iso) => {
    expect(atLocal(date, hhmm, tz).toISOString()).toBe(iso);
  });

  it('round-trips with localDateOf/localTimeOf outside DST changes', () => {
    const t = atLocal('2028-02-29', '17:45', SH);
    expect([localDateOf(t, SH), localTimeOf(t, SH)]).toEqual(['2028-02-29', '17:45']);
  });

  it.each([
    ['2026-02-30', '08:00', SH],
    ['2026-12-01', '24:00', SH],
    ['2026-12-01', '08:00', 'Nowhere/City'],
  ])('rejects %s %s %s', (date, hhmm, tz) => {
    expect(() => atLocal(date, hhmm, tz)).toThrow(RangeError);
  });
});

describe('parseDuration (minutes)', () => {
  it.each([
    ['0', 0],
    ['+0', 0],
    ['-0', 0],
    ['0m', 0],
    ['-0h', 0],
    ['2h', 120],
    ['-2h', -120],
    ['+2h', 120],
    ['3h30m', 210],
    ['-2d', -2880],
    ['-2d9h', -3420],
    ['90m', 90],
    ['+1d', 1440],
    ['1d2h3m', 1563],
    ['30m', 30],
    [' 2h ', 120],
  ])('%j → %d', (s, minutes) => {
    expect(parseDuration(s)).toBe(minutes);
  });

  it.each([
    [''],
    ['-'],
    ['+'],
    ['30'],
    ['2'],
    ['h'],
    ['2x'],
    ['2H'],
    ['1h1d'],
    ['2h2h'],
    ['1d-2h'],
    ['--2h'],
    ['2 h'],
    ['1.5h'],
    ['2hours'],
    ['P1D'],
    ['9999999999999999999d'],
  ])('%j → null', (s) => {
    expect(parseDuration(s)).toBeNull();
  });
});
