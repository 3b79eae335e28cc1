/**
 * A picture sent to the bot, as Feishu delivers it: the documentation's own im.message.receive_v1
 * example (https://open.feishu.cn/document/server-docs/im-v1/message/events/receive) with
 * message_type image and the content of an image message
 * (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/im-v1/message/events/message_content:
 * `{"image_key": "img_…"}`) becomes an image event whose download fetches that message's resource;
 * a malformed content is ignored (logged), never thrown.
 */
import { describe, expect, it } from 'vitest';
import { onTextMessage } from '../../src/adapters/feishu/text-message.js';
import type { InboundEvent } from '../../src/app/inbound/inbound-event.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { silentLog } from '../helpers/engine.js';
import { DOC_MESSAGE_EVENT } from './doc-fixtures.js';

const IMAGE_KEY = 'img_v2_041b28e3-5680-48c2-9af2-497ace79333g';
const imageEvent = (content: string, chatType = 'p2p') => ({
  ...DOC_MESSAGE_EVENT.event,
  event_id: DOC_MESSAGE_EVENT.header.event_id,
  message: {
    ...DOC_MESSAGE_EVENT.event.message,
    chat_type: chatType,
    message_type: 'image',
    content,
    mentions: undefined,
  },
});

describe('Feishu image message (the documentation example)', () => {
  it('becomes an image event whose download asks for the resource of that message and key', async () => {
    const seen: InboundEvent[] = [];
    const asked: [string, string][] = [];
    const deps = {
      log: silentLog,
      clock: new FakeClock('2026-12-01T00:30:00Z'),
      botOpenId: () => 'ou_bot',
      handle: async (e: InboundEvent) => (seen.push(e), {}),
      downloadImage: async (id: string, key: string) => (asked.push([id, key]), new Uint8Array([1, 2, 3])),
    };
    await onTextMessage(deps, imageEvent(JSON.stringify({ image_key: IMAGE_KEY })));
    expect(seen).toHaveLength(1);
    const e = seen[0]!;
    expect(e).toMatchObject({
      type: 'image',
      channel: 'feishu',
      eventId: 'om_5ce6d572455d361153b7cb51da133945',
      actor: { externalId: 'ou_84aad35d084aa403a838cf73ee18467', chatType: 'p2p' },
    });
    expect(asked).toEqual([]); // nothing fetched until the app asks
    if (e.type !== 'image') throw new Error('not an image');
    expect(Array.from(await e.image.download())).toEqual([1, 2, 3]);
    expect(asked).toEqual([['om_5ce6d572455d361153b7cb51da133945', IMAGE_KEY]]);
  });

  it('ignores an image message without an image_key', async () => {
    const seen: InboundEvent[] = [];
    const deps = {
      log: silentLog,
      clock: new FakeClock('2026-12-01T00:30:00Z'),
      botOpenId: () => 'ou_bot',
      handle: async (e: InboundEvent) => (seen.push(e), {}),
      downloadImage: async () => new Uint8Array(),
    };
    await onTextMessage(deps, imageEvent('{"file_key":"x"}'));
    await onTextMessage(deps, imageEvent('not json'));
    expect(seen).toEqual([]);
  });
});
