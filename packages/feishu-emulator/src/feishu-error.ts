/**
 * Feishu Open API error codes the emulator answers with, and the error that carries one to the
 * HTTP layer. Codes and messages follow the Feishu docs (platforms.md A2/A3); where the docs name
 * no code (card-update token problems, file upload limits, 5xx faults) the choice is ours and is
 * listed in docs/feishu-emulator.md.
 */
export const FeishuCode = {
  // tenant_access_token
  appIdInvalid: 10003,
  appSecretInvalid: 10014,
  tokenMissing: 99991661,
  tokenInvalid: 99991663,
  tokenExpired: 99991677,
  appTokenInvalid: 99991664,
  tenantCodeInvalid: 99991665,
  // ids (服务端通用错误码)
  openIdCrossApp: 99992361,
  // gateway
  rateLimited: 99991400,
  fieldValidation: 99992402,
  // IM
  invalidParam: 230001,
  botNotInChat: 230002,
  notSender: 230012,
  userUnavailable: 230013,
  fileNotOwned: 230017,
  frequencyLimit: 230020,
  contentTooLong: 230025,
  noPermission: 230027,
  patchWindowOver: 230031,
  invalidReceiveId: 230034,
  userBlockedBot: 230053,
  fileTypeMismatch: 230055,
  messageSending: 230049,
  cardInvalid: 230099,
  // create message rate limits (服务端通用错误码 / 消息常见问题)
  serviceRateLimit: 11232,
  chatRateLimit: 11233,
  internalSendRateLimit: 11247,
  // delayed card update (延时更新消息卡片 › 错误码)
  cardTokenFormat: 300020,
  cardTokenExpired: 300030,
  cardTokenUsedUp: 300040,
  // files
  fileInvalidParam: 234001,
  fileTooLarge: 234006,
  // emulated 5xx
  internalError: 1,
} as const;

/** Sub-codes inside a 230099 message (`ErrCode: …`), as documented for card JSON 2.0. */
export const CardErrCode = {
  tooManyElements: 11310,
  parse: 200621,
  chartInvalid: 200550,
  tagNotInV2: 200861,
} as const;

/**
 * The documented `msg` of codes the emulator can be told to answer with (faults.failWith), from
 * 服务端通用错误码 (https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code)
 * and 发送消息 › 错误码 (https://open.feishu.cn/document/server-docs/im-v1/message/create).
 */
export const DOCUMENTED_MESSAGES: Record<number, string> = {
  11232: 'create message service trigger rate limit',
  11233: 'create message chat trigger rate limit',
  11247: 'internal send message trigger rate limit',
  99991663: 'Invalid access token for authorization. Please make a request with token attached.',
  99991664: 'invalid app token',
  99991665: 'invalid tenant code',
  99992361: 'open_id cross app',
  99991672: 'Access denied. One of the following scopes is required: [contact:user.id:readonly].',
  230002: 'The bot can not be outside the group.',
  230013: 'Bot has NO availability to this user.',
  230020: 'This operation triggers the frequency limit.',
  230049: 'The message is being sent.',
  230053: 'The user has stopped the bot from sending messages.',
};

/** 230099 with sub-code 11310 “card action is lock”: a JSON 2.0 card is being interacted with (发送消息 › 230099 子错误码). */
export function cardLockedError(): FeishuApiError {
  return imError(
    FeishuCode.cardInvalid,
    'Failed to create card content, ext=ErrCode: 11310; ErrMsg: card action is lock; code:230099',
  );
}

/** An Open API failure: HTTP status + Feishu `code`/`msg` (+ headers such as the rate-limit ones). */
export class FeishuApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
    this.name = 'FeishuApiError';
  }
}

/** The common IM business failure: HTTP 400 with an IM code. */
export function imError(code: number, msg: string): FeishuApiError {
  return new FeishuApiError(400, code, msg);
}

/** A caller of the driver API (tests, sandbox page) asked for something that does not exist. */
export { EmulatorInputError } from '@safeduty/emulator-kit/control-api';
