/** The Evidence rows of hazards (exports, hazard views) and the chain records listing photos (verify). */
import { z } from 'zod';
import type { EvidenceRecord, EvidenceRow } from '../../app/evidence/evidence-port.js';
import { EVIDENCE_RECORD } from '../../app/evidence/photo-flow.js';
import { PHOTO_MIMES } from '../../domain/evidence/photo-rules.js';
import type { Db } from './db.js';

const photosSchema = z.array(z.object({ hash: z.string(), size: z.number(), mime: z.enum(PHOTO_MIMES) }));

export async function evidenceOfHazards(db: Db, hazardIds: readonly string[]): Promise<EvidenceRow[]> {
  if (hazardIds.length === 0) return [];
  const rows = await db.evidence.findMany({
    where: { hazardId: { in: [...hazardIds] } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  const people = new Map(
    (
      await db.person.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.personId).filter((p): p is string => !!p))] } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  const seqs = new Map(
    (
      await db.record.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.recordId))] } },
        select: { id: true, seq: true },
      })
    ).map((r) => [r.id, r.seq]),
  );
  return rows.map((r) => ({
    hash: r.hash,
    size: r.size,
    mime: r.mime as EvidenceRow['mime'],
    hazardId: r.hazardId,
    stage: r.stage === 'rectified' ? 'rectified' : 'found',
    at: r.at,
    personName: r.personId ? (people.get(r.personId) ?? null) : null,
    recordSeq: seqs.get(r.recordId) ?? 0,
  }));
}

/** Every chain record of the unit (or all units) that lists photos, in chain order. */
export async function evidenceRecords(db: Db, unitKey?: string): Promise<EvidenceRecord[]> {
  const units = await db.unit.findMany({
    where: unitKey ? { key: unitKey } : {},
    select: { id: true, key: true, name: true },
    orderBy: { key: 'asc' },
  });
  const out: EvidenceRecord[] = [];
  for (const u of units) {
    const rows = await db.record.findMany({
      where: { unitId: u.id, kind: EVIDENCE_RECORD },
      orderBy: { seq: 'asc' },
      select: { id: true, seq: true, payload: true },
    });
    for (const r of rows) {
      const photos = photosSchema.safeParse((r.payload as { photos?: unknown } | null)?.photos);
      out.push({
        unitKey: u.key,
        unitName: u.name,
        seq: r.seq,
        recordId: r.id,
        photos: photos.success ? photos.data : [],
      });
    }
  }
  return out;
}
