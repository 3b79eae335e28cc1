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
export const colored = (color: 'green' | 'orange' | 'red' | 'grey', text: string): string => `<font color='${color}'>${text}</font>`;

/**
 * User text inside markdown: `<`/`>` would let a description open `<at id=all>` or a font tag, and
 * `*`, `~`, `` ` ``, `[`, `]` would format it, so they become their full-width look-alikes.
 */
export function mdText(s: string): string {
  const map: Record<string, string> = { '<': '＜', '>': '＞', '*': '＊', '~': '～', '`': '｀', '[': '［', ']': '］' };
  return s.replace(/[<>*~`[\]]/g, (c) => map[c] ?? c);
}

/** One line of user text: no line breaks, cut to `max` characters. */
export function oneLine(s: string, max = 40): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join('')}…` : flat;
}

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
export function select(name: string, placeholder: string | null, options: [value: string, label: string][], initial?: string): El {
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
    placeholder: plain(o.placeholder ?? '请输入'),
    ...(o.required ? { required: true } : {}),
    ...(o.multiline ? { input_type: 'multiline_text' } : {}),
    ...(o.value ? { default_value: o.value } : {}),
    ...(o.max ? { max_length: o.max } : {}),
    width: 'fill',
  };
}

export const datePicker = (name: string, placeholder: string): El => ({ tag: 'date_picker', name, placeholder: plain(placeholder) });

export const form = (name: string, elements: El[]): El => ({ tag: 'form', name, elements });
