/**
 * The bar chart of a week's or month's numbers on the weekly and monthly cards (a VChart spec, plain
 * JSON); the numbers themselves come as a table fact of the PromptView (app/prompts/period-view.ts).
 */
import type { PeriodStats } from '../../../domain/engine/payloads.js';
import type { El } from './card-json.js';

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
