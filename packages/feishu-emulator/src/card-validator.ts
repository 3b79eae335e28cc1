/**
 * Server-side validation of card JSON 2.0 (platforms.md A4), answering like Feishu: HTTP 400 with
 * 230099 and an `ErrCode: <sub>` message (11310 when the card holds more than 200 elements, every
 * object with a `tag` counted: see countCardElements), or 230025 when the card is over 30 KB. The
 * 30 KB of message.create and PATCH are on the whole request body, checked by the routes
 * (message-content.ts). Stricter than Feishu in one way: only schema "2.0" raw cards are accepted
 * (no 1.0 cards, no template cards), because the product sends nothing else and a 1.0 card would
 * be a bug.
 */
import {
  asObject,
  type CardIssue,
  checkElement,
  countCardElements,
  INPUT_TAGS,
  walkElements,
} from './card-elements.js';
import { CardErrCode, type FeishuApiError, FeishuCode, imError } from './feishu-error.js';
import type { CardJson } from './types.js';

export const MAX_CARD_BYTES = 30 * 1024;
const MAX_ELEMENTS = 200;
const MAX_DEPTH = 5;
const MAX_CHARTS = 5;
const ROOT_KEYS = new Set(['schema', 'config', 'card_link', 'header', 'body']);
const V1_ROOT_KEYS = new Set(['i18n_elements', 'fallback', 'elements', 'i18n_header']);
const TEMPLATES = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);

/** The 230099 error for one issue, worded like Feishu's `ext=ErrCode: …; ErrMsg: …` messages. */
export function cardError(issue: CardIssue): FeishuApiError {
  return imError(
    FeishuCode.cardInvalid,
    `Failed to create card content, ext=ErrCode: ${issue.sub}; ErrMsg: ${issue.msg}; ErrorValue: ${issue.path};`,
  );
}

/** Parses and validates the `content` string of an interactive message. */
export function parseCardContent(content: string): CardJson {
  if (Buffer.byteLength(content, 'utf8') > MAX_CARD_BYTES) {
    throw imError(
      FeishuCode.contentTooLong,
      'The length of the message content reaches its limit: cards are limited to 30 KB.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw cardError({ sub: CardErrCode.parse, msg: 'card content is not valid JSON', path: 'content' });
  }
  return checkCard(parsed);
}

/** Validates a card object; returns it typed, or throws the Feishu error. */
export function checkCard(value: unknown): CardJson {
  const card = asObject(value);
  if (!card) throw cardError({ sub: CardErrCode.parse, msg: 'card must be a JSON object', path: '$' });
  if (Buffer.byteLength(JSON.stringify(card), 'utf8') > MAX_CARD_BYTES) {
    throw imError(
      FeishuCode.contentTooLong,
      'The length of the message content reaches its limit: cards are limited to 30 KB.',
    );
  }
  const issue = checkRoot(card) ?? checkBody(card) ?? checkElementCount(card);
  if (issue) throw cardError(issue);
  return card;
}

function checkRoot(card: CardJson): CardIssue | undefined {
  const at = (path: string, msg: string, sub: number = CardErrCode.parse): CardIssue => ({ sub, msg, path });
  if (card['type'] === 'template')
    return at('type', 'template cards are not supported by the emulator; send raw JSON 2.0');
  if (card['schema'] !== '2.0') return at('schema', 'the emulator accepts card JSON 2.0 only: set "schema": "2.0"');
  for (const key of Object.keys(card)) {
    if (V1_ROOT_KEYS.has(key))
      return at(key, `schema V2 no longer supports this property: ${key}`, CardErrCode.tagNotInV2);
    if (!ROOT_KEYS.has(key)) return at(key, `unknown property: ${key}`);
  }
  const config = card['config'] === undefined ? {} : asObject(card['config']);
  if (!config) return at('config', 'config must be an object');
  if (config['update_multi'] === false)
    return at('config.update_multi', 'JSON 2.0 cards support only update_multi: true');
  const width = config['width_mode'];
  if (width !== undefined && !['default', 'compact', 'fill'].includes(String(width)))
    return at('config.width_mode', 'width_mode must be default, compact or fill');
  if (card['header'] !== undefined) return checkHeader(card['header']);
  return undefined;
}

function checkHeader(value: unknown): CardIssue | undefined {
  const at = (path: string, msg: string): CardIssue => ({ sub: CardErrCode.parse, msg, path: `header${path}` });
  const header = asObject(value);
  if (!header) return at('', 'header must be an object');
  const title = asObject(header['title']);
  if (!title || typeof title['content'] !== 'string') return at('.title', 'header needs a title {tag, content}');
  if (header['template'] !== undefined && !TEMPLATES.has(String(header['template'])))
    return at('.template', `unknown header template: ${String(header['template'])}`);
  const tags = header['text_tag_list'];
  if (tags !== undefined && (!Array.isArray(tags) || tags.length > 3))
    return at('.text_tag_list', 'text_tag_list holds at most 3 tags');
  return undefined;
}

function checkElementCount(card: CardJson): CardIssue | undefined {
  const n = countCardElements(card);
  if (n <= MAX_ELEMENTS) return undefined;
  return {
    sub: CardErrCode.tooManyElements,
    msg:
      `card contains ${n} elements and components, more than ${MAX_ELEMENTS} (every object with a tag ` +
      `counts, plain_text included)`,
    path: '$',
  };
}

function checkBody(card: CardJson): CardIssue | undefined {
  const body = asObject(card['body']);
  if (!body || !Array.isArray(body['elements']))
    return { sub: CardErrCode.parse, msg: 'body.elements must be an array', path: 'body' };
  let charts = 0;
  let found: CardIssue | undefined;
  const names = new Set<string>();
  const ids = new Set<string>();
  const submitForms = new Set<CardJson>();
  const forms: { el: CardJson; path: string }[] = [];
  walkElements(card, ({ el, path, form, ancestors }, depth) => {
    if (found) return;
    const tag = String(el['tag']);
    const fail = (msg: string, sub: number = CardErrCode.parse): void => {
      found = { sub, msg, path };
    };
    found = checkElement(el, path);
    if (found) return;
    if (depth > MAX_DEPTH) return fail(`containers nest deeper than ${MAX_DEPTH} levels`);
    if (tag === 'chart' && ++charts > MAX_CHARTS) return fail(`a card holds at most ${MAX_CHARTS} charts`);
    if (tag === 'form') {
      if (ancestors.length > 0) return fail('form must sit directly in body.elements');
      forms.push({ el, path });
    }
    if ((tag === 'form' || tag === 'table') && (form || ancestors.includes('column')))
      return fail(`${tag} cannot be placed inside a form or a column`);
    const name = el['name'];
    if (name !== undefined) {
      if (typeof name !== 'string' || name === '') return fail('name must be a non-empty string');
      if (names.has(name)) return fail(`name "${name}" is used twice; names must be unique in a card`);
      names.add(name);
    }
    if (tag === 'form' && name === undefined) return fail('form needs a name');
    if (form && (INPUT_TAGS.has(tag) || tag === 'button') && name === undefined)
      return fail(`${tag} inside a form needs a name`);
    if (form && tag === 'button' && el['form_action_type'] === 'submit') submitForms.add(form);
    const id = el['element_id'];
    if (typeof id === 'string') {
      if (ids.has(id)) return fail(`element_id "${id}" is used twice`);
      ids.add(id);
    }
  });
  if (found) return found;
  const lacking = forms.find((f) => !submitForms.has(f.el));
  return lacking
    ? { sub: CardErrCode.parse, msg: 'form needs a button with form_action_type "submit"', path: lacking.path }
    : undefined;
}
