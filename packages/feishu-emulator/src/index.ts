/**
 * Local Feishu Open Platform emulator: `startFeishuEmulator(options)` → a running emulator whose
 * `url` is the SDK's `domain`. See docs/feishu-emulator.md.
 */

export type { UserPatch } from './directory.js';
export { encryptBody, signBody } from './event-crypto.js';
export type { ApiName, FaultPlan } from './faults.js';
export { type EmulatorApp, FeishuEmulator, startFeishuEmulator } from './feishu-emulator.js';
export { EmulatorInputError, FeishuCode } from './feishu-error.js';
export {
  DEFAULT_LIMITS,
  type DeliveryOptions,
  type FeishuEmulatorOptions,
  type RateLimits,
  type WsOptions,
} from './options.js';
export type * from './types.js';
export type { UrlVerificationResult } from './url-verification.js';
export { buildWebhookRequest } from './webhook-sender.js';
