/** The console channel: with no chat platform configured, every message is written to the log. */
import type { Logger, OutboxMessage, PromptSender, Recipient } from '../../app/ports.js';
import { renderText } from '../../domain/render-text.js';

export class ConsoleMessenger implements PromptSender {
  readonly name = 'console';
  constructor(private readonly log: Logger) {}

  async sendPrompt(m: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    this.log.info({ channel: 'console', messageId: m.id, key: m.key, to: to.name, purpose: m.purpose }, `→ ${to.name}：${renderText(m.payload)}`);
    return { platformMessageId: `console:${m.id}` };
  }
}
