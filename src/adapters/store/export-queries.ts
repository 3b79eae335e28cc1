/**
 * Reads the facts an exported document shows (domain/reports/export-data.ts), for one unit and a
 * range of local dates. Each kind loads what it needs; names are resolved here so that the
 * composers print who did what. Read-only: a consistent snapshot is not required (records are
 * immutable, and tasks only move forward).
 */

import { addDays, atLocal, eachDay } from '../../domain/local-time.js';
import type { Category, EquipmentStatus, Role, UnitKind } from '../../domain/model.js';
import { CATEGORIES } from '../../domain/model.js';
import { isoWeekKey, monthKey, parsePeriodKey } from '../../domain/periods.js';
import type { ExportData, ExportRecord, ExportRequest, ExportTask } from '../../domain/reports/export-data.js';
import type { Db } from './db.js';

const HAZARD_STEP_KINDS = [
  'hazard_report',
  'hazard_confirmed',
  'hazard_rectified',
  'hazard_rework',
  'hazard_verified',
  'hazard_reassigned',
  'hazard_extended',
  'hazard_extension_requested',
];

export async function exportData(db: Db, req: ExportRequest): Promise<ExportData | null> {
  const unit = await db.unit.findUnique({ where: { key: req.unitKey } });
  if (!unit) return null;
  const tz = unit.timeZone;
  const names = new Map<string, string>();
  const [equipment, roles, checklistCats, head] = await Promise.all([
    db.equipment.findMany({
      where: { unitId: unit.id },
      include: { officer: { select: { name: true } }, changes: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
      orderBy: { code: 'asc' },
    }),
    db.roleAssignment.findMany({
      where: { unitId: unit.id },
      include: { person: { select: { name: true, mobile: true } } },
      orderBy: [{ startAt: 'asc' }, { createdAt: 'asc' }],
    }),
    db.riskChecklist.findMany({ where: { unitId: unit.id }, select: { category: true }, distinct: ['category'] }),
    db.record.findFirst({ where: { unitId: unit.id }, orderBy: { seq: 'desc' }, select: { seq: true, hash: true } }),
  ]);
  for (const r of roles) names.set(r.personId, r.person.name);
  const present = new Set<string>([...equipment.map((e) => e.category), ...checklistCats.map((c) => c.category)]);

  const data: ExportData = {
    unit: {
      id: unit.id,
      key: unit.key,
      name: unit.name,
      creditCode: unit.creditCode,
      kind: unit.kind as UnitKind,
      timeZone: tz,
    },
    request: req,
    categories: CATEGORIES.filter((c) => present.has(c)),
    equipment: equipment.map((e) => ({
      id: e.id,
      code: e.code,
      registrationNo: e.registrationNo,
      category: e.category as Category,
      name: e.name,
      location: e.location,
      status: e.status as EquipmentStatus,
      officer: e.officer.name,
      nextInspection: e.nextInspectionDate,
      changes: e.changes.map((c) => ({
        field: c.field as 'status' | 'officer',
        fromValue: c.fromValue,
        toValue: c.toValue,
        at: c.at,
        actor: c.actor,
        reason: c.reason,
      })),
    })),
    tasks: [],
    records: [],
    dayNotes: [],
    hazards: [],
    checklists: [],
    roles: roles.map((r) => ({
      personId: r.personId,
      person: r.person.name,
      mobile: r.person.mobile,
      role: r.role as Role,
      title: r.title,
      categories: r.categories as Category[],
      startAt: r.startAt,
      endAt: r.endAt,
      reason: r.reason,
    })),
    trainings: [],
    certificates: [],
    advice: [],
    chainHead: head,
  };

  const filter = taskFilter(req);
  const rawTasks = filter
    ? await db.task.findMany({ where: { unitId: unit.id, ...filter }, orderBy: [{ period: 'asc' }, { key: 'asc' }] })
    : [];
  const taskIds = rawTasks.map((t) => t.id);
  const rawRecords = taskIds.length
    ? await db.record.findMany({ where: { unitId: unit.id, taskId: { in: taskIds } }, orderBy: { seq: 'asc' } })
    : [];
  const extraRecords: typeof rawRecords = [];
  if (['daily', 'weekly', 'monthly', 'hazards'].includes(req.kind)) {
    const hazards = await db.hazard.findMany({ where: { unitId: unit.id }, orderBy: { createdAt: 'asc' } });
    data.hazards = hazards.map((h) => ({
      id: h.id,
      equipmentId: h.equipmentId,
      level: h.level as 'general' | 'serious' | 'major',
      description: h.description,
      measures: h.measures,
      stoppedUse: h.stoppedUse,
      state: h.state,
      reporter: h.reporterId,
      assignee: h.assigneeId,
      deadline: h.deadline,
      pausedDevice: h.pausedDevice,
      rectification: h.rectification,
      createdAt: h.createdAt,
      rectifiedAt: h.rectifiedAt,
      verifiedAt: h.verifiedAt,
      verifier: h.verifierId,
    }));
    if (req.kind === 'hazards' && hazards.length) {
      // The steps of each hazard, and the records that found them (a daily check, a weekly or monthly
      // item: written in the same instant), for 隐患来源 and 判定依据.
      extraRecords.push(
        ...(await db.record.findMany({
          where: { unitId: unit.id, kind: { in: HAZARD_STEP_KINDS } },
          orderBy: { seq: 'asc' },
        })),
      );
      extraRecords.push(
        ...(await db.record.findMany({
          where: {
            unitId: unit.id,
            at: { in: [...new Set(hazards.map((h) => h.createdAt.getTime()))].map((ms) => new Date(ms)) },
          },
          orderBy: { seq: 'asc' },
        })),
      );
    }
  }
  if (req.kind === 'monthly') {
    // 定期检验 recorded in the months (检验 command): the minutes' 事故、故障、投诉、监管检查、定期检验 section.
    const fromAt = atLocal(req.from.slice(0, 8) + '01', '00:00', tz);
    const toAt = atLocal(addDays(req.to, 31), '00:00', tz);
    extraRecords.push(
      ...(await db.record.findMany({
        where: { unitId: unit.id, kind: 'inspection', at: { gte: fromAt, lt: toAt } },
        orderBy: { seq: 'asc' },
      })),
    );
  }
  if (req.kind === 'daily') {
    const notes = await db.dayNote.findMany({
      where: { unitId: unit.id, date: { gte: req.from, lte: req.to } },
      orderBy: [{ date: 'asc' }, { kind: 'asc' }],
    });
    data.dayNotes = notes.map((n) => ({ date: n.date, kind: n.kind, reason: n.reason }));
  }
  if (['checklist', 'daily', 'hazards', 'weekly', 'monthly'].includes(req.kind)) {
    const lists = await db.riskChecklist.findMany({
      where: { unitId: unit.id },
      include: { items: { orderBy: { seq: 'asc' } } },
      orderBy: [{ category: 'asc' }, { version: 'asc' }],
    });
    data.checklists = lists.map((c) => ({
      category: c.category as Category,
      version: c.version,
      status: c.status,
      effectiveDate: c.effectiveDate,
      title: c.title,
      items: c.items.map((it) => ({
        seq: it.seq,
        group: it.group,
        content: it.content,
        standard: it.standard,
        frequency: it.frequency,
        required: it.required,
      })),
    }));
  }
  if (req.kind === 'duties') await loadDuties(db, unit.id, req, data, extraRecords, names);

  const seen = new Set<string>();
  const allRecords = [...rawRecords, ...extraRecords].filter((r) => !seen.has(r.id) && seen.add(r.id));
  const ids = [
    ...rawTasks.map((t) => t.assigneeId),
    ...allRecords.map((r) => r.personId ?? ''),
    ...data.hazards.flatMap((h) => [h.reporter, h.assignee, h.verifier ?? '']),
    ...data.advice.flatMap((a) => [a.from, a.to, a.answeredBy ?? '']),
  ].filter((id) => id && !names.has(id));
  if (ids.length)
    for (const p of await db.person.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, name: true },
    }))
      names.set(p.id, p.name);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : '');

  data.tasks = rawTasks.map(
    (t): ExportTask => ({
      id: t.id,
      key: t.key,
      kind: t.kind,
      period: t.period,
      subjectId: t.subjectId,
      assigneeId: t.assigneeId,
      assignee: nameOf(t.assigneeId),
      opensAt: t.opensAt,
      dueAt: t.dueAt,
      state: t.state,
      doneAt: t.doneAt,
      late: t.late,
      detail: (t.detail as Record<string, unknown> | null) ?? null,
    }),
  );
  data.records = allRecords
    .sort((a, b) => a.seq - b.seq)
    .map(
      (r): ExportRecord => ({
        id: r.id,
        seq: r.seq,
        kind: r.kind,
        taskId: r.taskId,
        personId: r.personId,
        person: nameOf(r.personId),
        at: r.at,
        late: r.late,
        payload: (r.payload as Record<string, unknown> | null) ?? {},
        supersedesId: r.supersedesId,
        reason: r.reason,
        hash: r.hash,
      }),
    );
  data.hazards = data.hazards.map((h) => ({
    ...h,
    reporter: nameOf(h.reporter),
    assignee: nameOf(h.assignee),
    verifier: h.verifier ? nameOf(h.verifier) : null,
  }));
  data.advice = data.advice.map((a) => ({
    ...a,
    from: nameOf(a.from),
    to: nameOf(a.to),
    answeredBy: a.answeredBy ? nameOf(a.answeredBy) : null,
  }));
  return data;
}

/** The tasks a kind shows: the days of the range, and the weeks and months overlapping it. */
function taskFilter(
  req: ExportRequest,
): { kind?: { in: string[] }; period: { in: string[] } | { gte: string; lte: string } } | null {
  const days = eachDay(req.from, req.to);
  const weeks = [...new Set(days.map(isoWeekKey))];
  const months = [...new Set(days.map(monthKey))];
  switch (req.kind) {
    case 'daily':
      return { kind: { in: ['daily'] }, period: { gte: req.from, lte: req.to } };
    case 'weekly': {
      // Whole weeks, so that a week's numbers are counted over all its days.
      const span = weeks.flatMap((w) => spanOf(w));
      return { period: { in: [...weeks, ...span] }, kind: { in: ['weekly', 'daily'] } };
    }
    case 'monthly': {
      const span = months.flatMap((m) => spanOf(m));
      const monthWeeks = [...new Set(span.map(isoWeekKey))];
      return {
        period: { in: [...months, ...monthWeeks, ...span] },
        kind: { in: ['monthly', 'weekly', 'daily', 'resolution'] },
      };
    }
    case 'duties':
      return { period: { in: [...days, ...weeks, ...months] } };
    case 'hazards':
    case 'checklist':
    case 'director_duties':
    case 'officer_rules':
      return null;
  }
}

const spanOf = (key: string): string[] => {
  const p = parsePeriodKey(key);
  return p ? eachDay(p.start, p.end) : [];
};

async function loadDuties(
  db: Db,
  unitId: string,
  req: ExportRequest,
  data: ExportData,
  records: Awaited<ReturnType<Db['record']['findMany']>>,
  names: Map<string, string>,
): Promise<void> {
  const personIds = [...new Set(data.roles.map((r) => r.personId))];
  const tz = data.unit.timeZone;
  const fromAt = atLocal(req.from, '00:00', tz);
  const toAt = atLocal(addDays(req.to, 1), '00:00', tz);
  const [trainings, certificates, advice] = await Promise.all([
    db.trainingRecord.findMany({
      where: { unitId },
      include: { person: { select: { name: true } } },
      orderBy: [{ date: 'asc' }, { createdAt: 'asc' }],
    }),
    db.certificate.findMany({
      where: { personId: { in: personIds } },
      include: { person: { select: { name: true } } },
      orderBy: [{ personId: 'asc' }, { kind: 'asc' }],
    }),
    db.advice.findMany({ where: { unitId, createdAt: { gte: fromAt, lt: toAt } }, orderBy: { createdAt: 'asc' } }),
  ]);
  const answers = advice.length
    ? await db.record.findMany({
        where: { unitId, kind: { in: ['advice', 'advice_answer'] }, at: { gte: fromAt } },
        orderBy: { seq: 'asc' },
      })
    : [];
  records.push(...answers);
  const answerOf = new Map(
    answers
      .filter((r) => r.kind === 'advice_answer')
      .map((r) => [String((r.payload as { adviceId?: unknown }).adviceId ?? ''), r]),
  );
  for (const p of personIds) if (!names.has(p)) names.set(p, data.roles.find((r) => r.personId === p)?.person ?? p);
  data.trainings = trainings.map((t) => ({
    person: t.person.name,
    date: t.date,
    content: t.content,
    result: t.result,
    assessor: t.assessor,
  }));
  data.certificates = certificates.map((c) => ({
    person: c.person.name,
    kind: c.kind,
    number: c.number,
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn,
  }));
  data.advice = advice.map((a) => {
    const ans = answerOf.get(a.id);
    return {
      id: a.id,
      from: a.fromId,
      to: a.toId,
      content: a.content,
      createdAt: a.createdAt,
      dueAt: a.dueAt,
      answer: (a.answer as 'adopted' | 'rejected' | null) ?? null,
      reason: a.reason,
      answeredAt: a.answeredAt,
      answeredBy: ans?.personId ?? null,
      answeredLate: ans?.late ?? false,
    };
  });
}
