/**
 * The holiday calendar (法定节假日和调休, published by the State Council each year) must be there for
 * this year and the next: without it a year counts Monday–Friday as working days, so 调休 Saturdays are
 * skipped and holidays asked for. Said at start and at each reload, in Chinese, with what to add and where
 * (the configuration folder actually in use). The year is China's (Asia/Shanghai), as the calendar's.
 */
import path from 'node:path';
import type { CalendarFile } from '../domain/holiday-calendar.js';
import { localDateOf } from '../domain/local-time.js';
import { displayPath } from './read-yaml.js';

export function calendarWarnings(calendars: readonly CalendarFile[], now: Date, configDir: string): string[] {
  const year = Number(localDateOf(now, 'Asia/Shanghai').slice(0, 4));
  const have = new Set(calendars.map((c) => c.year));
  const folder = displayPath(path.join(configDir, 'calendars'));
  return [year, year + 1]
    .filter((y) => !have.has(y))
    .map(
      (y) =>
        `${folder}/ 中没有 ${y} 年的节假日安排：该年按周一至周五计算工作日（调休上班日不提醒、节假日照常提醒）。国务院办公厅公布放假安排后，请按 ` +
        `cn-${[...have].sort().at(-1) ?? year}.yaml 的格式添加 ${folder}/cn-${y}.yaml，再执行 safeduty config apply`,
    );
}
