/**
 * Local Telegram Bot API emulator: `startTelegramEmulator(options)` → a running emulator whose
 * `url` is grammY's `client.apiRoot`. See docs/telegram-emulator.md.
 */
export { TelegramEmulator, startTelegramEmulator, type TelegramBotIdentity } from './telegram-emulator.js';
export { DEFAULT_FLOOD_LIMITS, type FloodLimits, type TelegramEmulatorOptions, type WebhookDeliveryOptions } from './options.js';
export type { TelegramFaultPlan } from './faults.js';
export type { BotCommand, TgCounters } from './core.js';
export type { TapRequest, TapResult, UserMessageResult } from './user-actions.js';
export type { MessageEntity } from './html-parse.js';
export type { InlineKeyboardButton, InlineKeyboardMarkup } from './markup.js';
export { EmulatorInputError } from '@safeduty/emulator-kit/control-api';
export type * from './types.js';
