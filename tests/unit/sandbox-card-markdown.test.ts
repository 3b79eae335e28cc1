/**
 * The sandbox page shows user text the bot wrote as HTML entities (card-json.ts mdText) as the
 * characters typed, like Feishu does, and never as markdown or as a tag.
 */
import fs from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { colored, mdText } from '../../src/adapters/feishu/cards/card-json.js';

const page = { window: {} as { SafeDutyCards?: { markdownHtml: (s: string) => string } } };
vm.runInNewContext(fs.readFileSync(new URL('../../src/sandbox/page/cards.js', import.meta.url), 'utf8'), page);
const markdownHtml = page.window.SafeDutyCards!.markdownHtml;

/** The text a browser shows for the HTML: tags dropped, entities decoded. */
const shown = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&sim;/g, '~')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('the sandbox page and escaped user text', () => {
  it.each([
    '# 不是标题',
    '- 不是列表',
    '1. 不是编号',
    '_不是斜体_ **不是粗体**',
    '<at id=all></at>',
    "<font color='red'>不是红字</font>",
    'a & b; &#35; | x=y',
  ])('shows %s as typed', (typed) => {
    const html = markdownHtml(`**问题**：${mdText(typed)}`);
    expect(shown(html)).toBe(`问题：${typed}`);
    expect(html).not.toMatch(/<(i|p class="md-h"|span class="md-at"|span class="md-c)/);
  });

  it('still renders the bot’s own markdown around it', () => {
    const html = markdownHtml(`**问题**：${colored('red', mdText('*星*'))}`);
    expect(html).toContain('<b>问题</b>');
    expect(html).toContain('<span class="md-c md-c-red">&#42;星&#42;</span>');
  });
});
