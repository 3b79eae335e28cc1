/** Shared pieces of the emulator tests: a silent SDK logger, SDK clients, a fake clock, sample cards. */
import * as lark from '@larksuiteoapi/node-sdk';
import { type FeishuEmulator, type FeishuEmulatorOptions, startFeishuEmulator } from '@safeduty/feishu-emulator';

/** The SDK logs every failed call at error level; the tests assert on the failures instead. */
export const silentLogger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

export function larkClient(emu: FeishuEmulator): lark.Client {
  const { appId, appSecret } = emu.app();
  // A cache per client: the SDK's default token cache is process-global and keyed by appId.
  return new lark.Client({
    appId,
    appSecret,
    domain: emu.url,
    logger: silentLogger,
    loggerLevel: lark.LoggerLevel.fatal,
    cache: new lark.DefaultCache(),
  });
}

export interface FakeClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function fakeClock(start = Date.UTC(2026, 0, 5, 1, 0, 0)): FakeClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export async function emulatorWithPeople(options: FeishuEmulatorOptions = {}) {
  const emu = await startFeishuEmulator(options);
  const alice = emu.createUser({ name: '张安全', userId: 'zhang01' });
  const bob = emu.createUser({ name: '李总监', userId: 'li01' });
  return { emu, alice, bob };
}

/** The error body axios attached to a thrown Feishu failure. */
export function feishuFailure(e: unknown): {
  status: number;
  code: number;
  msg: string;
  headers: Record<string, string>;
} {
  const r = (
    e as { response?: { status: number; data: { code: number; msg: string }; headers: Record<string, string> } }
  ).response;
  if (!r) throw e;
  return { status: r.status, code: r.data.code, msg: r.data.msg, headers: r.headers };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A daily-check card: one required select, one optional note, a submit button, and a loose button. */
export function dailyCard(runId = 'run_8f3a'): Record<string, unknown> {
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: '每日检查' } },
    header: { title: { tag: 'plain_text', content: '每日安全检查' }, template: 'blue' },
    body: {
      elements: [
        { tag: 'markdown', content: '请逐项选择 **正常/异常**。' },
        {
          tag: 'form',
          name: 'chk_form',
          elements: [
            {
              tag: 'select_static',
              name: 'item_1',
              required: true,
              placeholder: { tag: 'plain_text', content: '请选择' },
              options: [
                { text: { tag: 'plain_text', content: '正常' }, value: 'ok' },
                { text: { tag: 'plain_text', content: '异常' }, value: 'bad' },
              ],
            },
            { tag: 'input', name: 'note_1', placeholder: { tag: 'plain_text', content: '备注' } },
            {
              tag: 'button',
              name: `submit_${runId}`,
              form_action_type: 'submit',
              type: 'primary_filled',
              text: { tag: 'plain_text', content: '提交' },
            },
          ],
        },
        {
          tag: 'button',
          element_id: 'later_btn',
          text: { tag: 'plain_text', content: '稍后提醒' },
          behaviors: [{ type: 'callback', value: { action: 'snooze', run: runId } }],
        },
      ],
    },
  };
}

export function submittedCard(): Record<string, unknown> {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: '每日安全检查 · 已提交' }, template: 'green' },
    body: { elements: [{ tag: 'markdown', content: '已提交，谢谢。' }] },
  };
}
