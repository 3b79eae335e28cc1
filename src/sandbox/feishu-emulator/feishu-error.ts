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
  cardInvalid: 230099,
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
export class EmulatorInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorInputError';
  }
}
