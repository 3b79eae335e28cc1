/**
 * The proof of a fix: a 严重/重大 hazard is closed (核实通过) only with an 整改后 photo of the current
 * round attached (hazard-actions.ts verifyHazard refuses without one). The director's 核实 prompt
 * says it before (enrich-payload.ts fills `photoMissing` when the prompt is drawn; the view shows
 * who must send what and keeps 核实通过 unavailable, 退回 available).
 */
import type { PhotoMissing } from '../../domain/engine/payloads.js';
import { photoRequired } from '../../domain/evidence/photo-rules.js';
import type { HazardContext, QueriesStore } from '../ports.js';
import { nameOf } from '../unit-people.js';

/**
 * Whether the proof of a fix must be photographed: 严重/重大 (the item's rule applies to the finding;
 * the fix follows the level).
 */
export const afterPhotoRequired = (level: HazardContext['hazard']['level']): boolean => photoRequired(undefined, level);

/** An 整改后 photo of the current round: sent after the last 退回整改 (photos of a fix sent back prove nothing). */
export async function hasAfterPhoto(
  store: Pick<QueriesStore, 'evidenceOfHazards' | 'hazardHistory'>,
  h: HazardContext,
): Promise<boolean> {
  const photos = (await store.evidenceOfHazards([h.hazard.id])).filter((p) => p.stage === 'rectified');
  if (photos.length === 0) return false;
  const reworks = (await store.hazardHistory(h.ctx.unit.id, h.hazard.id)).filter((s) => s.kind === 'hazard_rework');
  const since = reworks.at(-1)?.at;
  return photos.some((p) => !since || p.at > since);
}

/** A hazard waiting for 核实 whose required 整改后 photo is not attached: who must send it; null otherwise. */
export async function afterPhotoMissing(
  store: Pick<QueriesStore, 'evidenceOfHazards' | 'hazardHistory'>,
  h: HazardContext,
): Promise<PhotoMissing | null> {
  if (h.hazard.state !== 'rectified' || !afterPhotoRequired(h.hazard.level)) return null;
  return (await hasAfterPhoto(store, h)) ? null : { by: nameOf(h.ctx, h.hazard.assigneeId) };
}

/** What a person reads when 核实通过 waits for the required 整改后 photo (the use case's refusal, a prompt's tap). */
export const afterPhotoRefusal = (by: string, typed: string): string =>
  `整改后照片未上传：请 ${by} 发送“照片 ${typed}”并上传整改后的现场照片，之后再核实；整改不到位可退回整改。`;
