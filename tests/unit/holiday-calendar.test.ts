import { describe, expect, it } from 'vitest';
import {
  type CalendarFile,
  calendarFileSchema,
  checkCalendars,
  HolidayCalendar,
} from '../../src/domain/holiday-calendar.js';

// Data from the State Council notices (shared/reference/calendar-cn.md), inline on purpose: the
// config files are maintained separately and these tests pin the logic, not the files.
const cn2025: CalendarFile = {
  region: 'CN',
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知',
  holidays: [
    { name: '元旦', from: '2025-01-01', to: '2025-01-01', workdays: [] },
    { name: '春节', from: '2025-01-28', to: '2025-02-04', workdays: ['2025-01-26', '2025-02-08'] },
    { name: '清明', from: '2025-04-04', to: '2025-04-06', workdays: [] },
    { name: '劳动节', from: '2025-05-01', to: '2025-05-05', workdays: ['2025-04-27'] },
    { name: '端午', from: '2025-05-31', to: '2025-06-02', workdays: [] },
    { name: '国庆节', from: '2025-10-01', to: '2025-10-08', workdays: ['2025-09-28', '2025-10-11'] },
    { name: '中秋', from: '2025-10-06', to: '2025-10-06', workdays: [] },
  ],
};

const cn2026: CalendarFile = {
  region: 'CN',
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知',
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03', workdays: ['2026-01-04'] },
    { name: '春节', from: '2026-02-15', to: '2026-02-23', workdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明', from: '2026-04-04', to: '2026-04-06', workdays: [] },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05', workdays: ['2026-05-09'] },
    { name: '端午', from: '2026-06-19', to: '2026-06-21', workdays: [] },
    { name: '中秋', from: '2026-09-25', to: '2026-09-27', workdays: [] },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07', workdays: ['2026-09-20', '2026-10-10'] },
  ],
};

const calendar = new HolidayCalendar([cn2025, cn2026]);

describe('isWorkingDay', () => {
  it.each([
    // 2026 Spring Festival
    ['2026-02-13', true, 'Friday before'],
    ['2026-02-14', true, 'Saturday, make-up workday'],
    ['2026-02-15', false, 'holiday (Sunday)'],
    ['2026-02-16', false, 'holiday (Monday)'],
    ['2026-02-17', false, 'holiday (Tuesday, 除夕 week)'],
    ['2026-02-20', false, 'holiday (Friday)'],
    ['2026-02-23', false, 'last holiday (Monday)'],
    ['2026-02-24', true, 'Tuesday after'],
    ['2026-02-28', true, 'Saturday, make-up workday'],
    ['2026-03-01', false, 'ordinary Sunday'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-09', true, 'ordinary Monday'],
    // 元旦 2026
    ['2026-01-01', false, 'New Year (Thursday)'],
    ['2026-01-02', false, 'holiday (Friday)'],
    ['2026-01-04', true, 'Sunday, make-up workday'],
    // 国庆节 / 中秋 2026
    ['2026-09-20', true, 'Sunday, make-up workday'],
    ['2026-09-25', false, '中秋 (Friday)'],
    ['2026-10-01', false, '国庆节'],
    ['2026-10-07', false, 'last day of 国庆节'],
    ['2026-10-08', true, 'Thursday after'],
    ['2026-10-10', true, 'Saturday, make-up workday'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2026-05-09', true, 'Saturday, make-up workday'],
    // 2025
    ['2025-01-26', true, 'Sunday, make-up workday'],
    ['2025-10-06', false, '中秋 inside 国庆节'],
    ['2025-10-11', true, 'Saturday, make-up workday'],
    // outside covered years: a plain Monday–Friday week
    ['2027-01-01', true, 'Friday; 2027 not announced yet'],
    ['2027-01-02', false, 'Saturday; 2027 not announced yet'],
    ['2024-12-31', true, 'Tuesday; 2024 not loaded'],
  ])('%s → %s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('counts 2026 working days of February: 20 weekdays − 6 holiday weekdays (16–20, 23) + 2 make-up Saturdays', () => {
    const days = Array.from({ length: 28 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);
    expect(days.filter((d) => calendar.isWorkingDay(d))).toHaveLength(16);
  });

  it('rejects an invalid date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.covers('2026-2-1')).toThrow(RangeError);
  });
});

describe('holidayName / isMakeUpWorkday / covers', () => {
  it.each([
    ['2026-02-15', '春节', false],
    ['2026-02-14', null, true],
    ['2026-10-10', null, true],
    ['2026-03-07', null, false],
    ['2026-09-26', '中秋', false],
    ['2025-10-06', '国庆节、中秋', false],
    ['2025-10-05', '国庆节', false],
  ])('%s → name %j, make-up %s', (date, name, makeUp) => {
    expect(calendar.holidayName(date)).toBe(name);
    expect(calendar.isMakeUpWorkday(date)).toBe(makeUp);
  });

  it('reports covered years', () => {
    expect(calendar.coveredYears()).toEqual([2025, 2026]);
    expect(new HolidayCalendar([cn2026, cn2025]).coveredYears()).toEqual([2025, 2026]);
    expect(new HolidayCalendar([]).coveredYears()).toEqual([]);
  });

  it.each([
    ['2025-06-01', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
    ['2024-12-31', false],
  ])('covers(%s) = %s', (d, c) => {
    expect(calendar.covers(d)).toBe(c);
  });
});

describe('calendarFileSchema', () => {
  const yaml2026 = {
    region: 'CN',
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', workdays: ['2026-01-04'] },
      { name: '清明', from: '2026-04-04', to: '2026-04-06' },
    ],
  };

  it('accepts a file and defaults missing workdays to []', () => {
    const parsed = calendarFileSchema.parse(yaml2026);
    expect(parsed.holidays[1]?.workdays).toEqual([]);
  });

  it('accepts the full 2025 and 2026 data', () => {
    expect(calendarFileSchema.safeParse(cn2025).success).toBe(true);
    expect(calendarFileSchema.safeParse(cn2026).success).toBe(true);
  });

  it('allows a make-up workday in an adjacent year', () => {
    const file = {
      region: 'CN',
      year: 2027,
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: ['2026-12-27'] }],
    };
    expect(calendarFileSchema.safeParse(file).success).toBe(true);
  });

  const bad = (holiday: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
    ...yaml2026,
    ...extra,
    holidays: [{ name: '春节', from: '2026-02-15', to: '2026-02-23', workdays: ['2026-02-14'], ...holiday }],
  });

  it.each([
    ['impossible date', bad({ from: '2026-02-30' }), 'holidays.0.from'],
    ['unpadded date', bad({ to: '2026-2-23' }), 'holidays.0.to'],
    ['unpadded workday', bad({ workdays: ['2026-2-14'] }), 'holidays.0.workdays.0'],
    ['to before from', bad({ from: '2026-02-23', to: '2026-02-15' }), 'holidays.0.to'],
    ['holiday outside the year', bad({ from: '2025-12-31' }), 'holidays.0.from'],
    ['workday two years off', bad({ workdays: ['2028-02-12'] }), 'holidays.0.workdays.0'],
    ['workday on a weekday', bad({ workdays: ['2026-02-13'] }), 'holidays.0.workdays.0'],
    ['workday inside its holiday', bad({ workdays: ['2026-02-21'] }), 'holidays.0.workdays.0'],
    ['unknown holiday key', bad({ days: 9 }), 'holidays.0'],
    ['unknown top-level key', bad({}, { country: 'CN' }), ''],
    ['missing region', bad({}, { region: undefined }), 'region'],
    ['fractional year', bad({}, { year: 2026.5 }), 'year'],
    ['empty name', bad({ name: ' ' }), 'holidays.0.name'],
  ])('rejects %s', (_label, input, path) => {
    const r = calendarFileSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('checkCalendars', () => {
  it('finds nothing wrong with the published calendars', () => {
    expect(checkCalendars([cn2025, cn2026])).toEqual([]);
  });

  it('reports a date that is a day off in one file and a workday in another', () => {
    const cn2027: CalendarFile = {
      region: 'CN',
      year: 2027,
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: ['2026-02-15'] }],
    };
    const problems = checkCalendars([cn2026, cn2027]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('2026-02-15');
    expect(problems[0]).toContain('春节');
    expect(() => new HolidayCalendar([cn2026, cn2027])).toThrow(/2026-02-15/);
  });

  it('reports the same region and year twice, and mixed regions', () => {
    expect(checkCalendars([cn2026, cn2026])).toEqual([expect.stringContaining('CN 2026 is given 2 times')]);
    expect(checkCalendars([cn2026, { ...cn2025, region: 'HK' }])).toEqual([expect.stringContaining('CN, HK')]);
  });
});
