/**
 * `parse_mode: "HTML"` as the Bot API documents it (https://core.telegram.org/bots/api#html-style):
 * the supported tags only (b/strong, i/em, u/ins, s/strike/del, tg-spoiler and
 * span class="tg-spoiler", a href, tg-emoji, code, pre with an optional inner
 * code class="language-…", blockquote [expandable]); “All <, > and & symbols that are not a part of
 * a tag or an HTML entity must be replaced with the corresponding HTML entities”; “All numerical
 * HTML entities are supported”; named entities only &lt; &gt; &amp; &quot;. Anything else fails
 * like the server's “Bad Request: can't parse entities: Unsupported start tag "p" at byte offset N”.
 * The result is the plain text plus MessageEntity list, offsets and lengths in UTF-16 code units
 * (https://core.telegram.org/bots/api#messageentity).
 *
 * Stricter than the real server on one point, on purpose: a bare `&` or `>` is refused (the
 * documentation says they must be escaped; the server tolerates some), so a renderer that forgets
 * to escape user text fails here instead of on the first name with “&” in production.
 */
import { TgError } from './bot-api-error.js';

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  user?: { id: number };
  custom_emoji_id?: string;
}

const SIMPLE: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  code: 'code',
  pre: 'pre',
};
const SUPPORTED = new Set([...Object.keys(SIMPLE), 'a', 'span', 'tg-emoji', 'blockquote']);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface Open {
  tag: string;
  entity: MessageEntity | undefined;
  start: number;
}

function byteOffset(html: string, index: number): number {
  return Buffer.byteLength(html.slice(0, index), 'utf8');
}

function parseAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(/([A-Za-z_:-][A-Za-z0-9_:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attrs.set((m[1] ?? '').toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** Plain text + entities of an HTML-formatted text; throws the server's 400 when it cannot be parsed. */
export function parseHtml(html: string): { text: string; entities: MessageEntity[] } {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{1,10});/.exec(html.slice(i, i + 12));
      const decoded = m ? decodeEntities(m[0]) : undefined;
      if (!m || decoded === m[0])
        throw TgError.parseEntities(
          `unescaped "&" at byte offset ${byteOffset(html, i)}: write &amp; (only &lt; &gt; &amp; &quot; and ` +
            `numeric entities are supported)`,
        );
      text += decoded;
      i += m[0].length;
      continue;
    }
    if (ch === '>') throw TgError.parseEntities(`unescaped ">" at byte offset ${byteOffset(html, i)}: write &gt;`);
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }
    const close = html.indexOf('>', i);
    if (html[i + 1] === '/') {
      const name = (close < 0 ? html.slice(i + 2) : html.slice(i + 2, close)).trim().toLowerCase();
      const top = stack.pop();
      if (!top) throw TgError.parseEntities(`Unexpected end tag at byte offset ${byteOffset(html, i)}`);
      if (close < 0 || top.tag !== name)
        throw TgError.parseEntities(
          `Unmatched end tag at byte offset ${byteOffset(html, i)}, expected "</${top.tag}>", found "</${name}>"`,
        );
      if (top.entity && text.length > top.start)
        entities.push({ ...top.entity, offset: top.start, length: text.length - top.start });
      i = close + 1;
      continue;
    }
    const nameMatch = /^<([^\s>/]*)/.exec(html.slice(i));
    const name = (nameMatch?.[1] ?? '').toLowerCase();
    if (!SUPPORTED.has(name) || close < 0)
      throw TgError.parseEntities(`Unsupported start tag "${name}" at byte offset ${byteOffset(html, i)}`);
    const attrs = parseAttributes(html.slice(i + 1 + name.length, close));
    stack.push({ tag: name, entity: entityFor(name, attrs, stack, html, i), start: text.length });
    i = close + 1;
  }
  const unclosed = stack.pop();
  if (unclosed) throw TgError.parseEntities(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  // Entities are listed by offset, outer before inner (as the server returns them).
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function entityFor(
  name: string,
  attrs: Map<string, string>,
  stack: Open[],
  html: string,
  at: number,
): MessageEntity | undefined {
  const base = { offset: 0, length: 0 };
  switch (name) {
    case 'a': {
      const href = attrs.get('href');
      if (!href) return undefined;
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      return mention
        ? { ...base, type: 'text_mention', user: { id: Number(mention[1]) } }
        : { ...base, type: 'text_link', url: href };
    }
    case 'span':
      if (attrs.get('class') !== 'tg-spoiler')
        throw TgError.parseEntities(`Unsupported start tag "span" at byte offset ${byteOffset(html, at)}`);
      return { ...base, type: 'spoiler' };
    case 'tg-emoji':
      return { ...base, type: 'custom_emoji', custom_emoji_id: attrs.get('emoji-id') ?? '' };
    case 'blockquote':
      return { ...base, type: attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote' };
    case 'code': {
      // <pre><code class="language-x"> gives the pre its language; a lone code takes none.
      const parent = stack[stack.length - 1];
      const lang = /^language-(.+)$/.exec(attrs.get('class') ?? '')?.[1];
      if (parent?.tag === 'pre' && parent.entity) {
        if (lang) parent.entity.language = lang;
        return undefined;
      }
      return { ...base, type: 'code' };
    }
    default:
      return { ...base, type: SIMPLE[name] ?? name };
  }
}

/** Text length as the limits count it (UTF-16 code units, like entity offsets). */
export function textLength(text: string): number {
  return text.length;
}
