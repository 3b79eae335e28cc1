/** The console channel: with no chat platform configured, every message is written to the log (it receives nothing). */

import type { PromptRedraw, PromptRef } from '../../app/inbound/inbound-event.js';
import type { Channel, ChatAddress, Logger, OutboxMessage, OutgoingFile, Recipient } from '../../app/ports.js';
import { deadlineOf, promptText } from '../../app/prompts/plain-text.js';

export class ConsoleMessenger implements Channel {
  readonly name = 'console';
  readonly answerDeadlineMs = 2500;
  constructor(private readonly log: Logger) {}

  async sendPrompt(m: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    this.log.info(
      { channel: 'console', messageId: m.id, key: m.key, to: to.name, purpose: m.purpose },
      `→ ${to.name}：${promptText(m.payload, { timeZone: to.timeZone, now: m.createdAt })}`,
    );
    return { platformMessageId: `console:${m.id}` };
  }

  async updatePrompt(ref: PromptRef, prompt: PromptRedraw): Promise<void> {
    const shown = { timeZone: prompt.timeZone, now: new Date(deadlineOf(prompt.payload)) };
    this.log.info(
      { channel: 'console', platformMessageId: ref.platformMessageId },
      `↻ ${promptText(prompt.payload, shown, prompt.state)}`,
    );
  }

  async sendText(to: ChatAddress, text: string, key: string): Promise<string> {
    this.log.info({ channel: 'console', to, key }, `→ ${text}`);
    return `console:${key}`;
  }

  async sendFile(to: ChatAddress, file: OutgoingFile, key: string): Promise<string> {
    this.log.info({ channel: 'console', to, key, bytes: file.bytes.byteLength }, `→ 文件 ${file.fileName}`);
    return `console:${key}`;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
