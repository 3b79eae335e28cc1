/**
 * Local Telegram Bot API emulator: `startTelegramEmulator(options)` → a running emulator whose
 * `url` is grammY's `client.apiRoot`. See docs/telegram-emulator.md.
 */

export { EmulatorInputError } from '@safeduty/emulator-kit/control-api';
export type { BotCommand, TgCounters } from './core.js';
export type { TelegramFaultPlan } from './faults.js';
export type { MessageEntity } from './html-parse.js';
export type { InlineKeyboardButton, InlineKeyboardMarkup } from './markup.js';
export {
  DEFAULT_FLOOD_LIMITS,
  type FloodLimits,
  type TelegramEmulatorOptions,
  type WebhookDeliveryOptions,
} from './options.js';
export { startTelegramEmulator, type TelegramBotIdentity, TelegramEmulator } from './telegram-emulator.js';
export type * from './types.js';
export type { TapRequest, TapResult, UserMessageResult } from './user-actions.js';
