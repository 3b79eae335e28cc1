/** Card JSON 2.0 validation and client-side interaction rules, without a server. */

import { resolveCardAction } from '@safeduty/feishu-emulator/card-interaction';
import { checkCard } from '@safeduty/feishu-emulator/card-validator';
import { FeishuApiError } from '@safeduty/feishu-emulator/feishu-error';
import { describe, expect, it } from 'vitest';
import { dailyCard } from './helpers.js';

const card = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
  schema: '2.0',
  body: { elements },
  ...extra,
});
const submit = { tag: 'button', name: 'go', form_action_type: 'submit', text: { tag: 'plain_text', content: '提交' } };
const select = (name: string, extra: Record<string, unknown> = {}) => ({
  tag: 'select_static',
  name,
  options: [
    { text: { tag: 'plain_text', content: '正常' }, value: 'ok' },
    { text: { tag: 'plain_text', content: '异常' }, value: 'bad' },
  ],
  ...extra,
});

function problem(value: unknown): string {
  try {
    checkCard(value);
    return 'valid';
  } catch (e) {
    if (e instanceof FeishuApiError) return `${e.code} ${e.message}`;
    throw e;
  }
}

describe('checkCard', () => {
  it('accepts the daily card', () => {
    expect(problem(dailyCard())).toBe('valid');
  });

  it.each([
    ['unknown root property', card([], { wide_screen_mode: true }), /200621.*unknown property/],
    ['1.0 root elements', { schema: '2.0', elements: [] }, /200861/],
    ['update_multi false', card([], { config: { update_multi: false } }), /update_multi/],
    [
      'bad header template',
      card([], { header: { title: { tag: 'plain_text', content: 't' }, template: 'pink' } }),
      /header template/,
    ],
    [
      'form not at the root',
      card([
        { tag: 'column_set', columns: [{ tag: 'column', elements: [{ tag: 'form', name: 'f', elements: [submit] }] }] },
      ]),
      /form/,
    ],
    ['form without submit', card([{ tag: 'form', name: 'f', elements: [select('a')] }]), /submit/],
    [
      'unnamed field in a form',
      card([{ tag: 'form', name: 'f', elements: [{ tag: 'input' }, submit] }]),
      /input inside a form needs a name/,
    ],
    ['duplicate names', card([{ tag: 'form', name: 'f', elements: [select('a'), select('a'), submit] }]), /used twice/],
    ['table in a form', card([{ tag: 'form', name: 'f', elements: [{ tag: 'table' }, submit] }]), /table cannot/],
    ['bad element_id', card([{ tag: 'hr', element_id: '1abc' }]), /element_id/],
    [
      'string callback value',
      card([{ tag: 'button', behaviors: [{ type: 'callback', value: 'x' }] }]),
      /must be an object/,
    ],
    ['chart without spec', card([{ tag: 'chart' }]), /200550/],
    ['unknown tag', card([{ tag: 'blink' }]), /unknown tag/],
    ['non-object element', card(['… repeat …']), /no tag/],
    [
      'too deep',
      card([
        {
          tag: 'collapsible_panel',
          elements: [
            {
              tag: 'collapsible_panel',
              elements: [
                {
                  tag: 'collapsible_panel',
                  elements: [
                    { tag: 'collapsible_panel', elements: [{ tag: 'collapsible_panel', elements: [{ tag: 'hr' }] }] },
                  ],
                },
              ],
            },
          ],
        },
      ]),
      /deeper/,
    ],
  ])('refuses %s', (_name, value, pattern) => {
    expect(problem(value)).toMatch(/^230099 /);
    expect(problem(value)).toMatch(pattern);
  });
});

describe('resolveCardAction', () => {
  const req = (element: string, more: Record<string, unknown> = {}) => ({
    messageId: 'om_x',
    user: 'ou_x',
    element,
    ...more,
  });

  it('pre-fills defaults, so a required select with an initial option passes', () => {
    const c = card([
      {
        tag: 'form',
        name: 'f',
        elements: [
          select('a', { required: true, initial_option: 'ok' }),
          { tag: 'input', name: 'n', default_value: '无' },
          submit,
        ],
      },
    ]);
    expect(resolveCardAction(c, req('go'))).toEqual({
      action: { tag: 'button', name: 'go', form_value: { a: 'ok', n: '无' }, timezone: 'Asia/Shanghai' },
    });
  });

  it('treats an empty string as not filled', () => {
    const c = card([{ tag: 'form', name: 'f', elements: [{ tag: 'input', name: 'n', required: true }, submit] }]);
    expect(resolveCardAction(c, req('go', { form: { n: '' } }))).toMatchObject({
      failure: 'required_missing',
      missing: ['n'],
    });
  });

  it('knows which touches send nothing: disabled buttons, local checkers, fields inside a form', () => {
    const c = card([
      { tag: 'button', name: 'off', disabled: true, behaviors: [{ type: 'callback', value: { a: 1 } }] },
      { tag: 'checker', name: 'chk', text: { tag: 'plain_text', content: 'x' } },
      { tag: 'form', name: 'f', elements: [select('inner'), submit] },
    ]);
    expect(resolveCardAction(c, req('off'))).toMatchObject({ failure: 'disabled' });
    expect(resolveCardAction(c, req('chk', { value: true }))).toMatchObject({ failure: 'no_callback' });
    expect(resolveCardAction(c, req('inner', { value: 'ok' }))).toMatchObject({ failure: 'no_callback' });
  });

  it('builds option / input_value / options / checked for components outside forms', () => {
    const c = card([
      select('s', { behaviors: [{ type: 'callback', value: { k: 's' } }] }),
      { tag: 'input', name: 'i', max_length: 3 },
      { tag: 'multi_select_static', name: 'm', options: select('x').options },
      { tag: 'checker', name: 'c', behaviors: [{ type: 'callback', value: { k: 'c' } }] },
    ]);
    expect(resolveCardAction(c, req('s', { value: 'bad' }))).toEqual({
      action: { tag: 'select_static', name: 's', value: { k: 's' }, option: 'bad' },
    });
    expect(resolveCardAction(c, req('i', { value: 'abc' }))).toEqual({
      action: { tag: 'input', name: 'i', input_value: 'abc' },
    });
    expect(resolveCardAction(c, req('i', { value: 'abcd' }))).toMatchObject({ failure: 'invalid_value' });
    expect(resolveCardAction(c, req('m', { value: ['ok', 'bad'] }))).toEqual({
      action: { tag: 'multi_select_static', name: 'm', options: ['ok', 'bad'] },
    });
    expect(resolveCardAction(c, req('c', { value: true }))).toEqual({
      action: { tag: 'checker', name: 'c', value: { k: 'c' }, checked: true },
    });
  });

  it('refuses elements that do not exist or are not interactive (caller mistakes)', () => {
    const c = card([{ tag: 'markdown', element_id: 'md', content: 'x' }]);
    expect(() => resolveCardAction(c, req('nope'))).toThrow(/no element/);
    expect(() => resolveCardAction(c, req('md'))).toThrow(/not interactive/);
  });
});
