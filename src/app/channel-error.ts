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

/** Why a recipient cannot be reached until an administrator changes something on the platform. */
/** not_started: the person never opened a chat with the bot (Telegram: a bot cannot write first). */
export type UnreachableCause = 'out_of_scope' | 'not_in_group' | 'other_app' | 'blocked' | 'unbound' | 'not_started';

/**
 * A recipient the channel cannot reach (outside the app's availability, the bot not in the group,
 * an id of another app, the person blocked the bot, no account bound). Never retried; the
 * dispatcher records it per person so that `doctor` lists it and the unit's director is told.
 */
export class RecipientUnreachable extends ChannelError {
  constructor(
    message: string,
    readonly reason: UnreachableCause,
    code?: string | number,
  ) {
    super(message, false, undefined, code);
    this.name = 'RecipientUnreachable';
  }
}
