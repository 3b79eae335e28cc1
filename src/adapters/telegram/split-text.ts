/**
 * Long text for Telegram. A message's text is “1-4096 characters after entities parsing”
 * (https://core.telegram.org/bots/api#sendmessage); we count UTF-16 code units, which is never fewer
 * than Telegram's characters. Text is cut on line boundaries (a line longer than a message is cut
 * inside, never through a surrogate pair); text that would need more than a few messages goes as a
 * .txt document instead (sendDocument, up to 50 MB: https://core.telegram.org/bots/api#senddocument),
 * so that a chat is not flooded and the 1 message/s per chat pace does not hold it for long.
 */

export const TELEGRAM_TEXT_MAX = 4096;
/** more parts than this → one document */
export const MAX_TEXT_PARTS = 4;

/** Parts of at most `max` code units, cut after a newline where possible; blank parts dropped. */
export function splitText(text: string, max = TELEGRAM_TEXT_MAX): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) parts.push(current.replace(/\n+$/, ''));
    current = '';
  };
  for (const line of text.split(/(?<=\n)/)) {
    if (current.length + line.length <= max) {
      current += line;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > max) {
      const cut = safeCut(rest, max);
      current = rest.slice(0, cut);
      flush();
      rest = rest.slice(cut);
    }
    current = rest;
  }
  flush();
  return parts;
}

/** `max`, or one less when that would split a surrogate pair. */
function safeCut(s: string, max: number): number {
  const c = s.charCodeAt(max - 1);
  return c >= 0xd800 && c <= 0xdbff ? max - 1 : max;
}

/** How a text goes out: as messages, or (too long for a few) as a document with a short caption. */
export type TextPlan =
  | { kind: 'messages'; parts: string[] }
  | { kind: 'document'; caption: string; fileName: string; bytes: Uint8Array };

export function planText(text: string, fileName = '消息全文.txt'): TextPlan {
  const parts = splitText(text);
  if (parts.length <= MAX_TEXT_PARTS) return { kind: 'messages', parts };
  // The caption: the first line (captions are at most 1024 characters), and where the rest is.
  const first = text.split('\n', 1)[0]!.slice(0, 200);
  return {
    kind: 'document',
    caption: `${first}\n（内容较长，全文见附件 ${fileName}）`,
    fileName,
    bytes: new TextEncoder().encode(text),
  };
}
