/**
 * A PromptView (app/prompts) as one Telegram message: HTML text (every text of the view escaped:
 * it holds what people typed) and an inline keyboard whose buttons carry
 * `p:<message row id>:<index>:<digest>` (callback-data.ts). Telegram has no colours: the tone is an
 * emoji before the title and the done line. Forms are not drawn: their submit buttons start a
 * guided dialog (app/dialogs) that asks the fields one by one; the message lists what will be asked
 * and the typed command that does the same.
 *
 * The daily prompt lists its devices, each open one with [零风险] [有异常 / 不适用] (the latter starts the
 * 异常 dialog), and 全部正常 for all of them on top. Keyboards have no documented size limit, but
 * Telegram refuses more than 100 buttons, more than 8 per row or about 10 KB of markup (“Bad
 * Request: reply markup is too long”; github.com/tginfo/Telegram-Limits issues #228 and #187), so
 * devices come DEVICES_PER_PAGE at a time with ◀ ▶ buttons (`g:<row id>:<page>`); the text lists
 * the devices of the page shown. The text stays within 4096 characters (html.ts fitBlocks).
 *
 * Done (view.done): the message turns read-only: the facts, the done line, no keyboard.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { identityOf, indexOfAction } from '../../../app/dialogs/prompt-actions.js';
import type {
  ActionView,
  DeviceView,
  Fact,
  FormView,
  Line,
  PromptView,
  Tone,
} from '../../../app/prompts/prompt-view.js';
import { actionDigest, encodeCallback } from './callback-data.js';
import { BUTTON_TEXT_MAX, rows, type TelegramMessage } from './dialog-message.js';
import { bold, clipPlain, esc, fitBlocks, italic } from './html.js';

export const DEVICES_PER_PAGE = 20;
/** Telegram's undocumented keyboard ceiling (see above); our pages stay well below it. */
export const MAX_BUTTONS = 100;

export const TONE_MARK: Record<Tone, string> = {
  info: '🔵',
  success: '✅',
  warning: '🟠',
  danger: '🔴',
  neutral: '⚪',
};

export interface RenderOptions {
  /** the outbox row id of the message: what the buttons carry */
  messageId: string;
  /** the view as sent (no state), whose action order the buttons' indices follow; default: `view` */
  sent?: PromptView;
  /** the page of a daily prompt's devices (0-based); default: the first page with an open device */
  page?: number;
}

const spanHtml = (s: Line[number]): string => {
  if (typeof s === 'string') return esc(s);
  const t = esc(s.text);
  if (s.strong || s.tone === 'danger' || s.tone === 'warning') return `<b>${t}</b>`;
  return s.muted ? `<i>${t}</i>` : t;
};
export const lineHtml = (l: Line): string => l.map(spanHtml).join('');

function factHtml(f: Fact): string {
  if (f.type === 'lines') return f.lines.map(lineHtml).join('\n');
  return [lineHtml(f.heading), ...f.rows.map(([label, value]) => `${esc(label)}：${esc(value)}`)].join('\n');
}

function deviceHtml(d: DeviceView, n: number): string {
  const status = d.status ? `${TONE_MARK[d.status.tone]} ${esc(d.status.line)}` : italic('待检查');
  return `${n}. ${lineHtml(d.title)}\n${status}`;
}

function formHtml(f: FormView): string {
  // A series (the 清单 items) is named once with its count; its conditional questions are not listed.
  const items = f.fields.filter((x) => x.series).length;
  const plain = f.fields.filter((x) => !x.series && !x.restOf && !(x.showWhen && x.showWhen.field.startsWith('q_')));
  const asked = [
    ...(items > 0 ? [`清单项目 ${items} 项`] : []),
    ...new Set(plain.map((x) => x.label ?? x.placeholder ?? '').filter(Boolean)),
  ];
  const lines = [
    ...(f.title ? [lineHtml(f.title)] : []),
    ...(asked.length > 0 ? [esc(`点下方按钮后逐项填写：${asked.map((a) => clipPlain(a, 20)).join('、')}`)] : []),
    ...(f.notes ?? []).map(lineHtml),
    ...(f.hint ? [italic(f.hint)] : []),
  ];
  return lines.join('\n');
}

/** The first page with a device still open (the page a redraw shows by default). */
function defaultPage(devices: readonly DeviceView[]): number {
  const i = devices.findIndex((d) => !d.status);
  return i < 0 ? 0 : Math.floor(i / DEVICES_PER_PAGE);
}

export function renderPrompt(view: PromptView, opts: RenderOptions): TelegramMessage {
  const sent = opts.sent ?? view;
  const devices = view.devices ?? [];
  const pages = Math.max(1, Math.ceil(devices.length / DEVICES_PER_PAGE));
  const page = Math.min(Math.max(0, opts.page ?? defaultPage(devices)), pages - 1);
  const shown = devices.slice(page * DEVICES_PER_PAGE, (page + 1) * DEVICES_PER_PAGE);

  const head = [
    bold(`${TONE_MARK[view.done?.tone ?? view.tone]} ${view.title}`),
    ...(view.subtitle && !view.done ? [esc(view.subtitle)] : []),
  ].join('\n');
  const blocks = [
    head,
    ...view.facts.map(factHtml),
    ...(pages > 1 ? [italic(`设备第 ${page + 1}/${pages} 页（共 ${devices.length} 台）`)] : []),
    ...shown.map((d, i) => deviceHtml(d, page * DEVICES_PER_PAGE + i + 1)),
    ...(view.done ? [] : view.forms.map(formHtml)),
  ].filter((b) => b !== '');
  const last = view.done ? [bold(`${TONE_MARK[view.done.tone]} ${view.done.line}`)] : [];
  const text = fitBlocks(blocks, last, (n) => `……另有 ${n} 段未显示，完整内容请发送“今日”或查看台账`);
  if (view.done) return { text, parse_mode: 'HTML', reply_markup: { inline_keyboard: [] } };
  return { text, parse_mode: 'HTML', reply_markup: keyboard(view, sent, opts.messageId, shown, page, pages) };
}

function keyboard(
  view: PromptView,
  sent: PromptView,
  messageId: string,
  shown: readonly DeviceView[],
  page: number,
  pages: number,
): InlineKeyboardMarkup {
  const button = (a: ActionView, label = a.label): InlineKeyboardButton | null => {
    const index = indexOfAction(sent, a.value);
    if (index < 0) return null;
    return {
      text: clipPlain(label, BUTTON_TEXT_MAX),
      callback_data: encodeCallback({ type: 'action', messageId, index, digest: actionDigest(identityOf(a.value)) }),
    };
  };
  const some = (bs: (InlineKeyboardButton | null)[]): InlineKeyboardButton[] =>
    bs.filter((b): b is InlineKeyboardButton => b !== null);
  const out: InlineKeyboardButton[][] = [];
  for (const a of view.actions) {
    const b = button(
      a,
      a.value.a === 'daily_zero_all'
        ? `✅ 全部正常（${Array.isArray(a.value.k) ? a.value.k.length : ''} 台零风险）`
        : a.label,
    );
    if (b) out.push([b]);
  }
  for (const d of shown) {
    const row = some(
      d.actions.map((a) =>
        button(
          a,
          a.value.a === 'daily_zero'
            ? `✅ ${d.name} 零风险`
            : a.value.a === 'daily_open'
              ? '⚠️ 有异常 / 不适用'
              : a.label,
        ),
      ),
    );
    if (row.length > 0) out.push(row);
  }
  if (pages > 1) {
    const nav: InlineKeyboardButton[] = [];
    if (page > 0)
      nav.push({ text: `◀ 第 ${page} 页`, callback_data: encodeCallback({ type: 'page', messageId, page: page - 1 }) });
    if (page < pages - 1)
      nav.push({
        text: `第 ${page + 2} 页 ▶`,
        callback_data: encodeCallback({ type: 'page', messageId, page: page + 1 }),
      });
    out.push(nav);
  }
  for (const f of view.forms) {
    const submits = some(f.submits.map((a) => button(a, f.fields.length > 0 ? `✍️ ${a.label}` : a.label)));
    out.push(...rows(submits, submits.some((b) => [...b.text].length > 8) ? 1 : 2));
  }
  return { inline_keyboard: out };
}
