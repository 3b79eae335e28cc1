/**
 * PromptView: what a prompt says and asks, channel-neutral. One builder per prompt kind
 * (`viewOf(payload, ctx, state?)`, views.ts) makes it from the stored payload; Feishu draws it as a
 * card (adapters/feishu/cards), Telegram as an HTML message with inline keyboards and guided
 * dialogs. Everything a person reads is decided here (words, order, tone, which fields and
 * buttons); a renderer only chooses its markup, escapes text, and fits its platform's limits.
 *
 * Text is plain (never markdown or HTML): a renderer escapes every `text` for its own markup.
 * Emphasis and colour are data (`Span.strong`, `Span.tone`), never inferred from the Chinese text.
 */
import type { HazardState } from '../../domain/answers/hazard-rules.js';
import type { Payload, PeriodStats } from '../../domain/engine/payloads.js';
import type { Tone } from '../outcome.js';
import type { CardActionValue } from './action-value.js';

/**
 * The colour of a prompt's header or of a line (one definition, with the use cases' outcomes:
 * app/outcome.ts). Feishu: info=blue, success=green, warning=orange, danger=red, neutral=grey.
 * `info` is a prompt waiting for an answer; `warning` one past due, a general hazard or an answer
 * with 异常; `danger` a serious/major hazard or an escalation; `success` done without anything
 * wrong; `neutral` withdrawn or not adopted.
 */
export type { Tone };

/** A run of text with its look. */
export interface Span {
  text: string;
  /** bold (Feishu `**…**`, Telegram `<b>`) */
  strong?: boolean;
  /** coloured text; a line's tone says what it is about (a level, 已缺失, a refusal) */
  tone?: Tone;
  /** secondary text (grey): a 管控标准, an “as of”, a hint */
  muted?: boolean;
}

/** One line of text, as spans; a plain string is one span without emphasis. */
export type Line = readonly (Span | string)[];

/**
 * What a prompt says, in order. Each fact is one block (Feishu: one markdown component; Telegram: a
 * paragraph).
 * - `lines`: a paragraph of lines (the hazard's 问题/措施/期限, the guide of the daily card, a list
 *   under its heading).
 * - `table`: label/value rows under a heading, e.g. a period's numbers; `stats` carries the raw
 *   numbers for a renderer that can draw a chart (Feishu does; a text channel ignores it).
 */
export type Fact =
  | { type: 'lines'; lines: readonly Line[] }
  | {
      type: 'table';
      heading: Line;
      columns: readonly [string, string];
      rows: readonly (readonly [string, string])[];
      stats?: PeriodStats;
    };

/** A choice of a field: the value submitted and the words shown. */
export interface FieldOption {
  value: string;
  label: string;
}

/**
 * One input of a form. `id` is the NEUTRAL name the form readers (form-values.ts) and the use cases
 * read: `note`, `rectification`, `doneOn`, `comment`, `reason`, weekly/monthly field names,
 * `r1_owner`, daily `i<seq>`, `rest`, `a1_item`, `x<seq>_desc`… A channel that needs other names
 * (Feishu prefixes `d<n>_`, `h<n>_`) maps them back before reading.
 */
export interface FieldView {
  id: string;
  /**
   * - `text` / `multiline`: typed text (`maxLength` in characters)
   * - `choice`: one of `options` (a select; Telegram: a keyboard)
   * - `date`: a calendar date; the reader takes `YYYY-MM-DD` (pickedDate)
   * - `person`: one of `options` (the unit's people, value = person id); when there are none, or a
   *   channel cannot list them, a typed name is read as well
   */
  kind: 'text' | 'multiline' | 'choice' | 'date' | 'person';
  /** the question or caption (“整改情况”); absent for a field the lines before it already name */
  label?: string;
  /** the hint inside an empty field (“做了什么、结果如何（必填）”); a text channel may add it to the question */
  placeholder?: string;
  options?: readonly FieldOption[];
  /** the form cannot be submitted without it (the use case checks again) */
  required?: boolean;
  /** the value shown at first: a draft (weekly findings) or what the person entered before a refusal */
  initial?: string;
  maxLength?: number;
  /** lines shown before the field (the checklist item and its 管控标准, “决议 1”, “第 3 项异常：…”) */
  before?: readonly Line[];
  /**
   * Daily 异常 details: the checklist item (seq) this field is about. A renderer that cannot show
   * every 异常 block at once drops whole blocks (all fields of one item), never parts of one.
   */
  item?: number;
  /**
   * Asked only when another field of the form has one of these values (a 清单 item's 隐患等级 and
   * 说明 when it is 异常/不适用). A form shows it anyway (the use case refuses what contradicts the
   * choice, as the daily form does); a dialog skips it.
   */
  showWhen?: { field: string; values: readonly string[] /** then it must be answered */; required?: boolean };
  /**
   * A choice of a series (the 清单 items of a weekly/monthly form): a dialog offers `rest` with it,
   * which answers it and every later choice of the series with `rest.value` (“其余各项均正常”).
   */
  series?: { id: string; rest: FieldOption };
  /** The form's own way to say the same as `series.rest` (a select “其余未选的项均正常”): a dialog does not ask it. */
  restOf?: string;
}

/**
 * A button. `value` is the neutral action (action-value.ts) the inbound handler receives; a
 * `submits` button also sends its form's fields.
 */
export interface ActionView {
  label: string;
  /** primary: the expected answer; danger: a step that stops or sends back; default: the rest */
  style: 'primary' | 'default' | 'danger';
  /** the one action the prompt is for (Feishu: a filled button) */
  prominent?: boolean;
  value: CardActionValue;
  /** true for a form's submit button: the form's fields go with it */
  submits?: boolean;
  /**
   * not available now, and why (核实通过 while the required 整改后 photo is missing; the form's notes say
   * it too). Still drawn, so a card drawn before the reason went away never loses it: a press is
   * refused with this text (a Telegram tap at once, the view rebuilt then; the use case in any case).
   */
  unavailable?: string;
}

/** A form: fields submitted together by one of its `submits` buttons. */
export interface FormView {
  /**
   * stable within the prompt: `weekly`, `monthly`, `confirm`, `rectify`,
   * `verify`, `advice`, `resolution`, `device`; `h1`, `h2` … on a reminder
   */
  id: string;
  /** what the form is about, shown above it when a prompt holds several (a reminder's hazards) */
  title?: Line;
  fields: readonly FieldView[];
  /** lines after the fields, before the buttons */
  notes?: readonly Line[];
  /** its submit buttons (each `submits: true`) */
  submits: readonly ActionView[];
  /** the typed command that does the same, for a channel or a person who prefers typing: “也可直接回复：“整改 12 整改情况”” */
  hint?: string;
}

/** A device on the daily prompt. */
export interface DeviceView {
  taskKey: string;
  /** the device's name */
  name: string;
  /** “电梯 · 1号楼大厅 · 临时停用 · 12 项”: the device's title line */
  title: Line;
  /** 临时停用: one adjusted item instead of the checklist */
  paused: boolean;
  /** its checklist items, with their 管控标准 (for a channel that shows them without opening the device) */
  items: readonly { seq: number; content: string; standard: string }[];
  /** answered: the status line (“已提交 08:47 · 张三 · 1 项异常”, “已取消：…”) and its tone; absent while open */
  status?: { line: string; tone: Tone };
  /** while open: 零风险 for this device, and 有异常 / 逐项检查 (opens its detailed form) */
  actions: readonly ActionView[];
}

/** The read-only state after the prompt was acted on. */
export interface DoneView {
  /** “已提交 18:02 · 李总监”, “已知悉 · 王总”, “整改中 · 已研判 …” */
  line: string;
  tone: Tone;
}

export type PromptKind = Payload['type'];

export interface PromptView {
  kind: PromptKind;
  /** header, one line: “日管控 · 12月8日 设备检查”, “【整改中】严重隐患 #12 · 1号楼1号客梯” */
  title: string;
  /** second header line: unit, deadline, progress (or, when done, the done line) */
  subtitle?: string;
  tone: Tone;
  /** one line for a chat list or a notification preview */
  summary: string;
  /** what the prompt says, in order */
  facts: readonly Fact[];
  /** daily only: its devices in card order (answered ones with their status), in the list view */
  devices?: readonly DeviceView[];
  /** what the prompt asks to be filled in; empty when nothing is asked or when done */
  forms: readonly FormView[];
  /** buttons outside any form, in order (全部正常, 刷新数据, 已知悉, 返回设备列表); empty when done */
  actions: readonly ActionView[];
  /** set once acted on: the prompt is read-only (no forms, no actions), its header in the done tone */
  done?: DoneView;
}

/** What a builder needs besides the payload. */
export interface PromptContext {
  /** IANA zone of the unit, e.g. Asia/Shanghai */
  timeZone: string;
  /** the instant the prompt is drawn (the year shown or not; overdue tones) */
  now: Date;
  /** the unit's people: the owners a monthly resolution can be given to */
  people?: readonly { id: string; name: string }[];
  /**
   * The task the prompt answers, for payloads that carry no task key (weekly_review,
   * monthly_dispatch): the message's task key. A key on the payload wins.
   */
  taskKey?: string;
}

/** A daily device once answered, as the redraw knows it. */
export interface DeviceStatus {
  /** e.g. “已提交 08:47 · 张三 · 1 项异常”, “已取消：设备已停用”, “未检查（已记为缺失）” */
  line: string;
  abnormal: boolean;
  late: boolean;
  /** answered, missed at the close, or no longer needed (the line says which to a person) */
  state?: 'done' | 'missed' | 'cancelled';
}

/**
 * What a redraw needs besides the payload: everything that changed since the prompt was sent. The
 * inbound handler (app/inbound) fills it in from the store after an action; `viewOf` draws it.
 * All members optional: an empty state draws the prompt as sent.
 */
export interface PromptState {
  /** the prompt was answered: it turns read-only with this line, in this tone (the use case's outcome, as data) */
  done?: DoneView;
  /** daily: each answered device's status, by task key (devices absent are still open) */
  devices?: Readonly<Record<string, DeviceStatus>>;
  /**
   * Which part of a prompt sent as several messages this one is (Feishu: a daily or escalation
   * prompt packed into several cards), when more than one. Channel numbering: the view is the same,
   * the renderer numbers its title (“（1/3）”).
   */
  part?: { index: number; of: number };
  /**
   * daily: the device whose detailed form is shown (逐项检查), with what
   * was entered before a refusal (neutral names) and why it was refused
   */
  open?: { taskKey: string; entered?: Readonly<Record<string, string>>; problems?: string };
  /**
   * weekly/monthly: the form drawn again with what was entered (neutral names); with `question`, the
   * free text contradicted the data (the submit use case's `confirm`): the question, 确定提交 and 返回修改;
   * with `saved`, one part of a form sent in parts was kept (app/period-parts.ts): the line saying so.
   */
  form?: { entered: Readonly<Record<string, string>>; question?: string; saved?: string };
  /**
   * a prompt acted on for a hazard: the hazard's state now. The title shows it,
   * the done line starts with it, its tone wins (success only once verified).
   */
  hazard?: { state: HazardState; level: 'general' | 'serious' | 'major' };
}
