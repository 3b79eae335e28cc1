/**
 * A person in a private chat with the bot, through an emulator: type, send a picture, tap, and read
 * the bot's reply. Shared by the channel tests that act as people (photos, waiting steps, 核实).
 */
import { eventually, type FeishuHarness, OPEN_IDS } from './feishu-service.js';
import { TELEGRAM_IDS, type TelegramHarness } from './telegram-service.js';

/**
 * Feishu: the bot's text messages to a person, in order; `say`/`image` return the next one. `harness`
 * gives the harness a beforeAll starts.
 */
export function feishuChat(harness: () => FeishuHarness) {
  const emu = () => harness().emu;
  const texts = (who: string): string[] =>
    emu()
      .messages({ user: OPEN_IDS[who]! })
      .filter((m) => m.msgType === 'text' && m.sender.type === 'app')
      .map((m) => (JSON.parse(m.content) as { text: string }).text);
  const say = async (who: string, text: string): Promise<string> => {
    const before = texts(who).length;
    await emu().sendUserMessage({ from: OPEN_IDS[who]!, text });
    return eventually(() => texts(who)[before]);
  };
  const image = async (who: string, bytes: Buffer): Promise<string> => {
    const before = texts(who).length;
    await emu().sendUserImage({ from: OPEN_IDS[who]!, bytes });
    return eventually(() => texts(who)[before]);
  };
  return { texts, say, image };
}

/** A prompt the outbox sends (a tone mark first), as opposed to a reply or a dialog's question. */
const PROMPT = /^(🔴|🟠|🔵|✅|⚪) /;

/**
 * Telegram: `next` is the bot's next reply or dialog question (prompts the outbox sends meanwhile
 * are skipped); `tap` taps the first button whose label holds `label` and returns the tap's answer.
 */
export function telegramChat(harness: () => TelegramHarness) {
  const emu = () => harness().emu;
  const uid = (who: string): number => TELEGRAM_IDS[who]!;
  const botMessages = (who: string) =>
    emu()
      .messages(uid(who))
      .filter((m) => m.fromBot);
  const lastId = (who: string): number => emu().messages(uid(who)).at(-1)?.message_id ?? 0;
  const next = async (who: string, after: number): Promise<string> =>
    (await eventually(() => botMessages(who).find((m) => m.message_id > after && !PROMPT.test(m.text ?? '')))).text ??
    '';
  const say = async (who: string, text: string): Promise<string> => {
    const after = lastId(who);
    emu().sendText({ userId: uid(who), text });
    return next(who, after);
  };
  const photo = async (who: string, bytes: Buffer): Promise<string> => {
    const after = lastId(who);
    emu().sendPhoto({ userId: uid(who), bytes });
    return next(who, after);
  };
  const tap = async (who: string, messageId: number, label: string): Promise<string> => {
    const m = emu().message(uid(who), messageId);
    const b = (m?.reply_markup?.inline_keyboard ?? []).flat().find((x) => x.text.includes(label));
    if (!b?.callback_data) throw new Error(`no button “${label}” on ${m?.text ?? messageId}`);
    const t = emu().tap({ userId: uid(who), messageId, data: b.callback_data });
    return (await emu().waitForAnswer(t.callbackQueryId, 8000))?.answered?.text ?? '';
  };
  return { uid, botMessages, lastId, next, say, photo, tap };
}
