/**
 * The neutral prompt views (app/prompts): what every channel draws. Pure: no card, no markup. A
 * renderer may rely on what is checked here — every action parses as the handler's contract, forms
 * use the neutral field names the readers read, tone is data, done prompts ask nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  cardActionValueSchema,
  dailyAnswerFromForm,
  type FieldView,
  type Line,
  monthlyMinutesInput,
  type PromptView,
  plainOf,
  viewOf,
  weeklyReportInput,
} from '../../../src/app/prompts/index.js';
import { checkDeviceAnswer } from '../../../src/domain/answers/daily-answer.js';
import { monthlyMinutesSchema, weeklyReportSchema } from '../../../src/domain/answers/period-reports.js';
import { ctx, daily, device, everyPayload, hazardNotice, people, taskKey } from '../../feishu/cards/fixtures.js';

const TONES = ['info', 'success', 'warning', 'danger', 'neutral'];
const allActions = (v: PromptView) => [
  ...v.actions,
  ...v.forms.flatMap((f) => f.submits),
  ...(v.devices ?? []).flatMap((d) => d.actions),
];
const text = (v: PromptView): string =>
  [
    v.title,
    v.subtitle ?? '',
    ...v.facts.flatMap((f) =>
      f.type === 'lines' ? f.lines.map(plainOf) : [plainOf(f.heading), ...f.rows.map((r) => r.join(' '))],
    ),
  ].join('\n');
const field = (v: PromptView, id: string): FieldView | undefined =>
  v.forms.flatMap((f) => f.fields).find((f) => f.id === id);
const tonesOf = (l: Line) => l.flatMap((s) => (typeof s === 'string' ? [] : s.tone ? [s.tone] : []));

describe('every payload type', () => {
  it.each(everyPayload().map((p) => [p.type, p] as const))(
    '%s: a view whose actions parse and whose forms can be submitted',
    (_t, p) => {
      const v = viewOf(p, ctx);
      expect(v.kind).toBe(p.type);
      expect(v.title.length).toBeGreaterThan(0);
      expect(v.summary.length).toBeGreaterThan(0);
      expect(TONES).toContain(v.tone);
      for (const a of allActions(v)) expect(cardActionValueSchema.safeParse(a.value).success).toBe(true);
      expect(v.actions.every((a) => !a.submits)).toBe(true);
      for (const f of v.forms) {
        expect(f.submits.length).toBeGreaterThan(0);
        expect(f.submits.every((s) => s.submits)).toBe(true);
        const ids = f.fields.map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
        // neutral names: no channel prefixes
        for (const id of ids) expect(id).not.toMatch(/^[dh]\d+_/);
        for (const x of f.fields) if (x.kind === 'choice') expect(x.options?.length).toBeGreaterThan(0);
      }
    },
  );

  it.each(everyPayload().map((p) => [p.type, p] as const))('%s: done is read-only, in the tone given', (_t, p) => {
    const v = viewOf(p, ctx, { done: { line: '已提交 18:02 · 李总监', tone: 'neutral' } });
    expect(v).toMatchObject({
      done: { line: '已提交 18:02 · 李总监', tone: 'neutral' },
      tone: 'neutral',
      subtitle: '已提交 18:02 · 李总监',
      forms: [],
      actions: [],
    });
    expect(v.devices).toBeUndefined();
    expect(v.title).toBe(viewOf(p, ctx).title);
  });

  it('a weekly or monthly prompt without any task key cannot be drawn to be answered, but can be drawn done', () => {
    const weekly = everyPayload()[1]!;
    expect(() => viewOf(weekly, { timeZone: ctx.timeZone, now: ctx.now })).toThrow(/task key/);
    expect(
      viewOf(weekly, { timeZone: ctx.timeZone, now: ctx.now }, { done: { line: '已提交', tone: 'success' } }).forms,
    ).toEqual([]);
  });
});

describe('daily', () => {
  it('as sent: one tap for all open devices, per device 零风险 and 逐项检查, in the payload order', () => {
    const v = viewOf(daily(3), ctx);
    expect(v.tone).toBe('info');
    expect(v.actions).toEqual([
      expect.objectContaining({ value: { a: 'daily_zero_all', k: [1, 2, 3].map(taskKey) }, prominent: true }),
    ]);
    expect(v.devices?.map((d) => d.taskKey)).toEqual([1, 2, 3].map(taskKey));
    expect(v.devices?.[0]?.actions.map((a) => a.value)).toEqual([
      { a: 'daily_zero', k: taskKey(1) },
      { a: 'daily_open', k: taskKey(1) },
    ]);
    expect(v.devices?.[0]?.items.length).toBeGreaterThan(0);
    expect(v.devices?.[0]?.items[0]).toHaveProperty('standard');
  });

  it('answered devices carry their status and tone; all answered turns the prompt done in success or warning', () => {
    const p = daily(2);
    const one = viewOf(p, ctx, {
      devices: { [taskKey(1)]: { line: '已提交 08:47 · 张三 · 1 项异常', abnormal: true, late: false } },
    });
    expect(one.devices?.[0]).toMatchObject({
      status: { line: '已提交 08:47 · 张三 · 1 项异常', tone: 'warning' },
      actions: [],
    });
    expect(one.actions).toEqual([]); // one device left: no 全部正常 for the card
    expect(one.subtitle).toContain('已提交 1/2 台');
    const all = viewOf(p, ctx, {
      devices: {
        [taskKey(1)]: { line: '已提交 08:47 · 张三 · 零风险', abnormal: false, late: false },
        [taskKey(2)]: { line: '逾期提交 10:05 · 张三 · 零风险', abnormal: false, late: true },
      },
    });
    expect(all).toMatchObject({
      title: '日管控 · 12月1日 已完成',
      tone: 'success',
      subtitle: '已提交 10:05 · 张三 · 2 台零风险 · 1 台逾期提交',
    });
  });

  it('opened: one choice per item with its 管控标准, then one 异常 block; entered 异常 items get blocks of their own', () => {
    const d = device(1);
    const p = daily(0, [d]);
    const v = viewOf(p, ctx, { open: { taskKey: d.taskKey } });
    expect(v.devices).toBeUndefined();
    expect(v.actions.map((a) => a.value)).toEqual([{ a: 'daily_list', k: d.taskKey }]);
    const form = v.forms[0]!;
    expect(form.submits.map((s) => s.value)).toEqual([{ a: 'daily_submit', k: d.taskKey }]);
    expect(form.fields.filter((f) => /^i\d+$/.test(f.id)).map((f) => f.id)).toEqual(d.items.map((it) => `i${it.seq}`));
    expect(plainOf(field(v, 'i1')!.before![1]!)).toBe(`管控标准：${d.items[0]!.standard}`);
    expect(form.fields.map((f) => f.id)).toEqual(
      expect.arrayContaining(['rest', 'a1_item', 'a1_desc', 'a1_level', 'a1_measures', 'a1_stop']),
    );

    const again = viewOf(p, ctx, {
      open: {
        taskKey: d.taskKey,
        entered: { i2: 'abnormal', a1_item: '3', a1_desc: '漏油', i1: 'normal' },
        problems: '第 2 项：请填写问题描述\n第 3 项：请选择隐患等级',
      },
    });
    expect(field(again, 'i1')?.initial).toBe('normal');
    expect(field(again, 'a1_item')).toBeUndefined();
    expect(field(again, 'x2_desc')).toMatchObject({ item: 2 });
    expect(field(again, 'x3_desc')).toMatchObject({ item: 3, initial: '漏油' }); // carried from the generic block
    const problems = again.facts[1];
    expect(problems?.type === 'lines' && problems.lines.map(tonesOf)).toEqual([['danger'], ['danger']]);
  });

  it('a device past its 下次检验日期 is named first, in the danger tone, as not to be used (特种设备安全法第四十条)', () => {
    const late = device(2, { inspectionOverdue: { nextInspectionDate: '2026-11-30' } });
    const line = `${late.name} 已超过下次检验日期（2026年11月30日），未经定期检验不得继续使用，请停用并申报检验（特种设备安全法第四十条：未经定期检验或者检验不合格的特种设备，不得继续使用）`;
    // the planner's notice carries the same line: said once
    const v = viewOf({ ...daily(0, [device(1), late]), notice: `${line}\n1号楼1号设备：设备已恢复使用` }, ctx);
    const first = v.facts[0];
    expect(first?.type === 'lines' && first.lines.map(plainOf)).toEqual([line]);
    expect(text(v).split(line).length).toBe(2);
    expect(text(v)).toContain('1号楼1号设备：设备已恢复使用');
    expect(first?.type === 'lines' && first.lines.map(tonesOf)).toEqual([['danger']]);
    expect(v.devices?.map((d) => plainOf(d.title).includes('检验已过期，不得使用'))).toEqual([false, true]);
    const opened = viewOf(daily(0, [late]), ctx, { open: { taskKey: late.taskKey } });
    expect(text(opened)).toContain('未经定期检验不得继续使用');
    expect(
      viewOf(daily(0, [device(1)]), ctx)
        .facts.map((f) => (f.type === 'lines' ? f.lines.map(plainOf).join('') : ''))
        .join(''),
    ).not.toContain('检验');
  });

  it('what a channel collects under the view’s field ids is what the reader and the domain accept', () => {
    const d = device(1);
    const v = viewOf(daily(0, [d]), ctx, { open: { taskKey: d.taskKey } });
    const form: Record<string, string> = Object.fromEntries(
      v.forms[0]!.fields.filter((f) => /^i\d+$/.test(f.id)).map((f) => [f.id, 'normal']),
    );
    Object.assign(form, {
      i2: 'abnormal',
      a1_item: '2',
      a1_desc: '有异响',
      a1_level: 'general',
      a1_measures: '已通知维保',
      a1_stop: 'no',
    });
    for (const [id, value] of Object.entries(form)) {
      const f = field(v, id)!;
      if (f.kind === 'choice') expect(f.options?.map((o) => o.value)).toContain(value);
    }
    const r = checkDeviceAnswer(d.name, d.items, dailyAnswerFromForm(d.taskKey, form));
    expect(r.ok).toBe(true);
  });
});

describe('weekly and monthly', () => {
  const [, weekly, , monthly] = everyPayload();

  it(
    'weekly: numbers as a table with the raw stats, findings drafted, the two required fields; what is ' +
      'filled passes the schema',
    () => {
      const v = viewOf(weekly!, ctx);
      const table = v.facts.find((f) => f.type === 'table');
      expect(table).toMatchObject({ columns: ['项目', '2026-W49'], stats: { daily: { due: 60 } } });
      expect(field(v, 'findings')?.initial).toMatch(/^2026-W49日管控应检 60 台次/);
      expect(v.forms[0]!.fields.filter((f) => f.required).map((f) => f.id)).toEqual(['evaluation', 'nextWeekFocus']);
      expect(v.actions.map((a) => a.value)).toEqual([{ a: 'period_refresh', k: ctx.taskKey }]);
      const filled = Object.fromEntries(v.forms[0]!.fields.map((f) => [f.id, f.initial ?? `${f.label}：已完成`]));
      expect(weeklyReportSchema.safeParse(weeklyReportInput(filled)).success).toBe(true);
    },
  );

  it('monthly: owners chosen from the unit’s people; the form as filled is read once into valid minutes', () => {
    const v = viewOf(monthly!, { ...ctx, people });
    expect(field(v, 'r1_owner')).toMatchObject({
      kind: 'person',
      options: people.map((x) => ({ value: x.id, label: x.name })),
    });
    expect(field(v, 'r2_deadline')?.kind).toBe('date');
    const form = {
      meetingTime: '12月28日 15:00',
      location: '三楼会议室',
      attendees: '王总、李总监',
      nextMonthFocus: '冬季锅炉',
      r1_content: '完成电梯应急演练',
      r1_owner: 'p-li',
      r1_deadline: '2026-12-31 +0800',
    };
    for (const id of Object.keys(form)) expect(field(v, id)).toBeDefined();
    const minutes = monthlyMinutesSchema.parse(monthlyMinutesInput(form));
    expect(minutes.resolutions).toEqual([{ content: '完成电梯应急演练', owner: 'p-li', deadline: '2026-12-31' }]);
  });
});

describe('hazards, reminders, escalations', () => {
  it('tone by level and state: success only once verified; the redraw state leads the done line', () => {
    expect(viewOf(hazardNotice('rectify', 'general'), ctx).tone).toBe('warning');
    expect(viewOf(hazardNotice('confirm', 'major'), ctx).tone).toBe('danger');
    const v = viewOf(hazardNotice('verify', 'serious'), ctx, {
      hazard: { state: 'verified', level: 'serious' },
      done: { line: '核实通过 · 李总监', tone: 'warning' },
    });
    expect(v).toMatchObject({
      tone: 'success',
      title: '【已核实关闭】严重隐患 · 1号楼1号客梯',
      done: { line: '已核实关闭 · 核实通过 · 李总监', tone: 'success' },
    });
  });

  it('each step asks what its use case needs, with the command that does the same', () => {
    const confirm = viewOf({ ...hazardNotice('confirm'), hazardNo: 12 }, ctx).forms[0]!;
    expect(confirm).toMatchObject({
      fields: [{ id: 'note', required: true }],
      hint: '也可直接回复：“研判 12 研判意见”',
    });
    const verify = viewOf(hazardNotice('verify'), ctx).forms[0]!;
    expect(verify.submits.map((s) => s.value)).toEqual([
      { a: 'hazard_verify', h: 'hz-42', ok: true },
      { a: 'hazard_verify', h: 'hz-42', ok: false },
    ]);
    expect(viewOf(hazardNotice('rectify'), ctx).forms[0]!.fields.map((f) => [f.id, f.kind])).toEqual([
      ['rectification', 'multiline'],
      ['doneOn', 'date'],
      ['funds', 'text'],
    ]);
    expect(viewOf(hazardNotice('inform'), ctx).forms).toEqual([]);
  });

  it('a hazard reminder carries each hazard’s form (h1, h2 …) with neutral field names', () => {
    const items = [1, 2].map((n) => ({
      taskKey: taskKey(n),
      label: `隐患整改：漏油${n}`,
      hazard: { id: `hz-${n}`, no: n, step: 'rectify' as const },
    }));
    const v = viewOf(
      {
        type: 'reminder',
        unitName: '示范医院',
        kind: 'hazard',
        period: '2026-12-01',
        dueAt: '2026-12-01T02:00:00Z',
        items,
      },
      ctx,
    );
    expect(v.forms.map((f) => [f.id, f.fields.map((x) => x.id), f.submits[0]?.value])).toEqual([
      ['h1', ['rectification', 'doneOn', 'funds'], { a: 'hazard_rectify', h: 'hz-1' }],
      ['h2', ['rectification', 'doneOn', 'funds'], { a: 'hazard_rectify', h: 'hz-2' }],
    ]);
    expect(v.title).toBe('提醒 · 隐患整改 12月1日 10:00 截止');
  });

  it('an escalation acknowledges every task it lists; missed items are marked in the danger tone', () => {
    const items = [
      { taskKey: taskKey(1), label: 'A', missed: true },
      { taskKey: taskKey(2), label: 'B' },
    ];
    const v = viewOf(
      {
        type: 'escalation',
        unitName: '示范医院',
        kind: 'advice',
        period: '2026-12',
        level: 2,
        dueAt: '2026-12-01T02:00:00Z',
        groups: [{ person: { id: 'p', name: '王总' }, items }],
      },
      ctx,
    );
    expect(v).toMatchObject({ tone: 'danger', title: '催办 · 意见建议答复 2026-12 已逾期' });
    expect(v.actions.map((a) => a.value)).toEqual([{ a: 'ack', k: [taskKey(1), taskKey(2)] }]);
    expect(text(v)).toContain('（其中 1 项周期已结束，已记为缺失）');
    const person = v.facts[1];
    expect(person?.type === 'lines' && person.lines.map(tonesOf)).toEqual([[], ['danger'], []]);
  });
});
