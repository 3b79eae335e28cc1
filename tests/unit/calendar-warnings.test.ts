/** The missing-holiday-calendar warning: this year and the next, as China counts them, in the folder in use. */
import { describe, expect, it } from 'vitest';
import { calendarWarnings } from '../../src/config/calendar-warnings.js';
import type { CalendarFile } from '../../src/domain/holiday-calendar.js';

const year = (y: number) => ({ region: 'cn', year: y }) as CalendarFile;

describe('calendar warnings', () => {
  it('names the missing years and the file to add in the configuration folder in use', () => {
    const w = calendarWarnings([year(2025), year(2026)], new Date('2026-12-03T09:00:00Z'), '/etc/safeduty');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^\/etc\/safeduty\/calendars\/ 中没有 2027 年的节假日安排/);
    expect(w[0]).toContain('请按 cn-2026.yaml 的格式添加 /etc/safeduty/calendars/cn-2027.yaml');
    expect(calendarWarnings([year(2026), year(2027)], new Date('2026-12-03T09:00:00Z'), '/etc/safeduty')).toEqual([]);
  });

  it('counts the year in China: 1 January 01:00 in Beijing is the new year although UTC is still in the old', () => {
    const w = calendarWarnings([year(2026), year(2027)], new Date('2026-12-31T17:00:00Z'), '/c');
    expect(w.map((x) => /没有 (\d+) 年/.exec(x)?.[1])).toEqual(['2028']);
  });
});
