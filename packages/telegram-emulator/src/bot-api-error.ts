/**
 * Bot API failures and their descriptions, as the Bot API server words them. Every answer is
 * `{"ok":false,"error_code":N,"description":"…","parameters"?:{…}}` with HTTP status N
 * (https://core.telegram.org/bots/api#making-requests: “The response contains a JSON object, which
 * always has a Boolean field 'ok' and may have an optional String field 'description'… If 'ok'
 * equals False, the error is explained in the 'description'. An Integer 'error_code' field is also
 * returned… Some errors may also have an optional field 'parameters' of the type
 * ResponseParameters”). The texts are those the real server answers (collected in
 * github.com/TelegramBotAPI/errors and in bug reports against tdlib/telegram-bot-api); where the
 * documentation names a rule but no text, the text is ours and says so in `OURS`.
 */

export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export class BotApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'BotApiError';
  }

  toJSON(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.status,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export function badRequest(what: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${what}`);
}

export function forbidden(what: string): BotApiError {
  return new BotApiError(403, `Forbidden: ${what}`);
}

/** 429 flood control: https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this */
export function tooManyRequests(retryAfter: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

export const TgError = {
  unauthorized: () => new BotApiError(401, 'Unauthorized'),
  notFound: () => new BotApiError(404, 'Not Found'),
  chatNotFound: () => badRequest('chat not found'),
  textEmpty: () => badRequest('message text is empty'),
  textTooLong: () => badRequest('message is too long'),
  captionTooLong: () => badRequest('message caption is too long'),
  notModified: () =>
    badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a ' +
        'current content and reply markup of the message',
    ),
  editNotFound: () => badRequest('message to edit not found'),
  cantEdit: () => badRequest("message can't be edited"),
  noTextToEdit: () => badRequest('there is no text in the message to edit'),
  queryTooOld: () => badRequest('query is too old and response timeout expired or query ID is invalid'),
  buttonDataInvalid: () => badRequest('BUTTON_DATA_INVALID'),
  markupTooLong: () => badRequest('reply markup is too long'),
  cantInitiate: () => forbidden("bot can't initiate conversation with a user"),
  blocked: () => forbidden('bot was blocked by the user'),
  notMember: () => forbidden('bot is not a member of the group chat'),
  kicked: () => forbidden('bot was kicked from the group chat'),
  invalidFileId: () => badRequest('invalid file_id'),
  fileEmpty: () => badRequest('file must be non-empty'),
  entityTooLarge: () => new BotApiError(413, 'Request Entity Too Large'),
  pollConflict: () =>
    new BotApiError(
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    ),
  webhookActive: () =>
    new BotApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ),
  terminatedBySetWebhook: () => new BotApiError(409, 'Conflict: terminated by setWebhook request'),
  parseEntities: (detail: string) => badRequest(`can't parse entities: ${detail}`),
  /** OURS: a parameter of the wrong type or shape */
  field: (what: string) => badRequest(what),
} as const;
