/**
 * What an inline button carries back (`callback_data`, “1-64 bytes”:
 * https://core.telegram.org/bots/api#inlinekeyboardbutton). Nothing in it is trusted beyond an
 * index: the prompt is read again from the database by its outbox row id, its view rebuilt from the
 * stored payload, and the index names one of the view's actions; a short digest of that action
 * must match, so a tap on an old keyboard never runs another action than the one it showed. The
 * same holds after a restart: everything needed is in the database.
 *
 * - `p:<message row id>:<action index>:<digest>`  an action of a prompt (promptActions order)
 * - `g:<message row id>:<page>`                    another page of a long daily prompt's devices
 * - `d:<dialog id>:<step>:<choice index>`          an answer to a guided dialog's question
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const CALLBACK_DATA_MAX_BYTES = 64;

const rowId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const digits = (n: number) =>
  z
    .string()
    .regex(new RegExp(`^\\d{1,${n}}$`))
    .transform(Number);
const small = digits(3);

export type CallbackData =
  | { type: 'action'; messageId: string; index: number; digest: string }
  | { type: 'page'; messageId: string; page: number }
  | { type: 'dialog'; dialogId: string; step: number; index: number };

const schemas = {
  p: z.tuple([rowId, small, z.string().regex(/^[A-Za-z0-9_-]{4}$/)]),
  g: z.tuple([rowId, small]),
  d: z.tuple([z.string().regex(/^[A-Za-z0-9]{1,12}$/), digits(4), small]),
};

/** The digest of an action's neutral value that its button carries (4 base64url characters). */
export function actionDigest(identity: string): string {
  return createHash('sha256').update(identity).digest('base64url').slice(0, 4);
}

export function encodeCallback(d: CallbackData): string {
  const s =
    d.type === 'action'
      ? `p:${d.messageId}:${d.index}:${d.digest}`
      : d.type === 'page'
        ? `g:${d.messageId}:${d.page}`
        : `d:${d.dialogId}:${d.step}:${d.index}`;
  if (Buffer.byteLength(s, 'utf8') > CALLBACK_DATA_MAX_BYTES)
    throw new RangeError(`callback_data over ${CALLBACK_DATA_MAX_BYTES} bytes: ${s}`);
  return s;
}

/** The button's data, or null for anything we did not write (an old format, a forged value). */
export function decodeCallback(data: unknown): CallbackData | null {
  if (typeof data !== 'string' || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) return null;
  const [tag, ...parts] = data.split(':');
  if (tag === 'p') {
    const r = schemas.p.safeParse(parts);
    return r.success ? { type: 'action', messageId: r.data[0], index: r.data[1], digest: r.data[2] } : null;
  }
  if (tag === 'g') {
    const r = schemas.g.safeParse(parts);
    return r.success ? { type: 'page', messageId: r.data[0], page: r.data[1] } : null;
  }
  if (tag === 'd') {
    const r = schemas.d.safeParse(parts);
    return r.success ? { type: 'dialog', dialogId: r.data[0], step: r.data[1], index: r.data[2] } : null;
  }
  return null;
}
