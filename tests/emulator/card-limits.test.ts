/**
 * Feishu's two card limits, from the documentation's own words and example cards, checked by the
 * emulator through the real SDK, and by the adapter's budget on the same cards:
 * - card-json-v2-structure 注意事项: “一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）或组件”
 *   (https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure): over
 *   it, 230099 with ErrCode 11310;
 * - message/create: “卡片消息、富文本消息请求体最大不能超过 30 KB”, else 230025
 *   (https://open.feishu.cn/document/server-docs/im-v1/message/create).
 */

import type * as lark from '@larksuiteoapi/node-sdk';
import type { EmulatorUser, FeishuEmulator } from '@safeduty/feishu-emulator';
import { countCardElements } from '@safeduty/feishu-emulator/card-elements';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countElements, MAX_REQUEST_BYTES, requestBytes } from '../../src/adapters/feishu/cards/card-budget.js';
import type { CardJson } from '../../src/adapters/feishu/cards/index.js';
import { emulatorWithPeople, fakeClock, feishuFailure, larkClient } from './helpers.js';

/**
 * The Demo card of the rich-text (markdown) component page, as published
 * (https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/content-components/rich-text,
 * “Demo 示例”).
 */
const RICH_TEXT_DEMO = {
  schema: '2.0',
  body: {
    elements: [
      { tag: 'markdown', content: '# 一级标题', margin: '0px 0px 0px 0px', text_align: 'left', text_size: 'normal' },
      {
        tag: 'markdown',
        content:
          '标准emoji 😁😢🌞💼🏆❌✅\nLarkemoji :OK::THUMBSUP:\n*斜体* **粗体** ~~删除线~~ \n<font ' +
          'color=\'red\'>这是红色文本</font>\n<text_tag color="blue">标签</text_tag>\n[文字链接](https:' +
          '//open.feishu.cn/document/server-docs/im-v1/message-reaction/emojis-introduce)\n<link ' +
          "icon='chat_outlined' url='https://open.feishu.cn' pc_url='' ios_url='' " +
          "android_url=''>带图标的链接</link>\n<at id=all></at>\n- 无序列表1\n    - 无序列表 1.1\n- 无序列表2\n1. 有序列表1\n    " +
          '1. 有序列表 1.1\n2. 有序列表2\n```JSON\n{"This is": "JSON demo"}\n```',
      },
      { tag: 'markdown', content: '行内引用`code`' },
      {
        tag: 'markdown',
        content:
          "数字角标，支持 1-99 数字<number_tag background_color='grey' font_color='white' url='https:" +
          "//open.larksuite.com'  pc_url='https://open.larksuite.com' android_url='https:" +
          "//open.larksuite.com' ios_url='https://open.larksuite.com'>1</number_tag>",
      },
      { tag: 'markdown', content: '默认数字角标展示<number_tag>1</number_tag>' },
      {
        tag: 'markdown',
        content:
          "人员<person id = 'ou_449b53ad6aee526f7ed311b216a8f88f' show_name = true show_avatar = true style = " +
          "'normal'></person>",
      },
      { tag: 'markdown', content: '> 这是一段引用文字\n引用内换行 \n' },
    ],
  },
};

/**
 * The header of the card-json-v2-structure page's example (title, subtitle, one suffix tag with its
 * element_id, template): 4 objects with a tag (title, subtitle, the text_tag and its text).
 */
const STRUCTURE_HEADER = {
  title: { tag: 'plain_text', content: '示例标题' },
  subtitle: { tag: 'plain_text', content: '示例文本' },
  text_tag_list: [
    { tag: 'text_tag', element_id: 'custom_id', text: { tag: 'plain_text', content: '标签 1' }, color: 'neutral' },
  ],
  template: 'blue',
};

/** The doc's demo's short elements, repeated to `elements` in all with the example header. */
function demoWith(elements: number): Record<string, unknown> {
  const all = RICH_TEXT_DEMO.body.elements.filter((el) => el.content.length < 200);
  const body = Array.from({ length: elements - 4 }, (_, i) => all[i % all.length]!);
  return { schema: '2.0', header: STRUCTURE_HEADER, body: { elements: body } };
}

let emu: FeishuEmulator;
let alice: EmulatorUser;
let client: lark.Client;

beforeEach(async () => {
  ({ emu, alice } = await emulatorWithPeople({ now: fakeClock().now, limits: { perReceiverPerSecond: 1000 } }));
  client = larkClient(emu);
});
afterEach(() => emu.close());

const send = (card: unknown) =>
  client.im.v1.message
    .create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: alice.openId, msg_type: 'interactive', content: JSON.stringify(card) },
    })
    .then(
      () => 'accepted',
      (e: unknown) => feishuFailure(e),
    );

describe('200 elements: every object with a tag', () => {
  it('accepts the rich-text doc’s demo card, 7 elements by both counts', async () => {
    expect(await send(RICH_TEXT_DEMO)).toBe('accepted');
    expect(countCardElements(RICH_TEXT_DEMO)).toBe(7);
    expect(countElements(RICH_TEXT_DEMO as unknown as CardJson)).toBe(7);
  });

  it(
    'counts the header’s texts and tags: 196 components + 4 in the header is 200 and passes, one more is ' +
      'refused with 11310',
    async () => {
      expect(countCardElements(demoWith(200))).toBe(200);
      expect(countElements(demoWith(200) as unknown as CardJson)).toBe(200);
      expect(await send(demoWith(200))).toBe('accepted');
      const refused = await send(demoWith(201));
      expect(refused).toMatchObject({ status: 400, code: 230099 });
      expect(typeof refused === 'object' && refused.msg).toContain('ErrCode: 11310');
    },
  );

  it(
    'counts the plain_text of buttons, options and placeholders: ' + '40 selects of 3 options are 200 elements, not 40',
    async () => {
      const select = (i: number) => ({
        tag: 'select_static',
        name: `s${i}`,
        placeholder: { tag: 'plain_text', content: '请选择' },
        options: ['正常', '异常', '不适用'].map((t, v) => ({
          text: { tag: 'plain_text', content: t },
          value: String(v),
        })),
      });
      const card = (n: number) => ({
        schema: '2.0',
        body: { elements: Array.from({ length: n }, (_, i) => select(i)) },
      });
      expect(countCardElements(card(40))).toBe(200);
      expect(await send(card(40))).toBe('accepted');
      expect(await send(card(41))).toMatchObject({ code: 230099, msg: expect.stringContaining('ErrCode: 11310') });
    },
  );

  it('does not look into a callback’s value: the bot’s data is not a card element', () => {
    const button = {
      tag: 'button',
      text: { tag: 'plain_text', content: '知悉' },
      behaviors: [{ type: 'callback', value: { tag: 'x', items: [{ tag: 'y' }] } }],
    };
    expect(countCardElements({ schema: '2.0', body: { elements: [button] } })).toBe(2);
    // the adapter counts it anyway: it may count more than Feishu, never less
    expect(countElements({ schema: '2.0', body: { elements: [button] } } as unknown as CardJson)).toBe(4);
  });
});

describe('30 KB: the request body as sent', () => {
  /** The doc demo with a quote-heavy text: each `"` is 2 bytes in the card and 4 in the body. */
  const quoted = (n: number) => ({
    ...RICH_TEXT_DEMO,
    body: { elements: [...RICH_TEXT_DEMO.body.elements, { tag: 'markdown', content: '"'.repeat(n) }] },
  });

  it('refuses with 230025 a card under 30 KB whose escaped content makes the body over it', async () => {
    const card = quoted(9000);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(30 * 1024);
    expect(requestBytes(card as unknown as CardJson)).toBeGreaterThan(30 * 1024);
    expect(await send(card)).toMatchObject({ status: 400, code: 230025 });
    expect(emu.messages()).toHaveLength(0);
  });

  it('accepts the same card when the body fits, and the adapter’s budget agrees', async () => {
    const card = quoted(5000);
    expect(requestBytes(card as unknown as CardJson)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    expect(await send(card)).toBe('accepted');
  });

  it('holds PATCH to the same limit', async () => {
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: alice.openId, msg_type: 'interactive', content: JSON.stringify(RICH_TEXT_DEMO) },
    });
    const patch = await client.im.v1.message
      .patch({ path: { message_id: sent.data!.message_id! }, data: { content: JSON.stringify(quoted(9000)) } })
      .then(
        () => 'accepted',
        (e: unknown) => feishuFailure(e),
      );
    expect(patch).toMatchObject({ code: 230025 });
  });
});
