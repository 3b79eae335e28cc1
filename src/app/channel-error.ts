/**
 * How a channel failure should be handled, decided once by the channel adapter: network and 5xx
 * back off, rate limits honour the platform's reset time, other client errors fail fast.
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** the platform said when to try again (e.g. x-ogw-ratelimit-reset) */
    readonly retryAfterMs?: number,
    readonly code?: string | number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
