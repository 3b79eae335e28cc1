/**
 * Fills the numbers into a weekly or monthly prompt just before it is delivered (the card is
 * drawn then): the numbers of the period the card names — the W49 card shows W49 from its Monday,
 * the December card December from the 1st — counted up to now, and the instant they were counted,
 * which the card shows as “截至 …”. Submission counts them again (submit-period-report.ts). A 核实
 * prompt gets whether its required 整改后 photo is missing (withPhotoCheck), drawn again when it arrives.
 */

import type { Payload } from '../domain/engine/payloads.js';
import { addDays, atLocal, localDateOf } from '../domain/local-time.js';
import { parsePeriodKey } from '../domain/periods.js';
import { afterPhotoMissing } from './evidence/after-photo.js';
import { itemsPart, periodItems } from './period-items.js';
import type { AnswersStore, OutboxMessage, QueriesStore } from './ports.js';

/** The local dates and instants of a period counted up to `now` (the whole period once it is over). */
export function periodSoFar(
  period: string,
  tz: string,
  now: Date,
): { from: string; to: string; fromAt: Date; toAt: Date } | null {
  const p = parsePeriodKey(period);
  if (!p) return null;
  const today = localDateOf(now, tz);
  // biome-ignore lint/complexity/useMathMinMax: ISO dates (YYYY-MM-DD) compare as text, not numbers
  const to = today < p.end ? today : p.end;
  const end = atLocal(addDays(p.end, 1), '00:00', tz);
  return { from: p.start, to, fromAt: atLocal(p.start, '00:00', tz), toAt: now < end ? now : end };
}

/**
 * `photos`: photos are kept as evidence (the service's evidence files): a 核实 prompt then says
 * whether its required 整改后 photo is missing (withPhotoCheck); without them 核实 needs none.
 */
export async function enrichPayload(
  store: AnswersStore & Partial<PhotoQueries>,
  m: Pick<OutboxMessage, 'unitId' | 'payload'>,
  tz: string,
  now: Date,
  photos = false,
): Promise<Payload> {
  const p = m.payload;
  if (p.type === 'hazard_notice' || p.type === 'reminder') return withPhotoCheck(store, p, photos);
  if (p.type !== 'weekly_review' && p.type !== 'monthly_dispatch') return p;
  return withItems(store, m.unitId, p.stats ? p : await countedNow(store, m.unitId, p, tz, now));
}

type PhotoQueries = Pick<QueriesStore, 'evidenceOfHazards' | 'hazardHistory'>;

/**
 * A 核实 prompt (a verify notice, a reminder carrying verify forms) as of now: `photoMissing` says
 * who must still send the required 整改后 photo, or is absent (app/evidence/after-photo.ts; always
 * absent where photos are not kept: `photos` false).
 */
export async function withPhotoCheck<P extends Extract<Payload, { type: 'hazard_notice' | 'reminder' }>>(
  store: AnswersStore & Partial<PhotoQueries>,
  p: P,
  photos = true,
): Promise<P> {
  const { evidenceOfHazards, hazardHistory } = store;
  const queries: PhotoQueries | null =
    photos && evidenceOfHazards && hazardHistory
      ? { evidenceOfHazards: evidenceOfHazards.bind(store), hazardHistory: hazardHistory.bind(store) }
      : null;
  const missing = async (hazardId: string) => {
    const h = queries ? await store.loadHazardContext(hazardId) : null;
    return h && queries ? afterPhotoMissing(queries, h) : null;
  };
  if (p.type === 'hazard_notice') {
    const { photoMissing: _old, ...rest } = p;
    if (p.action !== 'verify' && !p.photoMissing) return p;
    const now = p.action === 'verify' ? await missing(p.hazardId) : null;
    return (now ? { ...rest, photoMissing: now } : rest) as P;
  }
  if (!p.items.some((i) => i.hazard?.step === 'verify' || i.hazard?.photoMissing)) return p;
  const items = await Promise.all(
    p.items.map(async (i) => {
      if (!i.hazard) return i;
      const { photoMissing: _old, ...hazard } = i.hazard;
      if (hazard.step !== 'verify') return { ...i, hazard };
      const now = await missing(hazard.id);
      return { ...i, hazard: now ? { ...hazard, photoMissing: now } : hazard };
    }),
  );
  return { ...p, items } as P;
}

/** The 清单's weekly or monthly items the prompt asks (app/period-items.ts), unless it carries them already. */
export async function withItems<P extends PeriodPayload>(store: AnswersStore, unitId: string, p: P): Promise<P> {
  if (p.checkItems) return p;
  const kind = p.type === 'weekly_review' ? 'weekly' : 'monthly';
  const categories = p.type === 'weekly_review' ? p.categories : [];
  return { ...p, ...itemsPart(await periodItems(store, unitId, kind, p.period, categories)) };
}

type PeriodPayload = Extract<Payload, { type: 'weekly_review' | 'monthly_dispatch' }>;

/** The payload with its period's numbers counted up to `now` (a card drawn again: 刷新数据). */
export async function countedNow(
  store: AnswersStore,
  unitId: string,
  p: PeriodPayload,
  tz: string,
  now: Date,
): Promise<PeriodPayload> {
  const range = periodSoFar(p.period, tz, now);
  if (!range) return p;
  const categories = p.type === 'weekly_review' ? p.categories : [];
  const { stats, openHazards } = await store.periodStats(unitId, range, now, categories);
  return { ...p, stats, openHazards, statsAsOf: range.toAt.toISOString() };
}
