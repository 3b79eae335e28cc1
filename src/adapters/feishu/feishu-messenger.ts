/**
 * Delivers outbox messages as Feishu cards through the real SDK: the message key becomes the `uuid`
 * (so a retry after a timeout never double-posts), sends stay within the rate limits, and a revoked
 * token is dropped and the send retried once. A prompt that needs several cards sends them all.
 */
import { createHash } from 'node:crypto';
import { ChannelError } from '../../app/channel-error.js';
import type { Messenger, OutboxMessage, Recipient } from '../../app/ports.js';
import { renderCards } from './cards/index.js';
import { checkBody, classifyFeishuError, TOKEN_CODES } from './classify-error.js';
import type { FeishuClient } from './feishu-client.js';
import type { RateLimiter } from './rate-limiter.js';

export interface FeishuMessengerDeps {
  feishu: FeishuClient;
  limiter: RateLimiter;
  now: () => Date;
  /** the unit's people, for cards that let someone pick a person (resolution owners) */
  peopleOf: (unitId: string) => Promise<{ id: string; name: string }[]>;
}

/** Feishu's uuid is at most 50 characters: a digest of the message key and the card's position. */
export const feishuUuid = (key: string, part: number): string => createHash('sha256').update(`${key}#${part}`).digest('hex').slice(0, 40);

export class FeishuMessenger implements Messenger {
  readonly channel = 'feishu';
  constructor(private readonly deps: FeishuMessengerDeps) {}

  async send(m: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    const target = receiverOf(to);
    const people = m.payload.type === 'monthly_dispatch' ? await this.deps.peopleOf(m.unitId) : [];
    const cards = renderCards(m.payload, { timeZone: to.timeZone, now: this.deps.now(), people, taskKey: m.taskKeys[0] });
    const ids: string[] = [];
    for (const [i, card] of cards.entries()) {
      await this.deps.limiter.take(target.id);
      ids.push(await this.create(target, JSON.stringify(card), feishuUuid(m.key, i)));
    }
    return { platformMessageId: ids.join(',') };
  }

  /** Replaces a sent card (PATCH; 5 per second per message, which the receiver's pace stays under). */
  async updateCard(messageId: string, card: object): Promise<void> {
    await this.withToken(async () => checkBody(await this.deps.feishu.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }), '更新卡片'));
  }

  /** Sends a text message (command replies). */
  async sendText(to: { openId?: string; chatId?: string }, text: string, uuid: string): Promise<string> {
    const target = to.chatId ? { type: 'chat_id' as const, id: to.chatId } : { type: 'open_id' as const, id: to.openId! };
    await this.deps.limiter.take(target.id);
    return this.withToken(async () => {
      const res = checkBody(await this.deps.feishu.client.im.v1.message.create({ params: { receive_id_type: target.type }, data: { receive_id: target.id, msg_type: 'text', content: JSON.stringify({ text }), uuid } }), '发送消息');
      return res.data?.message_id ?? '';
    });
  }

  /** Uploads a file (an exported record) and sends it as a file message. */
  async sendFile(to: { openId?: string; chatId?: string }, fileName: string, bytes: Uint8Array, uuid: string): Promise<string> {
    const target = to.chatId ? { type: 'chat_id' as const, id: to.chatId } : { type: 'open_id' as const, id: to.openId! };
    const fileType = fileName.endsWith('.xlsx') ? 'xls' : fileName.endsWith('.docx') ? 'doc' : 'stream';
    const uploaded = await this.withToken(async () => this.deps.feishu.client.im.v1.file.create({ data: { file_type: fileType, file_name: fileName, file: Buffer.from(bytes) } }));
    const fileKey = uploaded?.file_key;
    if (!fileKey) throw new ChannelError('飞书没有返回文件标识（file_key）', true);
    await this.deps.limiter.take(target.id);
    return this.withToken(async () => {
      const res = checkBody(await this.deps.feishu.client.im.v1.message.create({ params: { receive_id_type: target.type }, data: { receive_id: target.id, msg_type: 'file', content: JSON.stringify({ file_key: fileKey }), uuid } }), '发送文件');
      return res.data?.message_id ?? '';
    });
  }

  private async create(target: { type: 'open_id' | 'chat_id'; id: string }, content: string, uuid: string): Promise<string> {
    return this.withToken(async () => {
      const res = checkBody(
        await this.deps.feishu.client.im.v1.message.create({ params: { receive_id_type: target.type }, data: { receive_id: target.id, msg_type: 'interactive', content, uuid } }),
        '发送消息',
      );
      const id = res.data?.message_id;
      if (!id) throw new ChannelError('飞书没有返回消息 ID', true);
      return id;
    });
  }

  /** Runs a call; on an invalid or expired token, drops it and tries once more. */
  private async withToken<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      const c = classifyFeishuError(e);
      if (typeof c.code !== 'number' || !TOKEN_CODES.has(c.code)) throw c;
      this.deps.feishu.dropToken();
      try {
        return await call();
      } catch (again) {
        throw classifyFeishuError(again);
      }
    }
  }
}

function receiverOf(to: Recipient): { type: 'open_id' | 'chat_id'; id: string } {
  if (to.chatId) return { type: 'chat_id', id: to.chatId };
  const id = to.identities.find((i) => i.channel === 'feishu')?.externalId;
  if (!id) throw new ChannelError(`${to.name} 尚未绑定飞书账号：请让其向机器人发送“绑定 <邀请码>”（safeduty people invite 生成）`, false, undefined, 'unbound');
  return { type: 'open_id', id };
}
