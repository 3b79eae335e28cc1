/**
 * A guided dialog: a prompt's form asked one question at a time, for channels without forms
 * (Telegram). Channel-neutral and pure: the state is data (stored per chat account by
 * dialog-store.ts, so a dialog survives a restart), each answer is validated as the card form
 * validates it (required fields, the same character limits, dates), and the end is the same neutral
 * action + form the card would submit (handleCardAction reads it; the use case checks it again).
 *
 * Questions: a choice (buttons; a typed label or its number also fits), a text (typed; “保持草稿”
 * keeps a pre-filled draft, “留空” skips a field that is not required), a date (typed: 2026-12-31,
 * 12-31, 12月31日, 今天, 昨天). The daily 异常 flow is a loop: which item → its description, level,
 * measures, whether use was stopped → “还有其他异常或不适用的项吗？” (another 异常 item, an item
 * marked 不适用 as the card's per-item choice does, or the explicit “其余各项均正常，提交”:
 * nothing is recorded as 正常 that the person did not say is).
 */
import { z } from 'zod';
import { DAILY_TEXT_LIMITS, HAZARD_LEVEL_LABELS, HAZARD_LEVELS } from '../../domain/answers/daily-answer.js';
import { addDays, formatLocalDate, type LocalDate, parseLocalDate } from '../../domain/local-date.js';
import { readTypedDate } from '../../domain/typed-date.js';

export const dialogFieldSchema = z.object({
  /** the neutral form field's name (e.g. `evaluation`, `x3_desc`), or a flow step (`__item`, `__more`, `__confirm`) */
  id: z.string().min(1).max(60),
  label: z.string().max(200),
  kind: z.enum(['choice', 'text', 'date']),
  options: z
    .array(z.object({ value: z.string().max(64), label: z.string().max(120) }))
    .max(100)
    .optional(),
  required: z.boolean(),
  /** a pre-filled draft (weekly findings) or a default */
  initial: z.string().max(20_000).optional(),
  /** characters (code points), as the card input's max_length and the use case's limit */
  max: z.number().int().positive().optional(),
  placeholder: z.string().max(200).optional(),
  /** asked only when the answer to `field` is one of `values` (a 清单 item's 隐患等级 when 异常) */
  showWhen: z.object({ field: z.string().max(60), values: z.array(z.string().max(64)).max(10) }).optional(),
  /** a choice of a series (the 清单 items): `rest` answers it and the series' later choices at once */
  series: z.string().max(20).optional(),
  rest: z.object({ value: z.string().max(64), label: z.string().max(120) }).optional(),
});
export type DialogField = z.infer<typeof dialogFieldSchema>;

export const dialogStateSchema = z.object({
  /** a short nonce: buttons of an older dialog are refused */
  id: z.string().min(1).max(12),
  /** the prompt message (outbox row id) the dialog answers */
  messageId: z.string().min(1).max(100),
  /** the copy of it the person tapped (its platform message id), redrawn when the dialog ends */
  ref: z.string().max(200).optional(),
  /** the unit's time zone: typed dates (今天, 12-31) are read in it */
  zone: z.string().min(1).max(64),
  /** what it is about, for “已取消…” (e.g. “3号客梯 的异常情况”, “周排查报告”) */
  topic: z.string().max(200),
  /** the neutral action the card would submit */
  action: z.looseObject({ a: z.string() }),
  /** form values the flow sets without asking (the item chosen 异常, “其余均正常”) */
  fixed: z.record(z.string(), z.string()),
  answers: z.record(z.string(), z.string()),
  /** the questions still to ask; the first is the current one */
  queue: z.array(dialogFieldSchema).min(1),
  /** how many questions were answered: with `id`, it names the current question on buttons */
  step: z.number().int().min(0),
  /** labels of the fields answered, in order, for the summary */
  asked: z.array(z.object({ id: z.string(), label: z.string(), shown: z.string().optional() })),
  /**
   * a form's questions as first asked: 返回修改 after a contradiction question asks them again, with the answers as drafts
   */
  fields: z.array(dialogFieldSchema).max(300).optional(),
  /** the daily 异常 flow: the device's items (seq, content) */
  daily: z
    .object({ device: z.string(), items: z.array(z.object({ seq: z.number().int(), content: z.string() })) })
    .optional(),
});
export type DialogState = z.infer<typeof dialogStateSchema>;

/** What the channel shows for the current question. */
export interface DialogQuestion {
  dialogId: string;
  step: number;
  topic: string;
  /** the question, e.g. “问题描述（最多 500 字）” */
  text: string;
  /** more lines: the draft, the summary before submitting, the previous answer's problem */
  detail?: string;
  /** buttons; their index is what a tap sends back */
  choices: { label: string; tone?: 'primary' | 'danger' }[];
  /** typing is expected (a text or date question) */
  typed: boolean;
  placeholder?: string;
}

export type DialogTurn =
  | { type: 'ask'; state: DialogState; question: DialogQuestion }
  | {
      type: 'submit';
      messageId: string;
      ref?: string;
      action: { a: string } & Record<string, unknown>;
      form: Record<string, string>;
      topic: string /** the dialog as it ended: a contradiction question continues it (askContradiction) */;
      state?: DialogState;
    }
  | { type: 'cancelled'; text: string };

export type DialogInput =
  | { type: 'choice'; dialogId: string; step: number; index: number }
  | { type: 'text'; text: string };

const CANCEL = /^(取消|算了|不用了|放弃|cancel|\/cancel)$/i;
const KEEP = '保持草稿';
const SKIP = '留空';
const CANCEL_LABEL = '取消';
const SUBMIT = '提交';
const REST = '__rest';

const chars = (s: string): number => [...s].length;
const short = (s: string, n: number): string => (chars(s) > n ? `${[...s].slice(0, n).join('')}…` : s);

/** Options of the daily flow's fixed questions. */
const LEVEL_OPTIONS = HAZARD_LEVELS.map((l) => ({ value: l, label: `${HAZARD_LEVEL_LABELS[l]}隐患` }));
const STOP_OPTIONS = [
  { value: 'yes', label: '已停止使用' },
  { value: 'no', label: '未停止使用' },
];

/** The questions of one 异常 item (the same fields as the card's `x<seq>_…` block). */
function itemQuestions(seq: number, content: string): DialogField[] {
  const limits = DAILY_TEXT_LIMITS;
  const about = `第 ${seq} 项“${short(content, 30)}”`;
  return [
    {
      id: `x${seq}_desc`,
      label: `${about}：问题描述`,
      kind: 'text',
      required: true,
      max: limits.description,
      placeholder: '发现了什么问题',
    },
    { id: `x${seq}_level`, label: `${about}：隐患等级`, kind: 'choice', required: true, options: LEVEL_OPTIONS },
    {
      id: `x${seq}_measures`,
      label: `${about}：已采取的措施`,
      kind: 'text',
      required: true,
      max: limits.measures,
      placeholder: '例如：设置警示、通知维保',
    },
    {
      id: `x${seq}_stop`,
      label: `${about}：是否已停止使用该设备？`,
      kind: 'choice',
      required: true,
      options: STOP_OPTIONS,
    },
  ];
}

/** The button that marks an item 不适用 (the card's per-item choice 正常 / 异常 / 不适用). */
const MARK_NA = { value: '__na', label: '标记不适用的项' };

/**
 * Which item is 异常 (`__item`, with a way to mark one 不适用 instead) or 不适用 (`__na`), among
 * those not yet answered.
 */
function itemChoice(
  daily: NonNullable<DialogState['daily']>,
  decided: number[],
  of: 'abnormal' | 'na' = 'abnormal',
): DialogField {
  const open = daily.items.filter((it) => !decided.includes(it.seq));
  const options = open.map((it) => ({ value: String(it.seq), label: `${it.seq}. ${short(it.content, 24)}` }));
  if (of === 'na')
    return { id: '__na', label: `${daily.device}：哪一项不适用？`, kind: 'choice', required: true, options };
  return {
    id: '__item',
    label: decided.length === 0 ? `${daily.device}：哪一项异常？` : `${daily.device}：还有哪一项异常？`,
    kind: 'choice',
    required: true,
    options: [...options, MARK_NA],
  };
}

/** The items answered so far as `result` (异常, or 不适用). */
const itemsMarked = (s: DialogState, result: 'abnormal' | 'na' = 'abnormal'): number[] =>
  Object.entries(s.fixed).flatMap(([k, v]) => (/^i\d+$/.test(k) && v === result ? [Number(k.slice(1))] : []));
const chosenItems = (s: DialogState): number[] => itemsMarked(s, 'abnormal');
const decidedItems = (s: DialogState): number[] => [...itemsMarked(s, 'abnormal'), ...itemsMarked(s, 'na')];

/** After each answered item: submit with the rest 正常, or another 异常 / 不适用 item. */
const MORE: DialogField = { id: '__more', label: '还有其他异常或不适用的项吗？', kind: 'choice', required: true };

/** Starts the daily 异常 dialog for one device of a daily prompt. */
export function startDailyDialog(args: {
  id: string;
  messageId: string;
  zone: string;
  taskKey: string;
  device: string;
  items: { seq: number; content: string }[];
}): DialogTurn {
  const daily = { device: args.device, items: args.items };
  const state: DialogState = {
    id: args.id,
    messageId: args.messageId,
    zone: args.zone,
    topic: `${args.device} 的异常情况`,
    action: { a: 'daily_submit', k: args.taskKey },
    fixed: {},
    answers: {},
    queue: [itemChoice(daily, [])],
    step: 0,
    asked: [],
    daily,
  };
  return askCurrent(state);
}

/** Starts a form's dialog: each field in turn, then (for more than one field) the summary to submit. */
export function startFormDialog(args: {
  id: string;
  messageId: string;
  zone: string;
  topic: string;
  action: { a: string } & Record<string, unknown>;
  fields: DialogField[];
  fixed?: Record<string, string>;
}): DialogTurn {
  const confirm: DialogField[] =
    args.fields.length > 1
      ? [
          {
            id: '__confirm',
            label: '请核对后提交',
            kind: 'choice',
            required: true,
            options: [{ value: 'submit', label: SUBMIT }],
          },
        ]
      : [];
  const queue = [...args.fields, ...confirm];
  if (queue.length === 0)
    return {
      type: 'submit',
      messageId: args.messageId,
      action: args.action,
      form: { ...args.fixed },
      topic: args.topic,
    };
  return askCurrent({
    id: args.id,
    messageId: args.messageId,
    zone: args.zone,
    topic: args.topic,
    action: args.action,
    fixed: { ...args.fixed },
    answers: {},
    queue,
    step: 0,
    asked: [],
    fields: args.fields,
  });
}

const CONTRADICTION_OPTIONS = [
  { value: 'confirm', label: '确定提交' },
  { value: 'edit', label: '返回修改' },
];

/**
 * The submission's free text contradicts the data (the submit use case's rule, asked before
 * submitting): the question with 确定提交 (submitted as typed, confirmed) and 返回修改 (the form's
 * questions again, each answer kept as a draft).
 */
export function askContradiction(state: DialogState, question: string): DialogTurn {
  return askCurrent({
    ...state,
    step: state.step + 1,
    queue: [{ id: '__contradiction', label: question, kind: 'choice', required: true, options: CONTRADICTION_OPTIONS }],
  });
}

/** One answer: the next question, the form to submit, or cancelled. `today` reads 今天/昨天 and dates without a year. */
export function answerDialog(state: DialogState, input: DialogInput, today: LocalDate): DialogTurn {
  const field = state.queue[0]!;
  if (input.type === 'choice') {
    if (input.dialogId !== state.id || input.step !== state.step)
      return askCurrent(state, '这个按钮属于已经回答过的问题，请回答下面这一问：');
    const choices = choicesOf(state, field);
    const picked = choices[input.index];
    if (!picked) return askCurrent(state, '请用下面的按钮回答：');
    return applyChoice(state, field, picked.value, today);
  }
  const text = input.text;
  if (CANCEL.test(text.trim())) return cancelled(state);
  if (field.kind === 'choice') {
    const t = text.trim();
    const options = choicesOf(state, field);
    const n = /^\d{1,3}$/.test(t) ? Number(t) : 0;
    const byLabel = options.find((o) => o.label === t || o.label.replace(/^\d+\.\s*/, '') === t);
    const picked =
      byLabel ?? (field.id === '__item' || field.id === '__na' ? options.find((o) => o.value === t) : options[n - 1]);
    if (!picked) return askCurrent(state, `“${short(t, 20)}”不是可选的答案：请点下面的按钮，或回复“取消”放弃。`);
    return applyChoice(state, field, picked.value, today);
  }
  if (field.kind === 'date') {
    const date = readDate(text.trim(), today);
    if (date === 'invalid')
      return askCurrent(state, `没有“${short(text.trim(), 20)}”这一天：请回复如 ${today}、12-31、12月31日 或 今天。`);
    if (!date)
      return askCurrent(state, `“${short(text.trim(), 20)}”不是日期：请回复如 ${today}、12-31、12月31日 或 今天。`);
    return next(state, field, date);
  }
  if (text.trim() === '') return askCurrent(state, `${field.label}不能为空：请回复文字。`);
  if (field.max !== undefined && chars(text) > field.max) {
    return askCurrent(
      state,
      `${field.label}最多 ${field.max} 字，您回复了 ${chars(text)} 字：请精简后重新回复（没有保存）。`,
    );
  }
  return next(state, field, text);
}

/** The current question again, as it was asked (the same button tapped again continues the dialog). */
export function askAgain(state: DialogState): DialogTurn {
  return askCurrent(state);
}

/** Cancel as asked (the 取消 button or typed 取消). */
export function cancelDialog(state: DialogState): DialogTurn {
  return cancelled(state);
}

const cancelled = (state: DialogState): DialogTurn => ({
  type: 'cancelled',
  text: `已取消${state.topic}的填写，没有保存任何内容。原消息上的按钮仍可使用。`,
});

type Choice = { label: string; value: string; tone?: 'primary' | 'danger' };

/** The buttons of a question, in order; their index is what a tap sends. */
function choicesOf(state: DialogState, field: DialogField): Choice[] {
  const out: Choice[] = [];
  if (field.id === '__more') {
    out.push({ label: '其余各项均正常，提交', value: 'submit', tone: 'primary' });
    if (state.daily && state.daily.items.length > decidedItems(state).length) {
      out.push({ label: '还有其他异常项', value: 'more' });
      out.push({ label: MARK_NA.label, value: MARK_NA.value });
    }
  } else if (field.kind === 'choice') {
    out.push(
      ...(field.options ?? []).map((o) => ({
        label: o.label,
        value: o.value,
        ...(o.value === 'submit' || o.value === 'confirm' ? { tone: 'primary' as const } : {}),
      })),
    );
    if (field.rest) out.push({ label: field.rest.label, value: REST, tone: 'primary' });
    // An optional choice (e.g. 记录人: empty means the one who submits) can be left empty as on the card.
    if (!field.required && !field.rest && field.id !== '__more') out.push({ label: SKIP, value: '__skip' });
  } else {
    if (field.initial !== undefined && field.initial !== '') out.push({ label: KEEP, value: '__keep' });
    if (!field.required) out.push({ label: SKIP, value: '__skip' });
    if (field.kind === 'date') out.push({ label: '今天', value: '__today' });
  }
  out.push({ label: CANCEL_LABEL, value: '__cancel', tone: 'danger' });
  return out;
}

function applyChoice(state: DialogState, field: DialogField, value: string, today: LocalDate): DialogTurn {
  if (value === '__cancel') return cancelled(state);
  if (value === '__keep') return next(state, field, field.initial ?? '');
  if (value === '__skip') return next(state, field, '');
  if (value === '__today') return next(state, field, today);
  if (value === REST && field.rest) return restOfSeries(state, field, field.rest);
  return next(state, field, value);
}

/**
 * “其余各项均正常”: this choice and every later choice of its series answered with `rest.value`;
 * the questions that depend on them (a level, a note) are then not asked.
 */
function restOfSeries(state: DialogState, field: DialogField, rest: { value: string; label: string }): DialogTurn {
  const same = (f: DialogField) => f.series !== undefined && f.series === field.series && f.kind === 'choice';
  const answered = [field, ...state.queue.slice(1).filter(same)];
  const s: DialogState = {
    ...state,
    step: state.step + 1,
    answers: { ...state.answers, ...Object.fromEntries(answered.map((f) => [f.id, rest.value])) },
    asked: [...state.asked, ...answered.map((f) => ({ id: f.id, label: f.label, shown: rest.label }))],
    queue: state.queue.slice(1).filter((f) => !same(f)),
  };
  return advance(s);
}

/** The next question to ask (those whose condition does not hold are passed over), or the submission. */
function advance(s: DialogState): DialogTurn {
  // only the questions coming up now are judged: a later one may depend on an answer still to come
  const hidden = (f: DialogField) =>
    f.showWhen !== undefined && !f.showWhen.values.includes(s.answers[f.showWhen.field] ?? '');
  let skip = 0;
  while (skip < s.queue.length && hidden(s.queue[skip]!)) skip++;
  if (skip === s.queue.length) return submit(s);
  return askCurrent({ ...s, queue: s.queue.slice(skip) });
}

/** Records the answer to `field` and moves on. */
function next(state: DialogState, field: DialogField, value: string): DialogTurn {
  const rest = state.queue.slice(1);
  const s: DialogState = { ...state, step: state.step + 1, queue: rest.length > 0 ? rest : state.queue };
  if ((field.id === '__item' || field.id === '__more') && s.daily && value === MARK_NA.value) {
    s.queue = [itemChoice(s.daily, decidedItems(s), 'na')];
    return askCurrent(s);
  }
  if ((field.id === '__item' || field.id === '__na') && s.daily) {
    const seq = Number(value);
    const item = s.daily.items.find((it) => it.seq === seq);
    if (!item || decidedItems(s).includes(seq)) return askCurrent(state, '请选择一项：');
    const na = field.id === '__na';
    s.fixed = { ...s.fixed, [`i${seq}`]: na ? 'na' : 'abnormal' };
    s.queue = na ? [MORE] : [...itemQuestions(seq, item.content), MORE];
    return askCurrent(s);
  }
  if (field.id === '__more' && s.daily) {
    if (value === 'more') {
      s.queue = [itemChoice(s.daily, decidedItems(s))];
      return askCurrent(s);
    }
    return submit({ ...s, fixed: { ...s.fixed, rest: 'normal' } });
  }
  if (field.id === '__confirm') return submit(s);
  if (field.id === '__contradiction') {
    if (value === 'confirm') return submit({ ...s, action: { ...s.action, cf: true } });
    const again = (s.fields ?? []).map((f) => ({ ...f, initial: s.answers[f.id] ?? f.initial }));
    s.queue = [
      ...again,
      {
        id: '__confirm',
        label: '请核对后提交',
        kind: 'choice',
        required: true,
        options: [{ value: 'submit', label: SUBMIT }],
      },
    ];
    s.asked = [];
    return askCurrent(s);
  }
  s.answers = { ...s.answers, [field.id]: value };
  const shown = field.options?.find((o) => o.value === value)?.label;
  s.asked = [...s.asked, { id: field.id, label: field.label, ...(shown ? { shown } : {}) }];
  // A resolution row of the monthly minutes left empty: its owner and deadline are not asked, nor the rows after it.
  const row = /^r(\d+)_content$/.exec(field.id);
  if (row && value.trim() === '') s.queue = s.queue.filter((f) => !/^r\d+_/.test(f.id));
  if (rest.length === 0) return submit(s);
  return advance(s);
}

function submit(s: DialogState): DialogTurn {
  return {
    type: 'submit',
    messageId: s.messageId,
    ...(s.ref ? { ref: s.ref } : {}),
    action: s.action as { a: string } & Record<string, unknown>,
    form: { ...s.fixed, ...s.answers },
    topic: s.topic,
    state: s,
  };
}

function askCurrent(state: DialogState, problem?: string): DialogTurn {
  const field = state.queue[0]!;
  const choices = choicesOf(state, field).map(({ label, tone }) => ({ label, ...(tone ? { tone } : {}) }));
  const lines: string[] = [];
  if (problem) lines.push(problem);
  if (field.id === '__confirm' || field.id === '__more' || field.id === '__contradiction') lines.push(summaryOf(state));
  else if (field.initial) lines.push(`草稿：${field.initial}`);
  const limit =
    field.kind === 'text' && field.max !== undefined
      ? `（最多 ${field.max} 字${field.required ? '' : '，可留空'}）`
      : field.kind === 'date'
        ? '（例如 12-31 或 今天）'
        : '';
  const typed = field.kind !== 'choice';
  const hint = typed ? '请直接回复文字' : '';
  const question: DialogQuestion = {
    dialogId: state.id,
    step: state.step,
    topic: state.topic,
    text: `${field.label}${limit}${hint ? `\n${hint}` : ''}`,
    ...(lines.length > 0 ? { detail: lines.join('\n') } : {}),
    choices,
    typed,
    ...(field.placeholder ? { placeholder: field.placeholder } : {}),
  };
  return { type: 'ask', state, question };
}

/** What was entered so far, one line per answer. */
function summaryOf(s: DialogState): string {
  const lines = s.asked.map((a) => {
    const v = s.answers[a.id] ?? '';
    const label = a.label.replace(/^第 \d+ 项“[^”]*”：/, '');
    const shown = a.shown
      ? a.shown
      : /_level$/.test(a.id)
        ? (LEVEL_OPTIONS.find((o) => o.value === v)?.label ?? v)
        : /_stop$/.test(a.id)
          ? (STOP_OPTIONS.find((o) => o.value === v)?.label ?? v)
          : v;
    return `· ${label}：${shown === '' ? '（空）' : short(shown, 200)}`;
  });
  if (s.daily) {
    const chosen = chosenItems(s);
    const names = s.daily.items
      .filter((it) => chosen.includes(it.seq))
      .map((it) => `${it.seq}. ${short(it.content, 24)}`);
    if (names.length > 0) lines.unshift(`异常项：${names.join('；')}`);
    const na = itemsMarked(s, 'na');
    const naNames = s.daily.items
      .filter((it) => na.includes(it.seq))
      .map((it) => `${it.seq}. ${short(it.content, 24)}`);
    if (naNames.length > 0) lines.push(`不适用：${naNames.join('；')}`);
  }
  return lines.join('\n');
}

/**
 * 2026-12-31, 12-31, 12/31, 12月31日, 2026年12月31日, 今天, 昨天, 明天 (as typed commands read them,
 * domain/typed-date.ts) → a real date, this year's when no year is written; 'invalid' for a day that
 * does not exist (2月30日); null when it is not a date.
 */
export function readDate(t: string, today: LocalDate): LocalDate | 'invalid' | null {
  const typed = readTypedDate(t);
  if (typed === null || typed === 'invalid') return typed;
  if ('fromToday' in typed) return addDays(today, typed.fromToday);
  return parseLocalDate(formatLocalDate(typed.year ?? Number(today.slice(0, 4)), typed.month, typed.day)) ?? 'invalid';
}
