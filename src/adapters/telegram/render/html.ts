/**
 * Telegram's HTML parse mode, the part we use (https://core.telegram.org/bots/api#html-style):
 * `<b>`, `<i>` and text. “All <, > and & symbols that are not a part of a tag or an HTML entity must
 * be replaced with the corresponding HTML entities (< with &lt;, > with &gt; and & with &amp;)”;
 * only &lt; &gt; &amp; &quot; are known named entities. Everything a person typed goes through
 * `esc` so that it is shown as typed and never read as markup.
 *
 * Limits (https://core.telegram.org/bots/api#sendmessage): the text is “1-4096 characters after
 * entities parsing”. We count what remains after the tags are removed and the entities decoded, in
 * UTF-16 code units (Telegram's own unit for entity offsets; never fewer than characters), so a
 * text that passes here is never refused for its length.
 */

export const TEXT_LIMIT = 4096;

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const bold = (s: string): string => `<b>${esc(s)}</b>`;
export const italic = (s: string): string => `<i>${esc(s)}</i>`;

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };

/** The text Telegram shows for our HTML: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html.replace(/<\/?[a-z]+>/g, '').replace(/&(lt|gt|amp|quot);/g, (e) => ENTITIES[e] ?? e);
}

/** The length Telegram checks against 4096 (UTF-16 code units of the visible text). */
export const visibleLength = (html: string): number => visibleText(html).length;

/** Plain text cut to `max` characters (code points) with “…”, for buttons and one-line facts. */
export function clipPlain(s: string, max: number): string {
  const cps = [...s];
  return cps.length > max ? `${cps.slice(0, Math.max(1, max - 1)).join('')}…` : s;
}

/**
 * Joins HTML blocks (each already escaped) until the visible text would pass `limit`; the blocks
 * that do not fit are left out and `more(n)` (plain text) says how many, so nothing is cut in the
 * middle of a tag or an entity. `keepLast` blocks are always kept (the question, the done line).
 */
export function fitBlocks(
  blocks: readonly string[],
  keepLast: readonly string[],
  more: (omitted: number) => string,
  limit = TEXT_LIMIT,
): string {
  const join = (parts: readonly string[]): string => parts.filter((s) => s !== '').join('\n\n');
  const whole = join([...blocks, ...keepLast]);
  if (visibleLength(whole) <= limit) return whole;
  for (let n = blocks.length - 1; n >= 0; n--) {
    const text = join([...blocks.slice(0, n), esc(more(blocks.length - n)), ...keepLast]);
    if (visibleLength(text) <= limit) return text;
  }
  return join([esc(more(blocks.length)), ...keepLast]);
}
