/**
 * 履职记录 (regulation.md §3.1 存档): the appointments and adjustments of the principal, director and
 * officers, their certificates, training and assessment, the advice they gave and how it was
 * answered, and how each person carried out their tasks in the range (done, late, missed).
 */

import { addDays, atLocal, localDateOf } from '../local-time.js';
import { CATEGORY_LABELS, type Category } from '../model.js';
import { type Block, type Cell, cellText, paragraph, type ReportDocument, strong, table } from './document.js';
import type { ExportData } from './export-data.js';
import { roleName, unitMeta, VERIFY_NOTE } from './facts.js';
import { dateTime, maskMobile } from './format.js';
import { documentName } from './report-kind.js';

const TASK_KIND_LABELS: Record<string, string> = {
  daily: '日管控检查',
  weekly: '周排查报告',
  monthly: '月调度纪要',
  hazard: '隐患整改/核实',
  advice: '意见建议答复',
  resolution: '调度决议落实',
};

export function composeDuties(data: ExportData, category: Category | null, generatedAt: Date): ReportDocument {
  const tz = data.unit.timeZone;
  const { from, to } = data.request;
  const end = atLocal(addDays(to, 1), '00:00', tz);
  const fromAt = atLocal(from, '00:00', tz);
  const roles = data.roles.filter(
    (r) => r.startAt < end && (category === null || r.categories.length === 0 || r.categories.includes(category)),
  );
  const people = new Set(roles.map((r) => r.person));
  const appointments: Cell[][] = roles.map((r) => [
    r.person,
    maskMobile(r.mobile),
    r.title || roleName(data, r.role),
    r.categories.length ? r.categories.map((c) => CATEGORY_LABELS[c]).join('、') : '全部类别',
    localDateOf(r.startAt, tz),
    r.endAt ? localDateOf(r.endAt, tz) : '至今',
    r.reason,
  ]);
  const certificates: Cell[][] = data.certificates
    .filter((c) => people.has(c.person))
    .map((c) => [
      c.person,
      c.kind,
      c.number,
      c.issuedOn ?? '—',
      c.expiresOn ?? '—',
      c.expiresOn && c.expiresOn < to
        ? strong('已过期')
        : c.expiresOn && c.expiresOn < addDays(to, 90)
          ? strong('90 天内到期')
          : '有效',
    ]);
  const trainings: Cell[][] = data.trainings
    .filter((t) => people.has(t.person) && t.date <= to)
    .map((t) => [t.date, t.person, t.content, t.result, t.assessor]);
  const advice: Cell[][] = data.advice
    .filter((a) => a.createdAt >= fromAt && a.createdAt < end)
    .map((a) => [
      dateTime(a.createdAt, tz),
      a.from,
      a.content,
      a.to,
      dateTime(a.dueAt, tz),
      a.answer
        ? a.answer === 'adopted'
          ? '采纳'
          : strong('不采纳')
        : a.dueAt < generatedAt
          ? strong('逾期未答复')
          : '待答复',
      a.reason ?? '',
      a.answeredAt ? `${a.answeredBy ?? a.to} ${dateTime(a.answeredAt, tz)}${a.answeredLate ? '（逾期）' : ''}` : '—',
    ]);
  return {
    title: documentName('duties', category),
    meta: unitMeta(data, category, `${from} 至 ${to}`, generatedAt),
    orientation: 'landscape',
    sections: [
      {
        heading: '人员设立与调整',
        sheet: '设立与调整',
        blocks: [
          table({
            caption: '主要负责人、安全总监、安全员的设立和调整（历次任命，含已结束的）',
            columns: APPOINTMENT_COLUMNS,
            rows: appointments,
            empty: '无任命记录',
          }),
        ],
      },
      {
        heading: '持证情况',
        sheet: '持证情况',
        blocks: [
          table({
            caption: `证书（有效性按 ${to} 判断）`,
            columns: CERTIFICATE_COLUMNS,
            rows: certificates,
            empty: '无证书记录',
          }),
        ],
      },
      {
        heading: '培训与考核',
        sheet: '培训与考核',
        blocks: [
          table({
            caption: `培训与考核记录（截至 ${to}）`,
            columns: TRAINING_COLUMNS,
            rows: trainings,
            empty: '无培训考核记录',
          }),
          ...untrained(people, trainings),
        ],
      },
      {
        heading: '意见建议及答复',
        sheet: '意见建议',
        blocks: [
          table({
            caption: '两员意见建议及主要负责人答复',
            columns: ADVICE_COLUMNS,
            rows: advice,
            empty: '期间内无意见建议',
          }),
        ],
      },
      {
        heading: '履职情况统计',
        sheet: '履职统计',
        blocks: [
          table({
            caption: `${from} 至 ${to} 各人任务完成情况`,
            columns: DUTY_COLUMNS,
            rows: dutyRows(data, category, people),
            empty: '期间内无任务',
          }),
        ],
      },
    ],
    notes: [
      '依规定，主要负责人、安全总监和安全员的设立、调整情况，两员提出的意见建议、报告和问题整改落实等履职记录应当保存备查。',
      '主要负责人无正当理由未采纳安全总监、安全员依法提出的意见建议的，应当认为两员已依法履职尽责；故每条意见建议及答复均予保留。',
      '手机号中间四位已隐去。',
      VERIFY_NOTE,
    ],
    signatures: ['主要负责人（签字）'],
  };
}

const APPOINTMENT_COLUMNS = [
  { header: '姓名', width: 8 },
  { header: '手机号', width: 12 },
  { header: '职务', width: 10 },
  { header: '负责类别', width: 16 },
  { header: '任职起', width: 11 },
  { header: '任职止', width: 11 },
  { header: '任命/调整说明', width: 30 },
];
const CERTIFICATE_COLUMNS = [
  { header: '姓名', width: 8 },
  { header: '证书', width: 24 },
  { header: '证书编号', width: 16 },
  { header: '发证日期', width: 11 },
  { header: '有效期至', width: 11 },
  { header: '状态', width: 12 },
];
const TRAINING_COLUMNS = [
  { header: '日期', width: 11 },
  { header: '姓名', width: 8 },
  { header: '培训/考核内容', width: 40 },
  { header: '结果', width: 12 },
  { header: '培训/考核人', width: 20 },
];
const ADVICE_COLUMNS = [
  { header: '提出时间', width: 15 },
  { header: '提出人', width: 8 },
  { header: '意见建议', width: 30 },
  { header: '答复人', width: 8 },
  { header: '答复期限', width: 15 },
  { header: '答复', width: 10 },
  { header: '理由', width: 18 },
  { header: '答复人及时间', width: 18 },
];
const DUTY_COLUMNS = [
  { header: '姓名', width: 8 },
  { header: '任务', width: 14 },
  { header: '应完成', width: 8 },
  { header: '按时完成', width: 8 },
  { header: '逾期完成', width: 8 },
  { header: '缺失', width: 6 },
  { header: '未完成', width: 8 },
];

/** Per person and kind of task: due in the range, done on time, done late, missed, still open. */
function dutyRows(data: ExportData, category: Category | null, people: Set<string>): Cell[][] {
  const deviceCategory = new Map(data.equipment.map((e) => [e.id, e.category]));
  const tasks = data.tasks.filter((t) => {
    if (t.kind === 'daily') return category === null || deviceCategory.get(t.subjectId) === category;
    return people.has(t.assignee);
  });
  const groups = new Map<string, typeof tasks>();
  for (const t of tasks) {
    const k = `${t.assignee}\u0000${t.kind}`;
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  const order = Object.keys(TASK_KIND_LABELS);
  return [...groups.entries()]
    .sort(([a], [b]) => {
      const [pa, ka] = a.split('\u0000') as [string, string];
      const [pb, kb] = b.split('\u0000') as [string, string];
      return pa.localeCompare(pb, 'zh') || order.indexOf(ka) - order.indexOf(kb);
    })
    .map(([k, ts]) => {
      const [person, kind] = k.split('\u0000') as [string, string];
      const onTime = ts.filter((t) => t.state === 'done' && !t.late).length;
      const late = ts.filter((t) => t.state === 'done' && t.late).length;
      const missed = ts.filter((t) => t.state === 'missed').length;
      const open = ts.filter((t) => t.state === 'open').length;
      return [
        person,
        TASK_KIND_LABELS[kind] ?? kind,
        `${ts.length}`,
        `${onTime}`,
        late ? strong(`${late}`) : '0',
        missed ? strong(`${missed}`) : '0',
        `${open}`,
      ];
    });
}

/** Someone appointed with no training or assessment record by the end of the range: said under the table. */
function untrained(people: ReadonlySet<string>, trainings: Cell[][]): Block[] {
  const trained = new Set(trainings.map((t) => cellText(t[1]!)));
  const missing = [...people].filter((p) => !trained.has(p));
  return missing.length
    ? [paragraph(`未见培训考核记录：${missing.join('、')}（请补充培训与考核，并在单位文件的 trainings 中登记）`, true)]
    : [];
}
