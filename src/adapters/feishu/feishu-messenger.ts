/**
 * Delivers outbox messages as Feishu cards through the real SDK: the message key becomes the `uuid`
 * (so a retry after a timeout never double-posts), sends stay within the rate limits, and a revoked
 * token is dropped and the send retried once. A prompt that needs several cards sends them all.
 */
import { createHash } from 'node:crypto';
import { ChannelError, RecipientUnreachable } from '../../app/channel-error.js';
import type { PromptRedraw, PromptRef } from '../../app/inbound/inbound-event.js';
import type {
  Channel,
  ChatAddress,
  Logger,
  OutboxMessage,
  OutgoingFile,
  Recipient,
  SendLimiter,
} from '../../app/ports.js';
import { renderCards } from './cards/index.js';
import { CARD_LOCKED, checkBody, classifyFeishuError, TOKEN_CODES } from './classify-error.js';
import type { FeishuClient } from './feishu-client.js';
import { redrawCard } from './redraw-card.js';

export interface FeishuMessengerDeps {
  feishu: FeishuClient;
  /** paces sends within Feishu's limits (app/send-budget.ts: shared by the instances on one database) */
  limiter: SendLimiter;
  now: () => Date;
  /** the unit's people, for cards that let someone pick a person (resolution owners) */
  peopleOf: (unitId: string) => Promise<{ id: string; name: string }[]>;
  /** waits between retries of a locked card (default: a real timer) */
  sleep?: (ms: number) => Promise<void>;
  /** asks Feishu for a person's open_id by their mobile and binds it (undefined: not found, or asked lately) */
  openIdOf?: (personId: string) => Promise<string | undefined>;
  /** where a refused update token is noted (default: nowhere) */
  log?: Logger;
}

/** A locked card is retried every 500 ms for up to 5 s: longer than Feishu's 3 s callback deadline. */
const LOCK_RETRY_MS = 500;
const LOCK_RETRIES = 10;
/** Command replies: three tries in all. */
const REPLY_ATTEMPTS = 3;

/** Feishu's uuid is at most 50 characters: a digest of the message key and the card's position. */
export const feishuUuid = (key: string, part: number): string =>
  createHash('sha256').update(`${key}#${part}`).digest('hex').slice(0, 40);

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => SILENT };

/** A reply's uuid: a digest of its key (e.g. `reply:<message_id>:text`). */
export const replyUuid = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 40);

/**
 * Feishu waits 3 s for the answer to card.action.trigger (卡片回传交互回调: “需要在 3 秒内响应”,
 * https://open.feishu.cn/document/feishu-cards/card-callback-communication); the work gets 2.5 s, the
 * rest is the answer's way back.
 */
export const CALLBACK_BUDGET_MS = 2500;

/** How long after answering a callback its delayed update waits, so that the answer is on the wire first. */
const AFTER_ANSWER_MS = 300;

/** Feishu's outbound half of the Channel port; feishu-channel.ts adds receiving (start/stop). */
export class FeishuMessenger implements Omit<Channel, 'start' | 'stop'> {
  readonly name = 'feishu';
  readonly answerDeadlineMs = CALLBACK_BUDGET_MS;
  private readonly deps: Required<FeishuMessengerDeps>;
  constructor(deps: FeishuMessengerDeps) {
    this.deps = {
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      openIdOf: async () => undefined,
      log: SILENT,
      ...deps,
    };
  }

  async sendPrompt(m: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    try {
      return await this.sendCards(m, to, receiverOf(to));
    } catch (e) {
      // No account bound, or another app's open_id: ask Feishu by the person's mobile and try once more.
      const again =
        e instanceof RecipientUnreachable && (e.reason === 'unbound' || e.reason === 'other_app') && to.personId
          ? await this.deps.openIdOf(to.personId)
          : undefined;
      if (!again) throw e;
      return this.sendCards(m, to, { type: 'open_id', id: again });
    }
  }

  private async sendCards(
    m: OutboxMessage,
    to: Recipient,
    target: { type: 'open_id' | 'chat_id'; id: string },
  ): Promise<{ platformMessageId: string }> {
    const people = m.payload.type === 'monthly_dispatch' ? await this.deps.peopleOf(m.unitId) : [];
    const cards = renderCards(m.payload, {
      timeZone: to.timeZone,
      now: this.deps.now(),
      people,
      taskKey: m.taskKeys[0],
    });
    const ids: string[] = [];
    // Name who cannot be reached: the dispatcher records it and tells the unit's director.
    const who = to.chatId ? `群 ${to.chatId}` : to.name;
    for (const [i, card] of cards.entries()) {
      await this.deps.limiter.take(target.id);
      ids.push(
        await this.heeding(target.id, () => this.create(target, JSON.stringify(card), feishuUuid(m.key, i), who)),
      );
    }
    return { platformMessageId: ids.join(',') };
  }

  /**
   * Replaces a sent card (PATCH; 5 per second per message, which the receiver's pace stays under).
   * While a user's interaction with a JSON 2.0 card is still being answered Feishu refuses the
   * update (“card action is lock”, 230099/11310, 发送消息 › 230099 子错误码,
   * https://open.feishu.cn/document/server-docs/im-v1/message/create): wait and try again, for
   * longer than the 3 s a callback answer can take.
   */
  /**
   * The card after slow work (or any redraw outside a callback's answer): with the callback's token
   * (延时更新消息卡片, only after the answer has gone out, hence the pause), else — no token, or the
   * token refused — a PATCH, which waits while Feishu still holds the card locked by the interaction.
   */
  async updatePrompt(ref: PromptRef, prompt: PromptRedraw): Promise<void> {
    const card = await this.cardOf(prompt);
    if (ref.callbackToken) {
      await this.deps.sleep(AFTER_ANSWER_MS);
      try {
        return await this.updateCardWithToken(ref.callbackToken, card);
      } catch (e) {
        // expired (30 min), used up (two uses) or malformed: patch the card instead
        this.deps.log.warn(
          { messageId: ref.platformMessageId, err: e },
          'feishu: delayed update with the callback token failed, patching the card',
        );
      }
    }
    await this.updateCard(ref.platformMessageId, card);
  }

  /** A prompt redrawn as its card (the unit's people for a monthly card's owners). */
  async cardOf(prompt: PromptRedraw): Promise<object> {
    const people = prompt.payload.type === 'monthly_dispatch' ? await this.deps.peopleOf(prompt.unitId) : [];
    return redrawCard(prompt, this.deps.now(), people);
  }

  async updateCard(messageId: string, card: object): Promise<void> {
    const content = JSON.stringify(card);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.withToken(async () =>
          checkBody(
            await this.deps.feishu.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content } }),
            '更新卡片',
          ),
        );
        return;
      } catch (e) {
        if (!(e instanceof ChannelError) || e.code !== CARD_LOCKED || attempt >= LOCK_RETRIES) throw e;
        await this.deps.sleep(LOCK_RETRY_MS);
      }
    }
  }

  /**
   * 延时更新消息卡片 (https://open.feishu.cn/document/server-docs/im-v1/message-card/delay-update-message-card):
   * replaces the card a user acted on with the `token` of that callback — valid 30 minutes, two
   * uses, and only AFTER the callback has been answered (an update sent before the answer fails or
   * is reverted by it). The card is a JSON object, not a string. Throws a ChannelError (token
   * problems: 300020 format, 300030 expired, 300040 used up).
   */
  async updateCardWithToken(token: string, card: object): Promise<void> {
    await this.withToken(async () =>
      checkBody(
        (await this.deps.feishu.client.request({
          method: 'POST',
          url: '/open-apis/interactive/v1/card/update',
          data: { token, card },
        })) as { code?: number; msg?: string },
        '延时更新卡片',
      ),
    );
  }

  /**
   * Sends a text message (command replies). A reply has no outbox behind it, so a retryable failure
   * (a rate limit, 230049 “being sent”, 5xx) is retried here, with the same uuid, a few times.
   */
  async sendText(to: ChatAddress, text: string, key: string): Promise<string> {
    return this.reply(targetOf(to), 'text', JSON.stringify({ text }), replyUuid(key), '发送消息');
  }

  /** A reply (text or file) without an outbox behind it: paced, retried a few times with its uuid. */
  private reply(
    target: { type: 'open_id' | 'chat_id'; id: string },
    msgType: 'text' | 'file',
    content: string,
    uuid: string,
    what: string,
  ): Promise<string> {
    return this.retrying(async () => {
      await this.deps.limiter.take(target.id);
      return this.heeding(target.id, () =>
        this.withToken(async () => {
          const res = checkBody(
            await this.deps.feishu.client.im.v1.message.create({
              params: { receive_id_type: target.type },
              data: { receive_id: target.id, msg_type: msgType, content, uuid },
            }),
            what,
          );
          return res.data?.message_id ?? '';
        }),
      );
    });
  }

  /** Up to REPLY_ATTEMPTS tries of a retryable failure, waiting what the platform asked (≤ 5 s). */
  private async retrying<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ChannelError) || !e.retryable || attempt >= REPLY_ATTEMPTS) throw e;
        await this.deps.sleep(Math.min(e.retryAfterMs ?? 1000, 5000));
      }
    }
  }

  /** Uploads a file (an exported record) and sends it as a file message. */
  async sendFile(to: ChatAddress, file: OutgoingFile, key: string): Promise<string> {
    const { fileName, bytes } = file;
    const target = targetOf(to);
    const uuid = replyUuid(key);
    const fileType = fileName.endsWith('.xlsx') ? 'xls' : fileName.endsWith('.docx') ? 'doc' : 'stream';
    const uploaded = await this.withToken(async () =>
      this.deps.feishu.client.im.v1.file.create({
        data: { file_type: fileType, file_name: fileName, file: Buffer.from(bytes) },
      }),
    );
    const fileKey = uploaded?.file_key;
    if (!fileKey) throw new ChannelError('飞书没有返回文件标识（file_key）', true);
    return this.reply(target, 'file', JSON.stringify({ file_key: fileKey }), uuid, '发送文件');
  }

  private async create(
    target: { type: 'open_id' | 'chat_id'; id: string },
    content: string,
    uuid: string,
    who: string,
  ): Promise<string> {
    return this.withToken(async () => {
      const res = checkBody(
        await this.deps.feishu.client.im.v1.message.create({
          params: { receive_id_type: target.type },
          data: { receive_id: target.id, msg_type: 'interactive', content, uuid },
        }),
        '发送消息',
      );
      const id = res.data?.message_id;
      if (!id) throw new ChannelError('飞书没有返回消息 ID', true);
      return id;
    }, who);
  }

  /**
   * A send; when Feishu refuses it for a rate limit, the limiter holds what the limit covers for the
   * wait Feishu names: the gateway's 99991400 / HTTP 429 is per app and API (频控策略, “应用维度”,
   * https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control; reset after
   * `x-ogw-ratelimit-reset` seconds), 230020 per receiver (发送消息, “对同一用户/群 … 5 QPS”,
   * https://open.feishu.cn/document/server-docs/im-v1/message/create).
   */
  private async heeding<T>(receiver: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof ChannelError && (e.code === 99991400 || e.code === 429))
        this.deps.limiter.backOff?.(null, e.retryAfterMs ?? 1000);
      else if (e instanceof ChannelError && e.code === 230020) this.deps.limiter.backOff?.(receiver, 1000);
      throw e;
    }
  }

  /** Runs a call; on an invalid or expired token, drops it and tries once more. */
  private async withToken<T>(call: () => Promise<T>, who?: string): Promise<T> {
    try {
      return await call();
    } catch (e) {
      const c = classifyFeishuError(e, who);
      if (typeof c.code !== 'number' || !TOKEN_CODES.has(c.code)) throw c;
      this.deps.feishu.dropToken();
      try {
        return await call();
      } catch (again) {
        throw classifyFeishuError(again, who);
      }
    }
  }
}

function targetOf(to: ChatAddress): { type: 'open_id' | 'chat_id'; id: string } {
  if (to.chatId) return { type: 'chat_id', id: to.chatId };
  if (to.externalId) return { type: 'open_id', id: to.externalId };
  throw new ChannelError('没有收件人（open_id 或 chat_id）', false);
}

function receiverOf(to: Recipient): { type: 'open_id' | 'chat_id'; id: string } {
  if (to.chatId) return { type: 'chat_id', id: to.chatId };
  const id = to.identities.find((i) => i.channel === 'feishu')?.externalId;
  if (!id)
    throw new RecipientUnreachable(
      `${to.name} 尚未绑定飞书账号：请在单位文件或台账登记其手机号（SafeDuty 按手机号获取飞书 ID，需要 contact:user.id:readonly 权限），或让其向机器人发送“绑定 ` +
        `邀请码”（safeduty people invite 生成）`,
      'unbound',
      'unbound',
    );
  return { type: 'open_id', id };
}
