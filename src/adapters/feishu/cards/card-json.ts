/**
 * Card JSON 2.0 building blocks (platforms.md A4): the few components SafeDuty uses, with only the
 * properties 2.0 documents (it rejects unknown ones). Every card module builds `CardParts`; one
 * function assembles them, so the prompt, the updated and the “done” card share one layout.
 */

/** One component of a card body. */
export type El = { tag: string } & Record<string, unknown>;

export type Template = 'blue' | 'orange' | 'red' | 'green' | 'grey';

export interface CardJson {
  schema: '2.0';
  config: { update_multi: true; summary: { content: string } };
  header: { title: PlainText; subtitle?: PlainText; template: Template };
  body: { elements: El[] };
}

export interface PlainText {
  tag: 'plain_text';
  content: string;
}

/** A card before assembly: what it says (`info`) and what can be done on it (`actions`). */
export interface CardParts {
  title: string;
  subtitle?: string;
  template: Template;
  /** the chat-list preview */
  summary: string;
  info: El[];
  actions: El[];
}

export const plain = (content: string): PlainText => ({ tag: 'plain_text', content });

export function assembleCard(p: CardParts): CardJson {
  return {
    schema: '2.0',
    // update_multi: the card is updated for everyone after an action (PATCH needs it).
    config: { update_multi: true, summary: { content: p.summary } },
    header: { title: plain(p.title), ...(p.subtitle ? { subtitle: plain(p.subtitle) } : {}), template: p.template },
    body: { elements: [...p.info, ...p.actions] },
  };
}

export const md = (content: string): El => ({ tag: 'markdown', content });
export const hr = (): El => ({ tag: 'hr' });
export const colored = (color: 'blue' | 'green' | 'orange' | 'red' | 'grey', text: string): string =>
  `<font color='${color}'>${text}</font>`;

/**
 * User text inside a markdown component, shown as typed: every character Feishu's markdown would
 * read as syntax is written as an HTML entity, as the rich-text doc asks (“需要对特殊字符进行 HTML
 * 转义，才可正常展示 … 转义后的格式为 `&#实体编号;`”, table 特殊字符转义说明,
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/content-components/rich-text).
 * Beyond the doc's table: `&` (else a typed “&#35;” would show as “#”), `.` (“1.” would start a
 * list), `|` (tables) and `=` (a “===” line would make a heading). Leading blanks of a line are
 * dropped, as four of them would start a code block. So `<at id=all>`, a leading `#`, `-`, `1.`,
 * `> `, `_x_` or `**x**` all stay text.
 */
const MD_SPECIAL = /[&<>~\-!*/\\[\]()#:+"'`$_.|=]/g;

export function mdText(s: string): string {
  return dropIndent(mdEscape(s));
}

/**
 * The characters of `mdText` escaped, blanks kept: for a run of text
 * inside a line (render-view.ts drops a line's indent once it is joined).
 */
export const mdEscape = (s: string): string =>
  s.replace(MD_SPECIAL, (c) => (c === '~' ? '&sim;' : `&#${c.codePointAt(0)};`));
/** Leading blanks of every line dropped (four would start a code block). */
export const dropIndent = (s: string): string => s.replace(/^[ \t]+/gm, '');

/**
 * User text cut for a card: the neutral helpers (app/prompts/text.ts);
 * a card shows at most PROMPT_TEXT_MAX characters of one field.
 */
export { clip, oneLine, PROMPT_TEXT_MAX as CARD_TEXT_MAX } from '../../../app/prompts/text.js';

export interface ButtonSpec {
  name: string;
  text: string;
  type?: 'default' | 'primary' | 'danger' | 'primary_filled' | 'danger_filled';
  value: object;
  submit?: boolean;
}

/** A callback button; a form's submit button when `submit` (it carries the value too: see action-value.ts). */
export function button(b: ButtonSpec): El {
  return {
    tag: 'button',
    name: b.name,
    text: plain(b.text),
    type: b.type ?? 'default',
    width: 'fill',
    ...(b.submit ? { form_action_type: 'submit' } : {}),
    behaviors: [{ type: 'callback', value: b.value }],
  };
}

/** A select; without `placeholder` when it has an initial option (the placeholder would never show). */
export function select(
  name: string,
  placeholder: string | null,
  options: [value: string, label: string][],
  initial?: string,
): El {
  return {
    tag: 'select_static',
    name,
    ...(placeholder ? { placeholder: plain(placeholder) } : {}),
    options: options.map(([value, label]) => ({ text: plain(label), value })),
    ...(initial ? { initial_option: initial } : {}),
    width: 'fill',
  };
}

export interface InputSpec {
  label?: string;
  placeholder?: string;
  required?: boolean;
  multiline?: boolean;
  value?: string;
  max?: number;
}

export function input(name: string, o: InputSpec): El {
  return {
    tag: 'input',
    name,
    ...(o.label ? { label: plain(o.label), label_position: 'top' } : {}),
    // an empty placeholder: none at all (each plain_text is one of the card's 200 elements)
    ...(o.placeholder === '' ? {} : { placeholder: plain(o.placeholder ?? '请输入') }),
    ...(o.required ? { required: true } : {}),
    ...(o.multiline ? { input_type: 'multiline_text' } : {}),
    ...(o.value ? { default_value: o.value } : {}),
    ...(o.max ? { max_length: o.max } : {}),
    width: 'fill',
  };
}

export const datePicker = (name: string, placeholder: string): El => ({
  tag: 'date_picker',
  name,
  placeholder: plain(placeholder),
});

export const form = (name: string, elements: El[]): El => ({ tag: 'form', name, elements });
