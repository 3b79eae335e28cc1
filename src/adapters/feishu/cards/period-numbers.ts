/**
 * The numbers of a week or a month on the weekly and monthly cards, named by their period and the
 * instant they were counted (never “本周” for another week): a compact markdown table (at
 * most 5 rows, platforms.md A4), a bar chart of the same numbers (a VChart spec, plain JSON), and
 * the open hazards as short lines.
 */
import { HAZARD_LEVEL_LABELS } from '../../../domain/answers/daily-answer.js';
import type { HazardView, PeriodStats } from '../../../domain/engine/payloads.js';
import type { CardActionValue } from './action-value.js';
import { button, colored, md, mdText, oneLine, type El } from './card-json.js';
import { formatWhen } from '../../../domain/format-when.js';
import { levelColor, type RenderContext } from './render-context.js';

/** Open hazards listed by name; the rest are counted. */
const MAX_HAZARD_LINES = 6;

const rate = (done: number, due: number): string => (due > 0 ? `（${Math.round((done / due) * 100)}%）` : '');

export function statsTable(s: PeriodStats, period: string): El {
  const d = s.daily;
  return md(
    [
      `| 项目 | ${period} |`,
      '| :-- | :-- |',
      `| 设备 | 在用 ${s.devices.inUse} · 临时停用 ${s.devices.paused} · 停用 ${s.devices.stopped} |`,
      `| 日管控 | 应检 ${d.due} · 已检 ${d.done}${rate(d.done, d.due)} · 零风险 ${d.zeroRisk} · 逾期 ${d.late} · 缺检 ${d.missed} |`,
      `| 隐患 | 新发现 ${s.hazards.found} · 已闭环 ${s.hazards.closed} · 未闭环 ${s.hazards.open} · 超期 ${s.hazards.overdue} |`,
    ].join('\n'),
  );
}

/** One bar per number, coloured by 日管控 / 隐患. */
export function statsChart(s: PeriodStats): El {
  const daily = { 应检: s.daily.due, 已检: s.daily.done, 零风险: s.daily.zeroRisk, 缺检: s.daily.missed };
  const hazards = { 新隐患: s.hazards.found, 已闭环: s.hazards.closed, 未闭环: s.hazards.open };
  const values = [
    ...Object.entries(daily).map(([k, n]) => ({ k, n, g: '日管控' })),
    ...Object.entries(hazards).map(([k, n]) => ({ k, n, g: '隐患' })),
  ];
  return {
    tag: 'chart',
    aspect_ratio: '16:9',
    color_theme: 'brand',
    chart_spec: {
      type: 'bar',
      data: { values },
      xField: 'k',
      yField: 'n',
      seriesField: 'g',
      label: { visible: true },
      legends: { visible: true, orient: 'bottom' },
    },
  };
}

/** “2026-W49 数据（截至 12月3日 09:00）”: numbers are always named by their period and the instant they were counted. */
export function statsHeading(period: string, asOf: string | undefined, ctx: RenderContext): El {
  return md(`**${period} 数据**${asOf ? colored('grey', `（截至 ${formatWhen(asOf, ctx)}）`) : ''}`);
}

/** The period's numbers under their heading, or a line saying they are not available yet. */
export function statsBlock(p: { period: string; stats?: PeriodStats; statsAsOf?: string }, ctx: RenderContext): El[] {
  const heading = statsHeading(p.period, p.statsAsOf, ctx);
  return p.stats ? [heading, statsTable(p.stats, p.period), statsChart(p.stats)] : [heading, md(colored('grey', `${p.period} 数据暂未汇总。`))];
}

export function hazardLine(h: HazardView, ctx: RenderContext): string {
  const where = h.device ? `${mdText(oneLine(h.device, 16))}：` : '';
  return `· ${h.no !== undefined ? `#${h.no} ` : ''}${colored(levelColor(h.level), HAZARD_LEVEL_LABELS[h.level])} ${where}${mdText(oneLine(h.description, 30))} · ${mdText(oneLine(h.assignee, 20))} · 期限 ${formatWhen(h.deadline, ctx)}`;
}

export function openHazards(list: readonly HazardView[] | undefined, ctx: RenderContext): El {
  const hazards = list ?? [];
  if (hazards.length === 0) return md('**未闭环隐患**：无');
  const rank = { major: 0, serious: 1, general: 2 } as const;
  const sorted = [...hazards].sort((a, b) => rank[a.level] - rank[b.level] || a.deadline.localeCompare(b.deadline));
  const lines = sorted.slice(0, MAX_HAZARD_LINES).map((h) => hazardLine(h, ctx));
  const more = hazards.length > MAX_HAZARD_LINES ? [colored('grey', `另有 ${hazards.length - MAX_HAZARD_LINES} 项，见隐患台账`)] : [];
  return md([`**未闭环隐患（${hazards.length}）**`, ...lines, ...more].join('\n'));
}

/** 刷新数据: the card is drawn once, when delivered; this counts its period again up to now and redraws it. */
export function refreshButton(taskKey: string): El {
  const value: CardActionValue = { a: 'period_refresh', k: taskKey };
  return button({ name: 'refresh', text: '刷新数据（重新统计到此刻）', value });
}
