/**
 * The composers on hand-made read models: what a document says in the cases a month on the demo
 * unit does not produce (a stopped device, a day still open, a non-working day, an unanswered
 * advice, an overdue hazard, a checklist revised mid-way).
 */
import { describe, expect, it } from 'vitest';
import { composeReport } from '../../src/domain/reports/compose-report.js';
import { cellText, numberCaptions, type ReportDocument, sheetName, table } from '../../src/domain/reports/document.js';
import type { ExportData, ExportRecord, ExportTask } from '../../src/domain/reports/export-data.js';
import { recordsByTask, statusOn } from '../../src/domain/reports/facts.js';

const T = (iso: string) => new Date(iso);

function base(kind: ExportData['request']['kind'], from: string, to: string): ExportData {
  return {
    unit: {
      id: 'u',
      key: 'k',
      name: '测试单位',
      creditCode: '91120116MA05K8XQ3H',
      kind: 'user',
      timeZone: 'Asia/Shanghai',
    },
    request: { unitKey: 'k', kind, from, to, category: null },
    categories: ['elevator'],
    equipment: [
      {
        id: 'e1',
        code: 'C1',
        registrationNo: 'R1',
        category: 'elevator',
        name: '客梯一',
        location: '东',
        status: 'in_use',
        officer: '张三',
        nextInspection: null,
        changes: [
          {
            field: 'status',
            fromValue: null,
            toValue: 'in_use',
            at: T('2026-11-01T00:00:00Z'),
            actor: '配置文件',
            reason: '登记',
          },
        ],
      },
      {
        id: 'e2',
        code: 'C2',
        registrationNo: 'R2',
        category: 'elevator',
        name: '货梯二',
        location: '西',
        status: 'stopped',
        officer: '张三',
        nextInspection: null,
        changes: [
          {
            field: 'status',
            fromValue: null,
            toValue: 'in_use',
            at: T('2026-11-01T00:00:00Z'),
            actor: '配置文件',
            reason: '登记',
          },
          {
            field: 'status',
            fromValue: 'in_use',
            toValue: 'stopped',
            at: T('2026-12-01T20:00:00Z'),
            actor: '配置文件',
            reason: '办理停用',
          },
        ],
      },
    ],
    tasks: [],
    records: [],
    dayNotes: [],
    hazards: [],
    checklists: [],
    roles: [
      {
        personId: 'p0',
        person: '王总',
        mobile: '13800000009',
        role: 'principal',
        title: '主要负责人',
        categories: [],
        startAt: T('2025-01-01T00:00:00Z'),
        endAt: null,
        reason: '',
      },
      {
        personId: 'p1',
        person: '张三',
        mobile: '13800000003',
        role: 'officer',
        title: '安全员',
        categories: ['elevator'],
        startAt: T('2025-01-01T00:00:00Z'),
        endAt: null,
        reason: '',
      },
    ],
    trainings: [],
    certificates: [],
    advice: [],
    chainHead: null,
  };
}

const task = (
  t: Partial<ExportTask> & Pick<ExportTask, 'id' | 'kind' | 'period' | 'subjectId' | 'state'>,
): ExportTask => ({
  key: `task:${t.id}`,
  assigneeId: 'p1',
  assignee: '张三',
  opensAt: T('2026-12-02T00:30:00Z'),
  dueAt: T('2026-12-02T09:30:00Z'),
  doneAt: null,
  late: false,
  detail: null,
  ...t,
});

const record = (r: Partial<ExportRecord> & Pick<ExportRecord, 'id' | 'seq' | 'taskId' | 'payload'>): ExportRecord => ({
  kind: 'daily_check',
  personId: 'p1',
  person: '张三',
  at: T('2026-12-02T01:00:00Z'),
  late: false,
  supersedesId: null,
  reason: '',
  hash: 'f'.repeat(64),
  ...r,
});

const rowsOf = (doc: ReportDocument, sheet: string) =>
  doc.sections
    .find((s) => s.sheet === sheet)!
    .blocks.flatMap((b) => (b.type === 'table' ? b.table.rows.map((r) => r.map(cellText)) : [[b.text]]));

describe('daily record composition', () => {
  it('shows a stopped device as not checked, an open task as pending, and a day without tasks', () => {
    const data = base('daily', '2026-12-02', '2026-12-03');
    data.tasks = [task({ id: 't1', kind: 'daily', period: '2026-12-02', subjectId: 'e1', state: 'open' })];
    const doc = composeReport(data, 'elevator', T('2026-12-02T02:00:00Z'));
    expect(doc.title).toBe('每日电梯安全检查记录');
    const day = rowsOf(doc, '2026-12-02');
    expect(day).toContainEqual([
      '1',
      '客梯一',
      'C1',
      'R1',
      '东',
      '在用',
      '待检查（截止 17:30）',
      '张三（责任人）',
      '—',
      '—',
      '',
    ]);
    expect(day).toContainEqual([
      '2',
      '货梯二',
      'C2',
      'R2',
      '西',
      '停用',
      '停用，不安排检查',
      '张三',
      '—',
      '—',
      '04:00 在用→停用（配置文件：办理停用）',
    ]);
    // 清单版本 heads every day: this unit has no checklist in force, and the page says so
    expect(rowsOf(doc, '2026-12-03').slice(0, 2)).toEqual([
      ['检查依据：本日无生效的风险管控清单。'],
      ['本日无日管控检查任务记录。'],
    ]);
  });

  it('states a non-working day', () => {
    const data = base('daily', '2026-12-05', '2026-12-05');
    data.dayNotes = [{ date: '2026-12-05', kind: 'non_operating', reason: '非工作日（周末）' }];
    const doc = composeReport(data, 'elevator', T('2026-12-06T00:00:00Z'));
    expect(doc.sections).toHaveLength(1);
    expect(rowsOf(doc, '2026-12-05')[0]).toEqual(['本日为非运营日：非工作日（周末）。不安排日管控检查，特此记录。']);
  });

  it('takes the last correction as the record in force', () => {
    const a = record({ id: 'a', seq: 1, taskId: 't', payload: {} });
    const b = record({ id: 'b', seq: 5, taskId: 't', payload: {}, supersedesId: 'a', reason: '更正' });
    const c = record({ id: 'c', seq: 9, taskId: 't', payload: {}, supersedesId: 'b', reason: '再更正' });
    const v = recordsByTask([c, a, b]).get('t')!;
    expect(v.current.id).toBe('c');
    expect(v.versions.map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('reads a device’s status on a past day from its history', () => {
    const e2 = base('daily', '2026-12-01', '2026-12-01').equipment[1]!;
    expect(statusOn(e2, '2026-12-01', 'Asia/Shanghai')).toBe('in_use');
    expect(statusOn(e2, '2026-12-02', 'Asia/Shanghai')).toBe('stopped'); // 20:00Z is 04:00 on the 2nd in Shanghai
    expect(statusOn(e2, '2026-10-01', 'Asia/Shanghai')).toBe('in_use');
  });

  it('tolerates a payload missing fields', () => {
    const data = base('daily', '2026-12-02', '2026-12-02');
    data.tasks = [task({ id: 't1', kind: 'daily', period: '2026-12-02', subjectId: 'e1', state: 'done' })];
    data.records = [record({ id: 'r', seq: 3, taskId: 't1', payload: { items: 'oops' } })];
    const day = rowsOf(composeReport(data, 'elevator', T('2026-12-03T00:00:00Z')), '2026-12-02');
    expect(day[1]!.slice(6, 10)).toEqual(['逐项检查无异常（零风险）', '张三', '09:00', '#3·ffffffff']);
  });
});

describe('ledgers', () => {
  it('marks an overdue hazard and an advice nobody answered', () => {
    const data = base('hazards', '2026-12-01', '2026-12-31');
    data.hazards = [
      {
        id: 'h',
        equipmentId: 'e1',
        level: 'general',
        description: '按钮失灵',
        measures: '挂牌',
        stoppedUse: false,
        state: 'rectifying',
        reporter: '张三',
        assignee: '张三',
        deadline: T('2026-12-05T09:30:00Z'),
        pausedDevice: false,
        rectification: null,
        createdAt: T('2026-12-02T01:00:00Z'),
        rectifiedAt: null,
        verifiedAt: null,
        verifier: null,
      },
    ];
    const ledger = rowsOf(composeReport(data, null, T('2026-12-10T00:00:00Z')), '隐患台账');
    expect(ledger[0]).toEqual([
      'YH-2026-001',
      '2026-12-02 09:00',
      '电梯·客梯一\nC1',
      '—', // 隐患来源: no record found it in this data, so none is claimed
      '按钮失灵',
      '—', // 判定依据
      '一般',
      '—', // 研判意见
      '挂牌',
      '否',
      '张三',
      '张三',
      '2026-12-05 17:30（超期）',
      '—',
      '—', // 整改资金
      '—',
      '整改中',
    ]);

    const duties = base('duties', '2026-12-01', '2026-12-31');
    duties.advice = [
      {
        id: 'a',
        from: '张三',
        to: '王总',
        content: '加装监控',
        createdAt: T('2026-12-02T01:00:00Z'),
        dueAt: T('2026-12-05T09:30:00Z'),
        answer: null,
        reason: null,
        answeredAt: null,
        answeredBy: null,
        answeredLate: false,
      },
    ];
    expect(rowsOf(composeReport(duties, null, T('2026-12-10T00:00:00Z')), '意见建议')[0]).toEqual([
      '2026-12-02 09:00',
      '张三',
      '加装监控',
      '王总',
      '2026-12-05 17:30',
      '逾期未答复',
      '',
      '—',
    ]);
  });

  it('prints the checklist version in force on the date, not a later one', () => {
    const data = base('checklist', '2026-12-10', '2026-12-10');
    const item = (content: string) => ({
      seq: 1,
      group: '设备',
      content,
      standard: '',
      frequency: 'daily',
      required: true,
    });
    data.checklists = [
      {
        category: 'elevator',
        version: 1,
        status: 'superseded',
        effectiveDate: '2026-01-01',
        title: '清单',
        items: [item('旧项目')],
      },
      {
        category: 'elevator',
        version: 2,
        status: 'effective',
        effectiveDate: '2026-12-20',
        title: '清单',
        items: [item('新项目')],
      },
    ];
    const doc = composeReport(data, 'elevator', T('2026-12-10T00:00:00Z'));
    expect(doc.meta).toContainEqual({ label: '版本', value: '第 1 版，自 2026-01-01 起施行' });
    expect(rowsOf(doc, '管控清单').flat()).toContain('旧项目');
    expect(rowsOf(doc, '版本记录')).toEqual([
      ['第 1 版', '2026-01-01', '现行', '1', '清单'],
      ['第 2 版', '2026-12-20', '尚未生效', '1', '清单'],
    ]);
  });
});

describe('document model', () => {
  it('makes sheet names Excel accepts and numbers the captioned parts', () => {
    expect(sheetName('2026/W49: 李明?')).toBe('2026-W49- 李明-');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    const blocks = numberCaptions([
      table({ columns: [], rows: [] }),
      table({ caption: '甲', columns: [], rows: [] }),
      table({ caption: '乙', columns: [], rows: [] }),
    ]);
    expect(blocks.map((b) => (b.type === 'table' ? b.table.caption : ''))).toEqual([undefined, '一、甲', '二、乙']);
  });
});
