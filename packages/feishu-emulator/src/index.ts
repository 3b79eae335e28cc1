/**
 * Local Feishu Open Platform emulator: `startFeishuEmulator(options)` → a running emulator whose
 * `url` is the SDK's `domain`. See docs/feishu-emulator.md.
 */
export { FeishuEmulator, startFeishuEmulator, type EmulatorApp } from './feishu-emulator.js';
export { DEFAULT_LIMITS, type DeliveryOptions, type FeishuEmulatorOptions, type RateLimits, type WsOptions } from './options.js';
export type { FaultPlan, ApiName } from './faults.js';
export type { UrlVerificationResult } from './url-verification.js';
export type { UserPatch } from './directory.js';
export { EmulatorInputError, FeishuCode } from './feishu-error.js';
export { encryptBody, signBody } from './event-crypto.js';
export { buildWebhookRequest } from './webhook-sender.js';
export type * from './types.js';
