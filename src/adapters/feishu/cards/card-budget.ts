/**
 * Feishu's limits for one card message, as Feishu counts them, and the packing of long prompts
 * into several cards that each stay inside both.
 *
 * - Elements: “卡片 JSON 2.0 结构中，一张卡片最多支持 200 个元素（如 `tag` 为 `plain_text` 的文本元素）
 *   或组件” (https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure,
 *   注意事项). So every object with a `tag` counts: components, and also the plain_text of the header,
 *   of buttons, options, placeholders and labels. Over it, message.create answers 230099 with
 *   `ErrCode: 11310`. Counted here on the serialised card (every tagged object anywhere, callback
 *   values included), which is never less than what Feishu counts.
 * - Bytes: “卡片消息、富文本消息请求体最大不能超过 30 KB”, else 230025 “The length of the message
 *   content reaches its limit” (https://open.feishu.cn/document/server-docs/im-v1/message/create).
 *   The limit is on the request body, i.e. the card serialised once more as the escaped `content`
 *   string next to receive_id, msg_type and uuid: about 18 % more than the card's own bytes. 30 KB
 *   is read the strict way, 30 000 bytes.
 *
 * The emulator checks the same rules with its own code (packages/feishu-emulator/src/card-validator.ts),
 * so that a misreading in one of them shows up as a refused card in the tests.
 */
import type { CardJson } from './card-json.js';

export const MAX_ELEMENTS = 200;
export const MAX_REQUEST_BYTES = 30_000;
/**
 * Head-room for what may grow after measuring (a progress note in the subtitle); callers measure
 * with the widest numbering and date already.
 */
const BYTE_MARGIN = 512;
/** The widest receive_id (open_id and chat_id are 35 characters) and uuid (at most 50) a card is sent with. */
const WIDEST_RECEIVER = 'x'.repeat(64);
const WIDEST_UUID = 'x'.repeat(50);

/** Bytes of the message.create request body that carries `card`, as the SDK sends it. */
export function requestBytes(card: CardJson): number {
  const body = {
    receive_id: WIDEST_RECEIVER,
    msg_type: 'interactive',
    content: JSON.stringify(card),
    uuid: WIDEST_UUID,
  };
  return Buffer.byteLength(JSON.stringify(body), 'utf8');
}

/** Every object with a string `tag`, wherever it sits in the card (what JSON.stringify would write). */
export function countElements(card: CardJson): number {
  const count = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 0;
    if (Array.isArray(value)) return value.reduce((n: number, v) => n + count(v), 0);
    let n = typeof (value as { tag?: unknown }).tag === 'string' ? 1 : 0;
    for (const v of Object.values(value)) n += count(v);
    return n;
  };
  return count(card);
}

export function fitsOneCard(card: CardJson): boolean {
  return countElements(card) <= MAX_ELEMENTS && fitsBytes(card);
}

const fitsBytes = (card: CardJson): boolean => requestBytes(card) <= MAX_REQUEST_BYTES - BYTE_MARGIN;

/**
 * The card, shortened until its request fits in the byte budget: the longest text (a markdown or
 * plain_text content, an input's default value) is cut by half, ending in “…”, until it fits. The
 * renderers cut user text themselves, saying where the full text is (clip); this is the net for
 * whatever they did not foresee, so a card is never refused for its size. A card that fits is
 * returned as it is.
 */
export function fitCard(card: CardJson): CardJson {
  if (fitsBytes(card)) return card;
  const copy = structuredClone(card);
  for (let round = 0; round < 100 && !fitsBytes(copy); round++) {
    const longest = longestText(copy);
    if (!longest) break;
    longest.holder[longest.key] = cutText(longest.text, Math.floor([...longest.text].length / 2));
  }
  return copy;
}

type TextSlot = { holder: Record<string, unknown>; key: string; text: string };

function longestText(card: CardJson): TextSlot | undefined {
  let best: TextSlot | undefined;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const holder = value as Record<string, unknown>;
    const tag = holder['tag'];
    const key =
      tag === 'input'
        ? 'default_value'
        : tag === 'markdown' || tag === 'plain_text' || tag === 'lark_md'
          ? 'content'
          : undefined;
    const text = key ? holder[key] : undefined;
    if (key && typeof text === 'string' && text.length > 1 && (!best || text.length > best.text.length))
      best = { holder, key, text };
    Object.values(holder).forEach(visit);
  };
  visit(card);
  return best;
}

/** The first `keep` characters and “…”, never ending inside a tag or an entity, font tags closed. */
function cutText(s: string, keep: number): string {
  let head = [...s].slice(0, keep).join('');
  const lt = head.lastIndexOf('<');
  if (lt > head.lastIndexOf('>')) head = head.slice(0, lt);
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf(';')) head = head.slice(0, amp);
  const open = (head.match(/<font\b/g) ?? []).length - (head.match(/<\/font>/g) ?? []).length;
  return `${head}…${'</font>'.repeat(Math.max(0, open))}`;
}

/**
 * Splits `items` (kept in order) into as few chunks as `fits` allows, then evens the chunk sizes
 * out when the even split fits too (13 devices → 4+3+3+3 rather than 5+5+3). An item too big for
 * a card on its own gets a card of its own. `fits` must be monotone (a chunk that fits still fits
 * without its last item), as a card's elements and bytes are: each chunk is then the longest run
 * that fits, found by galloping over its length, so a prompt that fits one card is measured once
 * and a long one a few times per card, not once per item (this runs for every card sent and every
 * callback redrawn).
 */
export function packInOrder<T>(items: readonly T[], fits: (chunk: T[]) => boolean): T[][] {
  if (items.length === 0) return [];
  if (fits([...items])) return [[...items]];
  const greedy: T[][] = [];
  for (let at = 0; at < items.length; ) {
    const run = (n: number) => items.slice(at, at + n);
    const left = items.length - at;
    // good: a length that fits (1 always counts); bad: one that does not (or past the end).
    let good = 1;
    let bad = left + 1;
    for (let step = 2; step <= left; step *= 2) {
      if (!fits(run(step))) {
        bad = step;
        break;
      }
      good = step;
    }
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (mid <= left && fits(run(mid))) good = mid;
      else bad = mid;
    }
    greedy.push(run(good));
    at += good;
  }
  if (greedy.length < 2) return greedy;
  const even = evenChunks(items, greedy.length);
  return even.every(fits) ? even : greedy;
}

function evenChunks<T>(items: readonly T[], n: number): T[][] {
  const base = Math.floor(items.length / n);
  const extra = items.length % n;
  const out: T[][] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = base + (i < extra ? 1 : 0);
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}
