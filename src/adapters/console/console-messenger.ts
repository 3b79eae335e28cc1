/** The console channel: with no chat platform configured, every message is written to the log. */
import type { Logger, Messenger, OutboxMessage, Recipient } from '../../app/ports.js';
import { renderText } from '../../domain/render-text.js';

export class ConsoleMessenger implements Messenger {
  readonly channel = 'console';
  constructor(private readonly log: Logger) {}

  async send(m: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    this.log.info({ channel: 'console', messageId: m.id, key: m.key, to: to.name, purpose: m.purpose }, `→ ${to.name}：${renderText(m.payload)}`);
    return { platformMessageId: `console:${m.id}` };
  }
}
