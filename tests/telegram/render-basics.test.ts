import { describe, expect, it } from 'vitest';
import {
  actionDigest,
  CALLBACK_DATA_MAX_BYTES,
  decodeCallback,
  encodeCallback,
} from '../../src/adapters/telegram/render/callback-data.js';
import { renderDialogQuestion } from '../../src/adapters/telegram/render/dialog-message.js';
import { esc, fitBlocks, TEXT_LIMIT, visibleLength, visibleText } from '../../src/adapters/telegram/render/html.js';

describe('HTML escaping (core.telegram.org/bots/api#html-style)', () => {
  it('escapes <, > and & so that typed text shows as typed', () => {
    const hostile = '<b>假</b> & <a href="x">链接</a> &amp; </i>';
    expect(esc(hostile)).toBe('&lt;b&gt;假&lt;/b&gt; &amp; &lt;a href="x"&gt;链接&lt;/a&gt; &amp;amp; &lt;/i&gt;');
    expect(visibleText(`<b>${esc(hostile)}</b>`)).toBe(hostile);
  });

  it('counts the visible text in UTF-16 units (an emoji counts 2)', () => {
    expect(visibleLength('<b>a&amp;b</b>😀')).toBe(5);
  });

  it('fitBlocks leaves whole blocks out and says how many, keeping the last ones', () => {
    const blocks = Array.from({ length: 100 }, (_, i) => esc(`设备 ${i} <${'很长的说明'.repeat(20)}>`));
    const text = fitBlocks(blocks, ['<b>问题</b>'], (n) => `……另有 ${n} 项未显示`);
    expect(visibleLength(text)).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(text.endsWith('<b>问题</b>')).toBe(true);
    expect(text).toMatch(/另有 \d+ 项未显示/);
    expect(text).not.toMatch(/&[a-z]*$/m); // no entity cut
  });
});

describe('callback data (≤ 64 bytes, core.telegram.org/bots/api#inlinekeyboardbutton)', () => {
  it('round-trips each kind within 64 bytes, with the longest ids', () => {
    const cases = [
      { type: 'action' as const, messageId: 'c'.repeat(40), index: 999, digest: actionDigest('x') },
      { type: 'page' as const, messageId: 'c'.repeat(40), page: 999 },
      { type: 'dialog' as const, dialogId: 'a'.repeat(12), step: 9999, index: 999 },
    ];
    for (const c of cases) {
      const data = encodeCallback(c);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(decodeCallback(data)).toEqual(c);
    }
  });

  it('refuses what we did not write', () => {
    for (const bad of [
      '',
      'x:1',
      'p:abc:1',
      'p:abc:-1:abcd',
      'p:ab c:1:abcd',
      'p:abc:1e2:abcd',
      'g:abc:',
      'd:abc:1',
      'p:abc:1:abcd:extra',
      `p:${'c'.repeat(70)}:1:abcd`,
      42,
      null,
      { a: 1 },
    ]) {
      expect(decodeCallback(bad)).toBeNull();
    }
  });

  it('the digest tells actions apart', () => {
    expect(actionDigest('daily_zero|T1')).not.toBe(actionDigest('daily_zero|T2'));
  });
});

describe('a dialog question as a message', () => {
  const q = {
    dialogId: 'd1',
    step: 3,
    topic: '1号客梯 <b>的异常情况',
    text: '问题描述（最多 500 字）',
    detail: '草稿：<script>',
    choices: [{ label: '保持草稿' }, { label: '取消', tone: 'danger' as const }],
    typed: true,
    placeholder: '发现了什么问题',
  };

  it('private chat: buttons with dialog callbacks, user text escaped', () => {
    const m = renderDialogQuestion(q, 'p2p');
    expect(m.parse_mode).toBe('HTML');
    expect(m.text).toContain('&lt;b&gt;的异常情况');
    expect(m.text).toContain('草稿：&lt;script&gt;');
    expect(m.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: '保持草稿', callback_data: 'd:d1:3:0' },
          { text: '取消', callback_data: 'd:d1:3:1' },
        ],
      ],
    });
  });

  it('group chat, typed answer: ForceReply and the buttons as words', () => {
    const m = renderDialogQuestion(q, 'group');
    expect(m.reply_markup).toEqual({ force_reply: true, selective: true, input_field_placeholder: '发现了什么问题' });
    expect(m.text).toContain('也可回复：“保持草稿”、“取消”');
  });
});
