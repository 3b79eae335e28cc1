/**
 * Every prompt kind, built by the production view builders (app/prompts viewOf) from payloads like
 * the real ones, drawn for Telegram: within Telegram's limits, every action reachable by a button
 * whose data resolves back to it, every form answerable through its dialog up to the form the use
 * case reads, read-only once done, hostile text shown as typed.
 */

import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { actionDigest, decodeCallback } from '../../src/adapters/telegram/render/callback-data.js';
import type { TelegramMessage } from '../../src/adapters/telegram/render/dialog-message.js';
import { TEXT_LIMIT, visibleLength, visibleText } from '../../src/adapters/telegram/render/html.js';
import { DEVICES_PER_PAGE, MAX_BUTTONS, renderPrompt } from '../../src/adapters/telegram/render/render-prompt.js';
import { answerDialog, type DialogTurn } from '../../src/app/dialogs/dialog.js';
import { dialogForAction, identityOf, promptActions } from '../../src/app/dialogs/prompt-actions.js';
import { dailyAnswerFromForm, monthlyMinutesInput, weeklyReportInput } from '../../src/app/prompts/form-values.js';
import type { PromptView } from '../../src/app/prompts/prompt-view.js';
import { viewOf } from '../../src/app/prompts/views.js';
import { checkDeviceAnswer } from '../../src/domain/answers/daily-answer.js';
import { monthlyMinutesSchema, weeklyReportSchema } from '../../src/domain/answers/period-reports.js';
import type { Payload } from '../../src/domain/engine/payloads.js';
import { ctx, daily, device, everyPayload, hazardNotice, people } from '../feishu/cards/fixtures.js';

const HOSTILE = '<b>坏</b> & <a href="tg://x">链</a> </pre> &lt;';
const context = { ...ctx, people };
const buttons = (m: TelegramMessage): InlineKeyboardButton.CallbackButton[] =>
  (
    (m.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? []
  ).flat() as InlineKeyboardButton.CallbackButton[];

/** Every page of a prompt as Telegram shows it. */
function pagesOf(view: PromptView, messageId: string): TelegramMessage[] {
  const pages = Math.max(1, Math.ceil((view.devices?.length ?? 0) / DEVICES_PER_PAGE));
  return Array.from({ length: pages }, (_, page) => renderPrompt(view, { messageId, page }));
}

function checkLimits(m: TelegramMessage): void {
  expect(visibleLength(m.text)).toBeLessThanOrEqual(TEXT_LIMIT);
  expect(visibleLength(m.text)).toBeGreaterThan(0);
  const kb = (m.reply_markup as InlineKeyboardMarkup).inline_keyboard;
  expect(kb.flat().length).toBeLessThanOrEqual(MAX_BUTTONS);
  for (const row of kb) expect(row.length).toBeLessThanOrEqual(8);
  for (const b of kb.flat())
    expect(Buffer.byteLength((b as InlineKeyboardButton.CallbackButton).callback_data)).toBeLessThanOrEqual(64);
}

/** Answers a dialog as a cooperative person would: keeps drafts, types text, picks the first option, submits. */
function walk(turn: DialogTurn | null): Extract<DialogTurn, { type: 'submit' }> {
  let t = turn;
  for (let i = 0; i < 100 && t?.type === 'ask'; i++) {
    const q = t.question;
    const pick = (label: string) =>
      answerDialog(
        t!.type === 'ask' ? t!.state : (undefined as never),
        { type: 'choice', dialogId: q.dialogId, step: q.step, index: q.choices.findIndex((c) => c.label === label) },
        '2026-12-01',
      );
    const labels = q.choices.map((c) => c.label);
    if (labels.includes('保持草稿')) t = pick('保持草稿');
    else if (labels.includes('今天')) t = pick('今天');
    else if (q.typed) t = answerDialog(t.state, { type: 'text', text: `测试${HOSTILE}` }, '2026-12-01');
    else if (labels.includes('其余各项均正常，提交')) t = pick('其余各项均正常，提交');
    else t = pick(labels.find((l) => l !== '取消')!);
  }
  if (t?.type !== 'submit') throw new Error(`dialog did not end in a submission: ${JSON.stringify(t)}`);
  return t;
}

const payloads: Payload[] = [
  ...everyPayload(),
  ...[1, 2, 19, 20, 21, 40, 60].map((n) => daily(n)),
  daily(2, [device(1, { name: HOSTILE }), device(2)]),
  { ...hazardNotice('confirm'), description: HOSTILE.repeat(50), measures: HOSTILE },
  { type: 'notice', unitName: HOSTILE, text: HOSTILE.repeat(400) },
];

describe.each(
  payloads.map((p, i) => [`${i} ${p.type}${p.type === 'daily_check' ? ` ×${p.devices.length}` : ''}`, p] as const),
)('%s', (_, payload) => {
  const view = viewOf(payload, context);

  it('fits Telegram, and every action has a button that resolves back to it', () => {
    const pages = pagesOf(view, 'cmx1abcdefghijklmnopqrstu');
    pages.forEach(checkLimits);
    const reached = new Set<number>();
    for (const b of pages.flatMap(buttons)) {
      const d = decodeCallback(b.callback_data);
      expect(d).not.toBeNull();
      if (d?.type !== 'action') continue;
      const a = promptActions(view)[d.index]!;
      expect(actionDigest(identityOf(a.value))).toBe(d.digest);
      reached.add(d.index);
    }
    expect([...reached].sort((x, y) => x - y)).toEqual(
      promptActions(view)
        .map((_, i) => i)
        .filter((i) => promptActions(view)[i]!.value.a !== 'daily_list'),
    );
  });

  it('each action needing fields is answerable through its dialog, ending in the form the use case accepts', () => {
    for (const action of promptActions(view)) {
      const turn = dialogForAction(view, action, { dialogId: 'd1', messageId: 'm1', zone: 'Asia/Shanghai' });
      if (!turn) continue;
      const end = walk(turn);
      expect(end.action).toEqual(
        action.value.a === 'daily_open' ? { a: 'daily_submit', k: action.value.k } : action.value,
      );
      const f = end.form;
      switch (end.action.a) {
        case 'daily_submit': {
          const d = (payload as Extract<Payload, { type: 'daily_check' }>).devices.find(
            (x) => x.taskKey === end.action.k,
          )!;
          expect(checkDeviceAnswer(d.name, d.items, dailyAnswerFromForm(d.taskKey, f)).ok).toBe(true);
          break;
        }
        case 'weekly_submit':
          expect(weeklyReportSchema.safeParse(weeklyReportInput(f)).success).toBe(true);
          break;
        case 'monthly_submit':
          expect(monthlyMinutesSchema.safeParse(monthlyMinutesInput(f)).error?.issues).toBeUndefined();
          break;
        case 'hazard_confirm':
          expect(f.note).toContain(HOSTILE);
          break;
        case 'hazard_rectify':
          expect(f).toMatchObject({ rectification: expect.stringContaining('测试'), doneOn: '2026-12-01' });
          break;
        default:
          for (const v of Object.values(f)) expect(v).toContain('测试');
      }
    }
  });

  it('done: read-only with its line, no buttons', () => {
    const done = viewOf(payload, context, { done: { line: `已处理 · ${HOSTILE}`, tone: 'success' } });
    const m = renderPrompt(done, { messageId: 'm1' });
    expect(buttons(m)).toEqual([]);
    expect(visibleText(m.text)).toContain(`已处理 · ${HOSTILE}`);
    expect(visibleLength(m.text)).toBeLessThanOrEqual(TEXT_LIMIT);
  });

  it('user text is escaped: no tag of ours but b and i', () => {
    for (const m of pagesOf(view, 'm1'))
      expect(m.text.match(/<\/?([a-z]+)/g)?.filter((t) => !/^<\/?[bi]$/.test(t)) ?? []).toEqual([]);
  });
});
