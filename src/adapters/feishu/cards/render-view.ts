/**
 * A PromptView (app/prompts) as a Feishu card (JSON 2.0). Everything a person reads comes from the
 * view; what is Feishu's own is here: markdown with user text escaped (mdText), `<font>` colours,
 * header templates, field and button names unique in the card (`d<n>_` for a daily device form,
 * `h<n>_` for a reminder's hazard forms, the stable submit names of SUBMIT_NAMES), the layout of
 * info and actions, and what the card budget forces (fewer 异常 blocks, owner lists as text).
 */

import type { CardActionValue } from '../../../app/prompts/action-value.js';
import type {
  ActionView,
  DeviceView,
  Fact,
  FieldView,
  FormView,
  Line,
  PromptContext,
  PromptState,
  PromptView,
  Span,
  Tone,
} from '../../../app/prompts/prompt-view.js';
import { viewOf } from '../../../app/prompts/views.js';
import type { Payload } from '../../../domain/engine/payloads.js';
import { SUBMIT_NAMES } from './action-value.js';
import { fitsOneCard } from './card-budget.js';
import {
  assembleCard,
  button,
  type CardJson,
  type CardParts,
  colored,
  datePicker,
  dropIndent,
  type El,
  form,
  hr,
  input,
  md,
  mdEscape,
  mdText,
  select,
  type Template,
} from './card-json.js';
import { compactItems, hasItemSeries } from './compact-items.js';
import { statsChart } from './period-numbers.js';
import { type CardPart, partSuffix } from './render-context.js';

const TEMPLATES: Record<Tone, Template> = {
  info: 'blue',
  success: 'green',
  warning: 'orange',
  danger: 'red',
  neutral: 'grey',
};
const COLORS: Record<Tone, 'blue' | 'green' | 'orange' | 'red' | 'grey'> = {
  info: 'blue',
  success: 'green',
  warning: 'orange',
  danger: 'red',
  neutral: 'grey',
};

export const templateOf = (tone: Tone): Template => TEMPLATES[tone];
/** The tone of a card template (the callback's done line is coloured by template today). */
export const toneOf = (t: Template): Tone =>
  (Object.entries(TEMPLATES).find(([, v]) => v === t)?.[0] as Tone | undefined) ?? 'info';

function spanMd(s: Span | string): string {
  if (typeof s === 'string') return mdEscape(s);
  const text = s.strong ? `**${mdEscape(s.text)}**` : mdEscape(s.text);
  return s.tone ? colored(COLORS[s.tone], text) : s.muted ? colored('grey', text) : text;
}

export const lineMd = (l: Line): string => dropIndent(l.map(spanMd).join(''));
const linesEl = (ls: readonly Line[]): El => md(ls.map(lineMd).join('\n'));

/** A fact as markdown; a table of numbers also as a bar chart, unless the card is done. */
function factEls(f: Fact, chart: boolean): El[] {
  if (f.type === 'lines') return [linesEl(f.lines)];
  const [a, b] = f.columns;
  const table = md(
    [
      `| ${mdText(a)} | ${mdText(b)} |`,
      '| :-- | :-- |',
      ...f.rows.map(([k, v]) => `| ${mdText(k)} | ${mdText(v)} |`),
    ].join('\n'),
  );
  return [linesEl([f.heading]), table, ...(chart && f.stats ? [statsChart(f.stats)] : [])];
}

interface Names {
  /** prefix of every field and button name of the form (`d2_`, `h1_`, '') */
  prefix: string;
  /** owner lists as typed names, for a card that cannot hold the option lists */
  personAsText?: boolean;
}

function fieldEls(f: FieldView, n: Names): El[] {
  const name = `${n.prefix}${f.id}`;
  const before = f.before?.length ? [linesEl(f.before)] : [];
  const options = (f.options ?? []).map((o): [string, string] => [o.value, o.label]);
  const text = (multiline: boolean, placeholder = f.placeholder) =>
    input(name, {
      ...(f.label ? { label: f.label } : {}),
      ...(placeholder !== undefined ? { placeholder } : {}),
      ...(f.required ? { required: true } : {}),
      ...(multiline ? { multiline } : {}),
      ...(f.initial ? { value: f.initial } : {}),
      ...(f.maxLength ? { max: f.maxLength } : {}),
    });
  switch (f.kind) {
    case 'choice':
      return [...before, select(name, f.placeholder ?? null, options, f.initial)];
    case 'person':
      return [
        ...before,
        options.length > 0 && !n.personAsText
          ? select(name, f.placeholder ?? null, options, f.initial)
          : text(false, `${f.placeholder ?? '责任人'}姓名`),
      ];
    case 'date':
      return [...before, datePicker(name, f.placeholder ?? f.label ?? '选择日期')];
    case 'text':
      return [...before, text(false)];
    case 'multiline':
      return [...before, text(true)];
  }
}

/** The button's name: stable per action, so the handler can recover a submit whose value Feishu dropped. */
function buttonName(v: CardActionValue, prefix: string): string {
  switch (v.a) {
    case 'daily_zero_all':
      return 'all_zero';
    case 'daily_zero':
      return `${prefix}zero`;
    case 'daily_open':
      return `${prefix}open`;
    case 'daily_list':
      return `${prefix}list`;
    case 'daily_submit':
      return `${prefix}submit`;
    case 'period_refresh':
      return 'refresh';
    case 'period_edit':
      return 'edit';
    case 'period_part':
      return 'part_save';
    case 'weekly_submit':
    case 'monthly_submit':
      // 确定提交 after a contradiction question is a button of its own
      return `${SUBMIT_NAMES[v.a]}${v.cf ? '_confirm' : ''}`;
    case 'ack':
      return 'ack';
    case 'hazard_verify':
      return `${prefix}${v.ok ? SUBMIT_NAMES.hazard_verify_ok : SUBMIT_NAMES.hazard_verify_reject}`;
    case 'advice_answer':
      return `${prefix}${v.ans === 'adopted' ? SUBMIT_NAMES.advice_adopted : SUBMIT_NAMES.advice_rejected}`;
    default:
      return `${prefix}${SUBMIT_NAMES[v.a]}`;
  }
}

const FEISHU_TYPES = { primary: 'primary', default: 'default', danger: 'danger' } as const;

function actionEl(a: ActionView, prefix = ''): El {
  const type =
    a.prominent && a.style !== 'default' ? (`${FEISHU_TYPES[a.style]}_filled` as const) : FEISHU_TYPES[a.style];
  return button({
    name: buttonName(a.value, prefix),
    text: a.label,
    type,
    value: a.value,
    ...(a.submits ? { submit: true } : {}),
  });
}

/**
 * A reminder's hazard forms are `h1`, `h2` …: their fields and buttons are prefixed so names stay unique in the card.
 */
const formPrefix = (f: FormView): string => (/^h\d+$/.test(f.id) ? `${f.id}_` : '');

/** A form's name in the card: its id; a reminder's hazard form `h1_rectify` (prefix and step). */
function formName(f: FormView, prefix: string): string {
  const step = f.submits[0]?.value.a.replace(/^hazard_/, '') ?? f.id;
  return prefix ? `${prefix}${step}` : f.id;
}

function formEls(f: FormView, n: Names, name = formName(f, n.prefix)): El[] {
  const notes = f.notes?.length ? [linesEl(f.notes)] : [];
  return [
    ...(f.title ? [hr(), linesEl([f.title])] : []),
    form(name, [...f.fields.flatMap((x) => fieldEls(x, n)), ...notes, ...f.submits.map((s) => actionEl(s, n.prefix))]),
    ...(f.hint ? [md(colored('grey', mdText(f.hint)))] : []),
  ];
}

function head(v: PromptView, part?: CardPart): Omit<CardParts, 'info' | 'actions'> {
  return {
    title: `${v.title}${partSuffix(part)}`,
    ...(v.subtitle ? { subtitle: v.subtitle } : {}),
    template: TEMPLATES[v.tone],
    summary: v.summary,
  };
}

/** Device rows in card order; a rule sets each open row apart, answered lines stack without one. */
function deviceEls(devices: readonly DeviceView[]): El[] {
  return devices.flatMap((d, i) => {
    const prev = devices[i - 1];
    const ruled = i > 0 && (!d.status || (prev !== undefined && !prev.status));
    const block = d.status
      ? [md(`${lineMd(d.title)}　${colored(COLORS[d.status.tone], mdText(d.status.line))}`)]
      : [md(lineMd(d.title)), ...d.actions.map((a) => actionEl(a, `d${i + 1}_`))];
    return ruled ? [hr(), ...block] : block;
  });
}

/**
 * The daily card. The device list as sent; with a form (one device opened), as many of its 异常
 * blocks as the card can hold — a 12–14-item checklist with every item 异常 fits 7–8; the rest are
 * named in a note (Feishu's 200 elements, card-budget.ts).
 */
function dailyParts(v: PromptView, part: CardPart | undefined, n: number): CardParts {
  const h = head(v, part);
  const info = v.facts.flatMap((f) => factEls(f, true));
  const deviceForm = v.forms[0];
  if (!deviceForm)
    return { ...h, info, actions: [...v.actions.map((a) => actionEl(a)), ...deviceEls(v.devices ?? [])] };
  const prefix = `d${n}_`;
  const blocks = [...new Set(deviceForm.fields.flatMap((f) => (f.item === undefined ? [] : [f.item])))];
  for (let keep = blocks.length; ; keep--) {
    const kept = blocks.slice(0, Math.max(1, keep));
    const left = blocks.slice(kept.length);
    const overflow =
      left.length > 0
        ? [
            [
              {
                text: `异常项较多：卡片一次最多填写 ${kept.length} 项，第 ${left.join('、')} 项放不下。请先停用设备，并联系安全总监协助登记其余异常项。`,
                tone: 'warning' as const,
              },
            ],
          ]
        : [];
    const shown: FormView = {
      ...deviceForm,
      fields: deviceForm.fields.filter((f) => f.item === undefined || kept.includes(f.item)),
      notes: [...(deviceForm.notes ?? []), ...overflow],
    };
    const parts = {
      ...h,
      info,
      actions: [...formEls(shown, { prefix }, `d${n}`), ...v.actions.map((a) => actionEl(a, prefix))],
    };
    if (keep <= 1 || fitsOneCard(assembleCard(parts))) return parts;
  }
}

function otherParts(v: PromptView, part: CardPart | undefined, n: Names): CardParts {
  const buttons = v.actions.map((a) => actionEl(a));
  const forms = v.forms.flatMap((f) => formEls(f, { ...n, prefix: formPrefix(f) }));
  const actions =
    v.forms.length > 0
      ? [...buttons, ...(v.forms[0]?.title ? [] : [hr()]), ...forms]
      : buttons.length > 0
        ? [hr(), ...buttons]
        : [];
  return { ...head(v, part), info: v.facts.flatMap((f) => factEls(f, true)), actions };
}

function doneParts(v: PromptView, part?: CardPart): CardParts {
  const done = v.done!;
  return {
    ...head(v, part),
    info: v.facts.flatMap((f) => factEls(f, false)),
    actions: [md(colored(COLORS[done.tone], `**${mdText(done.line)}**`))],
  };
}

/**
 * The card of a view. `part` numbers one of several cards (“（1/3）”); `device` is the place (1-based)
 * on the card of the daily device whose form is open (its field names are `d<n>_…`).
 */
export function cardOfView(v: PromptView, o: { part?: CardPart; device?: number } = {}): CardJson {
  if (v.done) return assembleCard(doneParts(v, o.part));
  if (v.kind === 'daily_check') return assembleCard(dailyParts(v, o.part, o.device ?? 1));
  const card = assembleCard(otherParts(v, o.part, { prefix: '' }));
  if (fitsOneCard(card)) return card;
  // Every option's text is an element of the card: 清单 items drawn compactly (compact-items.ts), then
  // a unit with too many people for three owner lists gets name fields instead.
  const view = hasItemSeries(v) ? compactItems(v) : v;
  const compact = view === v ? card : assembleCard(otherParts(view, o.part, { prefix: '' }));
  const lists = v.forms.some((f) => f.fields.some((x) => x.kind === 'person' && (x.options?.length ?? 0) > 0));
  return lists && !fitsOneCard(compact)
    ? assembleCard(otherParts(view, o.part, { prefix: '', personAsText: true }))
    : compact;
}

/**
 * The card of a payload in a state: the view of viewOf, numbered by
 * `state.part`, the opened daily device's fields named by its place.
 */
export function cardOfState(payload: Payload, ctx: PromptContext, state: PromptState = {}): CardJson {
  const part = state.part && state.part.of > 1 ? { part: state.part } : {};
  const opened =
    payload.type === 'daily_check' && state.open
      ? payload.devices.findIndex((d) => d.taskKey === state.open?.taskKey) + 1
      : 0;
  return cardOfView(viewOf(payload, ctx, state), { ...part, ...(opened > 0 ? { device: opened } : {}) });
}
