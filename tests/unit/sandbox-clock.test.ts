/** The sandbox's virtual clock and where its days start. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { HolidayCalendar } from '../../src/domain/holiday-calendar.js';
import { SandboxClock } from '../../src/sandbox/sandbox-clock.js';
import { dayStartTime, nextDayStart, nextWorkdayStart } from '../../src/sandbox/sandbox-start.js';
import { demoConfigDir } from '../helpers/config-fixture.js';

const TZ = 'Asia/Shanghai';

describe('SandboxClock', () => {
  it('runs at its rate from the start, jumps forward only, and restarts', () => {
    let wall = 1_000_000;
    const clock = new SandboxClock(new Date('2026-12-01T00:25:00Z'), 60, () => wall);
    wall += 1000;
    expect(clock.now().toISOString()).toBe('2026-12-01T00:26:00.000Z');
    clock.set(new Date('2026-12-01T09:30:00Z'));
    expect(() => clock.set(new Date('2026-12-01T09:00:00Z'))).toThrow(RangeError);
    clock.restart(new Date('2026-12-01T00:25:00Z'));
    expect(clock.now().toISOString()).toBe('2026-12-01T00:25:00.000Z');
  });

  it('maps a real instant back to the virtual time the clock showed then', () => {
    let wall = 0;
    const clock = new SandboxClock(new Date('2026-12-01T00:25:00Z'), 1, () => wall);
    wall = 2000;
    clock.set(new Date('2026-12-01T09:30:00Z'));
    wall = 2500;
    expect(new Date(clock.virtualAt(1000)).toISOString()).toBe('2026-12-01T00:25:01.000Z');
    expect(new Date(clock.virtualAt(2100)).toISOString()).toBe('2026-12-01T09:30:00.100Z');
  });
});

describe('sandbox days', () => {
  const calendar = new HolidayCalendar(loadConfig({ dir: demoConfigDir(), env: {} }).calendars);

  it('start 5 minutes before the daily opening', () => {
    expect(dayStartTime('08:30')).toBe('08:25');
    expect(dayStartTime('00:03')).toBe('00:00');
  });

  it('start on the next working day, skipping weekends and holidays, keeping 调休 workdays', () => {
    const at = (iso: string) => nextWorkdayStart(new Date(iso), TZ, '08:30', calendar).toISOString();
    expect(at('2026-12-01T00:00:00Z')).toBe('2026-12-01T00:25:00.000Z'); // Tue 08:00 → today 08:25
    expect(at('2026-12-01T01:00:00Z')).toBe('2026-12-02T00:25:00.000Z'); // Tue 09:00 → Wed
    expect(at('2026-12-04T10:00:00Z')).toBe('2026-12-07T00:25:00.000Z'); // Fri evening → Mon
    expect(at('2026-09-30T10:00:00Z')).toBe('2026-10-08T00:25:00.000Z'); // 国庆 1–7 Oct
    expect(at('2026-10-09T10:00:00Z')).toBe('2026-10-10T00:25:00.000Z'); // Sat 10 Oct is a 调休 workday
  });

  it('下一天 is tomorrow 08:25 local', () => {
    expect(nextDayStart(new Date('2026-12-01T12:30:00Z'), TZ, '08:30').toISOString()).toBe('2026-12-02T00:25:00.000Z');
    expect(nextDayStart(new Date('2026-12-31T16:30:00Z'), TZ, '08:30').toISOString()).toBe('2027-01-02T00:25:00.000Z');
  });
});
