import { describe, expect, it } from 'vitest';
import { readExtend } from '../../src/domain/commands/hazard-arguments.js';
import { dateWords } from '../../src/domain/deadlines.js';
import { formatDay, formatWhen, isPast } from '../../src/domain/format-when.js';
import { normalizeDate } from '../../src/domain/ledger/parse-ledger.js';
import { datedDay, readTypedDate, resolveTypedDate } from '../../src/domain/typed-date.js';

describe('readTypedDate: dates as people type them', () => {
  it.each([
    ['2026-12-05', { year: 2026, month: 12, day: 5 }],
    ['2026/12/5', { year: 2026, month: 12, day: 5 }],
    ['2026.12.05', { year: 2026, month: 12, day: 5 }],
    ['2026年12月5日', { year: 2026, month: 12, day: 5 }],
    ['2026年12月5号', { year: 2026, month: 12, day: 5 }],
    ['２０２６／１２／５', { year: 2026, month: 12, day: 5 }],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
    ['12月5日', { month: 12, day: 5 }],
    ['12月5号', { month: 12, day: 5 }],
    ['12月5', { month: 12, day: 5 }],
    ['12-5', { month: 12, day: 5 }],
    ['12/05', { month: 12, day: 5 }],
    ['12.5', { month: 12, day: 5 }],
    ['2月29日', { month: 2, day: 29 }],
    ['今天', { fromToday: 0 }],
    ['明天', { fromToday: 1 }],
    ['后天', { fromToday: 2 }],
    ['昨天', { fromToday: -1 }],
  ])('%s', (typed, date) => {
    expect(readTypedDate(typed)).toEqual(date);
  });

  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-04-31', '2026-00-10', '2月30日', '13月1日', '0.5', '4/31'])(
    '%s names no day: invalid',
    (typed) => {
      expect(readTypedDate(typed)).toBe('invalid');
    },
  );

  it.each(['TS2026-0815', '2026-001', '2026-12', '12', '12-5-3', '2026-12/5', '下周', 'abc', ''])(
    '%s is not a date',
    (typed) => {
      expect(readTypedDate(typed)).toBeNull();
    },
  );
});

describe('resolveTypedDate: the day a typed date stands for', () => {
  const today = '2026-12-08';
  it('a year written is kept; relative words count from today', () => {
    expect(resolveTypedDate({ year: 2027, month: 11, day: 30 }, today, 'next')).toBe('2027-11-30');
    expect(resolveTypedDate({ fromToday: 1 }, today, 'next')).toBe('2026-12-09');
    expect(resolveTypedDate({ fromToday: -8 }, '2027-01-03', 'last')).toBe('2026-12-26');
  });
  it('without a year: the next such day from today for a deadline, the last one for a report', () => {
    expect(resolveTypedDate({ month: 12, day: 8 }, today, 'next')).toBe('2026-12-08');
    expect(resolveTypedDate({ month: 12, day: 1 }, today, 'next')).toBe('2027-12-01');
    expect(resolveTypedDate({ month: 1, day: 5 }, today, 'next')).toBe('2027-01-05');
    expect(resolveTypedDate({ month: 12, day: 1 }, today, 'last')).toBe('2026-12-01');
    expect(resolveTypedDate({ month: 12, day: 28 }, '2027-01-03', 'last')).toBe('2026-12-28');
  });
  it('2月29日 finds its leap year', () => {
    expect(resolveTypedDate({ month: 2, day: 29 }, today, 'next')).toBe('2028-02-29');
    expect(resolveTypedDate({ month: 2, day: 29 }, today, 'last')).toBe('2024-02-29');
  });
  it('a ledger date must name its year', () => {
    expect(datedDay(readTypedDate('2027/3/31'))).toBe('2027-03-31');
    expect(datedDay(readTypedDate('3月31日'))).toBeNull();
    expect(normalizeDate('2027年3月31日')).toBe('2027-03-31');
    expect(normalizeDate('2027-02-30')).toBeNull();
    expect(normalizeDate('明天')).toBeNull();
  });
});

describe('dates shown in zh-CN', () => {
  const ctx = { timeZone: 'Asia/Shanghai', now: new Date('2026-12-08T02:00:00Z') };
  it('cards: “12月1日 17:30” in the unit’s zone, the year only when it is not this one', () => {
    expect(formatDay('2026-12-08')).toBe('12月8日');
    expect(formatWhen('2026-12-01T09:30:00Z', ctx)).toBe('12月1日 17:30');
    expect(formatWhen('2026-12-31T16:30:00Z', ctx)).toBe('2027年1月1日 00:30');
    expect(formatWhen('2027-01-08', ctx)).toBe('2027年1月8日');
    expect(formatWhen('2026-11-30T16:00:00Z', { ...ctx, timeZone: 'UTC' })).toBe('11月30日 16:00');
    expect(dateWords('2027-03-05')).toBe('2027年3月5日');
  });
  it('a plain date is past only when its day is over in the unit’s zone', () => {
    expect(isPast('2026-12-07', ctx)).toBe(true);
    expect(isPast('2026-12-08', ctx)).toBe(false);
    // 2026-12-07T20:00Z is already 12-08 04:00 in Shanghai
    expect(isPast('2026-12-07', { ...ctx, now: new Date('2026-12-07T20:00:00Z') })).toBe(true);
    expect(isPast('2026-12-07', { timeZone: 'America/New_York', now: new Date('2026-12-08T02:00:00Z') })).toBe(false);
  });
});

describe('延期 with a typed date', () => {
  it('a date that does not exist is refused with what to type', () => {
    const r = readExtend('12 2月30日 等待配件');
    expect(r).toMatchObject({ ok: false, command: 'extend' });
    expect(JSON.stringify(r)).toContain(
      '没有“2月30日”这一天：请写新的期限，例如 2027-12-31、2027/12/31、12月31日 或 明天',
    );
  });
  it('明天 and 12月20日 are new deadlines', () => {
    expect(readExtend('12 明天 等待配件')).toMatchObject({ ok: true, command: { until: { date: { fromToday: 1 } } } });
    expect(readExtend('12 12月20日 等待配件')).toMatchObject({
      ok: true,
      command: { until: { date: { month: 12, day: 20 } } },
    });
  });
});
