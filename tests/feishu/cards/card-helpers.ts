/** Checks a rendered card the way the emulator (our stand-in for Feishu) does, and clicks on it. */

import { walkElements } from '@safeduty/feishu-emulator/card-elements';
import { resolveCardAction } from '@safeduty/feishu-emulator/card-interaction';
import { checkCard, parseCardContent } from '@safeduty/feishu-emulator/card-validator';
import type { FormFieldValue } from '@safeduty/feishu-emulator/types';
import type { CardJson } from '../../../src/adapters/feishu/cards/index.js';

/** Throws the emulator's Feishu error when the card would be refused (rules, then the 30 KB content limit). */
export function assertValid(card: CardJson): void {
  checkCard(card);
  parseCardContent(JSON.stringify(card));
}

/** Every element of the body, containers included, as the validator walks them. */
export function elementsOf(card: CardJson): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  walkElements(card as unknown as Record<string, unknown>, ({ el }) => out.push(el));
  return out;
}

export const named = (card: CardJson, name: string): Record<string, unknown> | undefined =>
  elementsOf(card).find((el) => el['name'] === name);

/** The callback values of every button. */
export function callbackValues(card: CardJson): Record<string, unknown>[] {
  return elementsOf(card).flatMap((el) =>
    (Array.isArray(el['behaviors']) ? (el['behaviors'] as { type: string; value: Record<string, unknown> }[]) : [])
      .filter((b) => b.type === 'callback')
      .map((b) => b.value),
  );
}

/** Markdown entities (`&#35;`, `&sim;`) as the character a person sees. */
export const decodeEntities = (s: string): string =>
  s.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&sim;/g, '~');

/** All text a person reads: header, markdown (entities decoded), button labels. */
export function textOf(card: CardJson): string {
  const parts = [card.header.title.content, card.header.subtitle?.content ?? ''];
  for (const el of elementsOf(card)) {
    if (typeof el['content'] === 'string') parts.push(decodeEntities(el['content']));
    const text = el['text'] as { content?: string } | undefined;
    if (text?.content) parts.push(text.content);
  }
  return parts.join('\n');
}

/** A user touching `element` (a button, or a form's submit button with `form` values). */
export function click(card: CardJson, element: string, form?: Record<string, FormFieldValue>) {
  return resolveCardAction(card as unknown as Record<string, unknown>, {
    messageId: 'om_test',
    user: 'ou_test',
    element,
    ...(form ? { form } : {}),
  });
}
