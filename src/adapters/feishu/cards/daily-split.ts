/**
 * How an officer's devices are spread over several daily cards. Rule: devices keep the payload's
 * order (by code); each card takes as many as fit in one card — measured on the rendered prompt
 * (every device unanswered, the widest numbering “（99/99）”) against Feishu's limits as Feishu
 * counts them (card-budget.ts: 200 elements, every object with a tag; 30 KB of request body) — and
 * the counts are then evened out when that fits too. Nothing here knows the card's layout, so it
 * holds for any design of the device block. Measured on the current one (a device is a row of
 * buttons; its items open on demand): about 6 elements and 0.9 KB of request body per device, so
 * 27 devices fit one card (166 elements, 26.7 KB) and 60 make 3 cards of 20.
 * The split depends on the payload alone (a fixed context is used to measure), so the handler
 * can split the stored payload again and find the part a callback came from.
 */
import { fitsOneCard, packInOrder } from './card-budget.js';
import { type DailyCheckPayload, renderDailyCard } from './daily-card.js';
import type { CardPart } from './render-context.js';

const MEASURE_CTX = { timeZone: 'Asia/Shanghai', now: new Date(0) };
const WIDEST_PART: CardPart = { index: 99, of: 99 };

export function splitDailyPayload(p: DailyCheckPayload): DailyCheckPayload[] {
  const fits = (devices: DailyCheckPayload['devices']): boolean =>
    fitsOneCard(renderDailyCard({ ...p, devices }, MEASURE_CTX, {}, WIDEST_PART));
  const chunks = packInOrder(p.devices, fits);
  return chunks.length === 0 ? [p] : chunks.map((devices) => ({ ...p, devices }));
}

/** The part of a split daily payload that holds `taskKey`, with its numbering; null when no part does. */
export function findDailyPart(
  p: DailyCheckPayload,
  taskKey: string,
): { payload: DailyCheckPayload; part: CardPart } | null {
  const parts = splitDailyPayload(p);
  const index = parts.findIndex((x) => x.devices.some((d) => d.taskKey === taskKey));
  const found = parts[index];
  return found ? { payload: found, part: { index: index + 1, of: parts.length } } : null;
}
