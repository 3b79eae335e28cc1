/**
 * Card JSON 2.0 component rules (platforms.md A4): which tags exist, which contain others, and the
 * checks the Feishu server applies to each. Used by the card validator and by card interaction.
 */
import { CardErrCode } from './feishu-error.js';
import type { CardJson } from './types.js';

/** A component and where it sits, for error messages. */
export interface PlacedElement {
  el: CardJson;
  path: string;
  /** the form this element belongs to, if any */
  form?: CardJson;
  /** tags of the containers around it, outermost first */
  ancestors: string[];
}

/** Tags whose children sit in `elements` (column_set keeps its columns in `columns`). */
export const CONTAINER_TAGS = new Set(['form', 'column_set', 'column', 'collapsible_panel', 'interactive_container']);

/** Components that collect a value and therefore need a `name` inside a form. */
export const INPUT_TAGS = new Set([
  'input',
  'select_static',
  'multi_select_static',
  'select_person',
  'multi_select_person',
  'date_picker',
  'picker_time',
  'picker_datetime',
  'checker',
  'select_img',
]);

const DISPLAY_TAGS = new Set([
  'markdown',
  'div',
  'hr',
  'img',
  'img_combination',
  'chart',
  'table',
  'person',
  'person_list',
  'avatar',
  'audio',
]);
const OTHER_INTERACTIVE = new Set(['button', 'overflow']);
/** 1.0 modules that JSON 2.0 refuses. */
export const REMOVED_IN_V2 = new Set(['action', 'note']);

export function isKnownTag(tag: string): boolean {
  return CONTAINER_TAGS.has(tag) || INPUT_TAGS.has(tag) || DISPLAY_TAGS.has(tag) || OTHER_INTERACTIVE.has(tag);
}

export function asObject(v: unknown): CardJson | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as CardJson) : undefined;
}

/** Children of a container, with the key they live under. */
export function childrenOf(el: CardJson): { key: string; items: unknown[] } | undefined {
  const tag = el['tag'];
  if (tag === 'column_set') return Array.isArray(el['columns']) ? { key: 'columns', items: el['columns'] } : undefined;
  if (typeof tag === 'string' && CONTAINER_TAGS.has(tag))
    return Array.isArray(el['elements']) ? { key: 'elements', items: el['elements'] } : undefined;
  return undefined;
}

/** Visits every component of a card body in document order. */
export function walkElements(card: CardJson, visit: (p: PlacedElement, depth: number) => void): void {
  const body = asObject(card['body']);
  const elements = body && Array.isArray(body['elements']) ? body['elements'] : [];
  const walk = (items: unknown[], path: string, ancestors: string[], form: CardJson | undefined): void => {
    items.forEach((item, i) => {
      // A non-object item is visited as {} so validation reports it as an element without a tag.
      const el = asObject(item) ?? {};
      const at = `${path}[${i}]`;
      visit(form ? { el, path: at, form, ancestors } : { el, path: at, ancestors }, ancestors.length + 1);
      const kids = childrenOf(el);
      if (kids)
        walk(kids.items, `${at}.${kids.key}`, [...ancestors, String(el['tag'])], el['tag'] === 'form' ? el : form);
    });
  };
  walk(elements, 'body.elements', [], undefined);
}

/**
 * Elements as Feishu counts them against the 200 of a card: “卡片 JSON 2.0 结构中，一张卡片最多支持
 * 200 个元素（如 `tag` 为 `plain_text` 的文本元素）或组件”
 * (https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure, 注意事项).
 * Every object that declares a `tag` is one: each component, and the texts inside them (header
 * title and subtitle, button texts, option texts, placeholders, labels, text_tag_list entries, icons).
 * A callback's `value` and a chart's `chart_spec` are the bot's own data, not card elements, so
 * they are not looked into.
 */
export function countCardElements(card: CardJson): number {
  const visit = (value: unknown, parentKey: string): number => {
    if (Array.isArray(value)) return value.reduce<number>((n, item) => n + visit(item, parentKey), 0);
    const obj = asObject(value);
    if (!obj) return 0;
    let n = typeof obj['tag'] === 'string' ? 1 : 0;
    for (const [key, child] of Object.entries(obj)) {
      const opaque = key === 'chart_spec' || (key === 'value' && parentKey === 'behaviors');
      if (!opaque) n += visit(child, key);
    }
    return n;
  };
  return visit(card, '');
}

/** A rule violation: the 230099 sub-code and a message. */
export interface CardIssue {
  sub: number;
  msg: string;
  path: string;
}

/** Per-tag checks that do not depend on the rest of the card. */
export function checkElement(el: CardJson, path: string): CardIssue | undefined {
  const tag = el['tag'];
  const issue = (msg: string, sub: number = CardErrCode.parse): CardIssue => ({ sub, msg, path });
  if (typeof tag !== 'string') return issue('element has no tag');
  if (REMOVED_IN_V2.has(tag)) return issue(`schema V2 no longer supports this tag: ${tag}`, CardErrCode.tagNotInV2);
  if (!isKnownTag(tag)) return issue(`unknown tag: ${tag}`);
  const id = el['element_id'];
  if (id !== undefined && (typeof id !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(id))) {
    return issue('element_id must start with a letter and have at most 20 letters, digits or underscores');
  }
  if (CONTAINER_TAGS.has(tag) && !childrenOf(el))
    return issue(`${tag} needs an array of ${tag === 'column_set' ? 'columns' : 'elements'}`);
  switch (tag) {
    case 'button':
      return checkButton(el, path);
    case 'select_static':
    case 'multi_select_static':
      return checkOptions(el, path);
    case 'input': {
      const max = el['max_length'];
      if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 1000))
        return issue('input max_length must be 1..1000');
      return undefined;
    }
    case 'markdown':
      return typeof el['content'] === 'string' ? undefined : issue('markdown needs a string content');
    case 'chart': {
      const spec = asObject(el['chart_spec']);
      return spec && typeof spec['type'] === 'string'
        ? undefined
        : issue('chart_spec must be an object with a type', CardErrCode.chartInvalid);
    }
    default:
      return undefined;
  }
}

function checkButton(el: CardJson, path: string): CardIssue | undefined {
  const behaviors = el['behaviors'];
  if (behaviors === undefined) return undefined;
  if (!Array.isArray(behaviors)) return { sub: CardErrCode.parse, msg: 'button behaviors must be an array', path };
  for (const b of behaviors) {
    const behavior = asObject(b);
    if (!behavior || typeof behavior['type'] !== 'string')
      return { sub: CardErrCode.parse, msg: 'each behavior needs a type', path };
    // The SDKs only round-trip object callback values; a string value is a bug in the bot.
    if (behavior['type'] === 'callback' && !asObject(behavior['value'])) {
      return { sub: CardErrCode.parse, msg: 'callback behavior value must be an object', path };
    }
  }
  return undefined;
}

function checkOptions(el: CardJson, path: string): CardIssue | undefined {
  const options = el['options'];
  if (!Array.isArray(options) || options.length === 0)
    return { sub: CardErrCode.parse, msg: `${String(el['tag'])} needs options`, path };
  for (const o of options) {
    const option = asObject(o);
    if (!option || typeof option['value'] !== 'string' || !asObject(option['text'])) {
      return { sub: CardErrCode.parse, msg: 'each option needs text {tag, content} and a string value', path };
    }
  }
  return undefined;
}
