import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { decodeCallback } from '../../src/adapters/telegram/render/callback-data.js';
import { TEXT_LIMIT, visibleLength, visibleText } from '../../src/adapters/telegram/render/html.js';
import { DEVICES_PER_PAGE, MAX_BUTTONS, renderPrompt } from '../../src/adapters/telegram/render/render-prompt.js';
import { identityOf, promptActions } from '../../src/app/dialogs/prompt-actions.js';
import type { DeviceView, PromptView } from '../../src/app/prompts/prompt-view.js';

const HOSTILE = '<b>坏</b> & <script>alert(1)</script> &amp; </pre>';

function device(i: number, name = `${i}号客梯`): DeviceView {
  return {
    taskKey: `T${i}`,
    name,
    title: [{ text: name, strong: true }, `　电梯 · ${i}号楼大厅 · 12 项`],
    paused: false,
    items: [{ seq: 1, content: '轿厢照明', standard: '灯亮' }],
    actions: [
      {
        label: `确认 ${name} 12 项检查全部正常（零风险报告）`,
        style: 'primary',
        value: { a: 'daily_zero', k: `T${i}` },
      },
      { label: '有异常 / 逐项检查（含管控标准）', style: 'default', value: { a: 'daily_open', k: `T${i}` } },
    ],
  };
}

function daily(n: number, answered: number[] = [], name?: (i: number) => string): PromptView {
  const devices = Array.from({ length: n }, (_, i) => {
    const d = device(i + 1, name?.(i + 1));
    return answered.includes(i + 1)
      ? { ...d, actions: [], status: { line: '已提交 08:47 · 张三 · 零风险', tone: 'success' as const } }
      : d;
  });
  const open = devices.filter((d) => !d.status);
  return {
    kind: 'daily_check',
    title: '日管控 · 12月8日 设备检查',
    subtitle: `万家物业 · 12月8日 17:30 前完成 · ${n} 台`,
    tone: 'info',
    summary: '日管控',
    facts: [{ type: 'lines', lines: [['每台设备二选一']] }],
    devices,
    forms: [],
    actions:
      open.length >= 2
        ? [{ label: '全部正常', style: 'primary', value: { a: 'daily_zero_all', k: open.map((d) => d.taskKey) } }]
        : [],
  };
}

const buttons = (m: { reply_markup?: unknown }): InlineKeyboardButton.CallbackButton[] =>
  ((m.reply_markup as InlineKeyboardMarkup).inline_keyboard ?? []).flat() as InlineKeyboardButton.CallbackButton[];

/** What a tap on `b` resolves to: the action of the view as sent, with the digest checked. */
function resolve(sent: PromptView, b: InlineKeyboardButton.CallbackButton) {
  const d = decodeCallback(b.callback_data);
  if (d?.type !== 'action') return d;
  const a = promptActions(sent)[d.index];
  return a && identityOf(a.value) ? a.value : null;
}

describe('the daily prompt on Telegram', () => {
  for (const n of [1, 2, 7, 20, 21, 45, 60]) {
    it(
      `${n} devices: within 4096 characters, ≤ ${MAX_BUTTONS} buttons, ≤ 8 per row, every callback ≤ 64 ` +
        `bytes and resolving to its device`,
      () => {
        const view = daily(n);
        const pages = Math.ceil(n / DEVICES_PER_PAGE);
        const seen = new Set<string>();
        for (let page = 0; page < pages; page++) {
          const m = renderPrompt(view, { messageId: 'cm4x9k2p10000abcdefghijkl', page });
          expect(visibleLength(m.text)).toBeLessThanOrEqual(TEXT_LIMIT);
          const kb = (m.reply_markup as InlineKeyboardMarkup).inline_keyboard;
          expect(kb.flat().length).toBeLessThanOrEqual(MAX_BUTTONS);
          for (const row of kb) expect(row.length).toBeLessThanOrEqual(8);
          expect(JSON.stringify(m.reply_markup).length).toBeLessThan(10_000);
          for (const b of buttons(m)) {
            expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
            const v = resolve(view, b);
            if (v && 'a' in v && v.a === 'daily_zero') {
              expect(b.text).toContain(`${v.k}号客梯`.replace('T', ''));
              seen.add(String(v.k));
            }
          }
          if (n >= 2) expect(buttons(m)[0]!.text).toContain(`全部正常（${n} 台零风险）`);
        }
        expect(seen.size).toBe(n); // every device reachable on some page
      },
    );
  }

  it('after an answer the indices of the other buttons do not move (resolved against the view as sent)', () => {
    const sent = daily(5);
    const after = daily(5, [2]);
    const m = renderPrompt(after, { messageId: 'm1', sent });
    const zero = buttons(m).filter((b) => b.text.includes('零风险') && !b.text.includes('全部'));
    expect(zero.map((b) => (resolve(sent, b) as { k: string }).k)).toEqual(['T1', 'T3', 'T4', 'T5']);
    expect(m.text).toContain('已提交 08:47 · 张三 · 零风险');
  });

  it('device names people typed are escaped in text and shown as typed', () => {
    const m = renderPrompt(
      daily(3, [], () => HOSTILE),
      { messageId: 'm1' },
    );
    expect(m.text).not.toContain('<script>');
    expect(visibleText(m.text)).toContain(HOSTILE);
  });

  it('done: read-only, no buttons, the done line in its tone', () => {
    const v: PromptView = {
      ...daily(3, [1, 2, 3]),
      actions: [],
      done: { line: '已提交 09:00 · 张三 · 3 台零风险', tone: 'success' },
    };
    const m = renderPrompt(v, { messageId: 'm1' });
    expect(m.reply_markup).toEqual({ inline_keyboard: [] });
    expect(m.text).toContain('<b>✅ 已提交 09:00 · 张三 · 3 台零风险</b>');
  });
});

describe('a form prompt on Telegram', () => {
  const hazard: PromptView = {
    kind: 'hazard_notice',
    title: `【待研判】严重隐患 #3 · ${HOSTILE}`,
    subtitle: '万家物业 · 请立即组织分析研判',
    tone: 'danger',
    summary: '严重隐患',
    facts: [
      {
        type: 'lines',
        lines: [
          [{ text: '问题', strong: true }, `：${'很长的描述'.repeat(200)}`],
          [{ text: '已采取措施', strong: true }, `：${HOSTILE}`],
        ],
      },
    ],
    forms: [
      {
        id: 'confirm',
        fields: [{ id: 'note', kind: 'multiline', label: '研判意见', required: true, maxLength: 500 }],
        submits: [{ label: '确认研判', style: 'danger', value: { a: 'hazard_confirm', h: 'H3' }, submits: true }],
        hint: '也可直接回复：“研判 3 研判意见”',
      },
    ],
    actions: [],
  };

  it('says what will be asked, the typed command, and offers the submit button that starts the dialog', () => {
    const m = renderPrompt(hazard, { messageId: 'm9' });
    expect(visibleLength(m.text)).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(m.text).toContain('🔴');
    expect(m.text).toContain('研判意见');
    expect(m.text).toContain('研判 3 研判意见');
    expect(m.text).not.toContain('<script>');
    const [b] = buttons(m);
    expect(b!.text).toBe('✍️ 确认研判');
    expect(resolve(hazard, b!)).toEqual({ a: 'hazard_confirm', h: 'H3' });
  });

  it('a text longer than 4096 leaves whole paragraphs out and says so', () => {
    const long: PromptView = {
      ...hazard,
      facts: Array.from({ length: 10 }, () => ({ type: 'lines' as const, lines: [[`${'说明'.repeat(400)}`]] })),
    };
    const m = renderPrompt(long, { messageId: 'm9' });
    expect(visibleLength(m.text)).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(m.text).toMatch(/另有 \d+ 段未显示/);
  });
});
