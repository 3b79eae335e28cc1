/** A hazard reported outside the daily card (上报隐患), by any officer or director of the unit. */
import { HAZARD_LEVELS, type HazardLevel } from '../domain/answers/daily-answer.js';
import { photoRequired } from '../domain/evidence/photo-rules.js';
import { emptyBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import { draftHazard } from './draft-hazard.js';
import type { EngineDeps } from './engine-deps.js';
import { type Outcome, refuse } from './outcome.js';
import type { AnswersStore, Ids } from './ports.js';
import { policyOf } from './run-tick.js';

export interface HazardReport {
  actorId: string;
  unitId: string;
  equipmentId: string | null;
  level: HazardLevel;
  description: string;
  measures: string;
  stoppedUse: boolean;
}

export async function reportHazard(
  deps: Pick<EngineDeps<AnswersStore>, 'store' | 'clock' | 'defaults'> & { ids: Ids },
  r: HazardReport,
): Promise<Outcome<{ hazardId: string; line: string }>> {
  const ctx = await deps.store.loadUnitContext(r.unitId, r.equipmentId ?? undefined);
  if (!ctx) return refuse('not_found', '找不到所在单位');
  if (r.equipmentId && !ctx.device) return refuse('not_found', '找不到这台设备，请用“设备”命令查看设备名称');
  if (!ctx.people.some((p) => p.id === r.actorId)) return refuse('forbidden', '您不是本单位的人员，不能上报隐患');
  if (!HAZARD_LEVELS.includes(r.level)) return refuse('invalid', '请选择隐患等级：一般、严重或重大');
  if (!r.description.trim()) return refuse('invalid', '请描述隐患：在哪里、是什么问题');
  const now = deps.clock.now();
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, now);
  const hazardId = draftHazard(b, ctx, policyOf(deps, ctx.unit), deps.ids, {
    level: r.level,
    description: r.description.trim(),
    measures: r.measures.trim(),
    stoppedUse: r.stoppedUse,
    reporterId: r.actorId,
    device: ctx.device,
  });
  b.records.push({
    kind: 'hazard_report',
    taskKey: null,
    personId: r.actorId,
    late: false,
    payload: {
      hazardId,
      equipmentId: r.equipmentId,
      level: r.level,
      description: r.description.trim(),
      measures: r.measures.trim(),
      stoppedUse: r.stoppedUse,
    },
  });
  const photos = {
    unitId: ctx.unit.id,
    unitKey: ctx.unit.key,
    hazardIds: [hazardId],
    stage: 'found' as const,
    required: photoRequired(undefined, r.level),
  };
  return commitOrRefuse(deps.store, b, { hazardId, line: '隐患已上报' }, { photos });
}
