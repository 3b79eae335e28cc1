/** A messenger that records what it was asked to send, as data. */

import { ChannelError } from '../../src/app/channel-error.js';
import type { OutboxMessage, PromptSender, Recipient } from '../../src/app/ports.js';

export interface Sent {
  message: OutboxMessage;
  to: Recipient;
}

export class RecordingMessenger implements PromptSender {
  readonly name = 'test';
  readonly sent: Sent[] = [];
  /** make the next N sends fail with a retryable error */
  failNext = 0;

  async sendPrompt(message: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new ChannelError('simulated outage', true);
    }
    this.sent.push({ message, to });
    return { platformMessageId: `test-${this.sent.length}` };
  }

  to(name: string): Sent[] {
    return this.sent.filter((s) => s.to.name === name);
  }
}
