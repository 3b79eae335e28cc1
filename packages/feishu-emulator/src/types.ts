/**
 * Data types of the Feishu emulator's driver API (in-process and `/_emulator/...` JSON). These are
 * emulator views, not Feishu payloads: ids keep Feishu's shapes (`ou_…`, `oc_…`, `om_…`).
 */

/** A card as JSON (schema 2.0). */
export type CardJson = Record<string, unknown>;

/** A person of the emulated tenant. */
export interface EmulatorUser {
  openId: string;
  userId: string;
  unionId: string;
  name: string;
  /** mainland mobile number (11 digits) or +<country code>…, for contact/v3/users/batch_get_id */
  mobile?: string;
  /**
   * the same person's open_id under ANOTHER app of the tenant (open_ids are per app): sending to it
   * fails with 99992361 “open_id cross app”
   */
  otherAppOpenId: string;
  /** false = outside the app's availability (or resigned): sends to them fail with 230013 */
  available: boolean;
  /** true = the user blocked the bot: sends to them fail with 230053 */
  blockedBot: boolean;
}

export interface NewUser {
  name: string;
  mobile?: string;
  openId?: string;
  userId?: string;
  unionId?: string;
  available?: boolean;
  blockedBot?: boolean;
}

export interface EmulatorChat {
  chatId: string;
  type: 'p2p' | 'group';
  name: string;
  memberOpenIds: string[];
  /** sends to a group the bot is not in fail with 230002 */
  botIsMember: boolean;
}

export interface NewGroup {
  name: string;
  /** open_ids of the human members */
  members: string[];
  chatId?: string;
  botIsMember?: boolean;
}

export type MessageSender = { type: 'app'; appId: string } | { type: 'user'; openId: string };

export interface MentionView {
  key: string;
  openId: string;
  name: string;
}

/** A message as the emulator stores it; for cards, `card` is the CURRENT state. */
/** A message without its content (MessageStore.heads). */
export type MessageHead = Pick<StoredMessage, 'messageId' | 'chatId' | 'msgType' | 'createTime'>;

export interface StoredMessage {
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  msgType: string;
  sender: MessageSender;
  /** the content JSON string as Feishu stores it (for cards: the current card) */
  content: string;
  /** interactive messages: the current card after patches, callback answers and delayed updates */
  card?: CardJson;
  mentions?: MentionView[];
  uuid?: string;
  createTime: number;
  updateTime: number;
  /** how many times the card was replaced */
  updates: number;
}

export interface Toast {
  type: 'info' | 'success' | 'error' | 'warning';
  content: string;
  i18n?: Record<string, string>;
}

export type FormFieldValue = string | string[] | boolean;

/** A user's interaction with a stored card. */
export interface CardActionRequest {
  messageId: string;
  /** open_id of the acting user */
  user: string;
  /** `name` or `element_id` of the element the user touches */
  element: string;
  /** select/date picker option, input text, checker state or multi-select values; unused for buttons */
  value?: FormFieldValue;
  /** a form submit: field name → value (fields with defaults in the card may be left out) */
  form?: Record<string, FormFieldValue>;
}

/** Why an action did not complete, from the user's point of view. */
export type CardActionFailure =
  | 'required_missing'
  | 'invalid_value'
  | 'disabled'
  | 'no_callback'
  | 'expired'
  | 'timeout'
  | 'no_receiver'
  | 'bot_error'
  | 'invalid_answer';

export interface CardActionResult {
  /** the callback reached the bot and its answer arrived in time and was valid */
  ok: boolean;
  failure?: CardActionFailure;
  /** error code the Feishu client would show (200671 late answer, 200340 bad answer/unreachable) */
  errorCode?: number;
  detail?: string;
  /** required form fields left empty; the callback never reached the bot */
  missing?: string[];
  eventId?: string;
  /** delayed-update token carried by the callback (`c-…`) */
  token?: string;
  /** the bot's answer as received (decoded JSON) */
  answer?: unknown;
  toast?: Toast;
  /** the card of the answer (`card.type: "raw"`), now the message's current card */
  card?: CardJson;
  message: StoredMessage;
}

/** A user typing into a chat. */
export interface UserMessageRequest {
  /** open_id of the sender */
  from: string;
  text: string;
  /** group chat id; omitted → the p2p chat of the user with the bot */
  chatId?: string;
  /** in a group: prefix the text with an @bot mention (`@_user_1` + `mentions`) */
  mentionBot?: boolean;
}

export interface UserMessageResult {
  message: StoredMessage;
  /** id of the `im.message.receive_v1` event, when one was pushed */
  eventId?: string;
  /** the first push was acknowledged in time (re-pushes may follow when not) */
  delivered: boolean;
  /** why no event was pushed (a group message that does not @mention the bot) */
  skipped?: 'not_addressed';
}

export type DeliveryOutcome = 'ok' | 'timeout' | 'error' | 'no_receiver';

export interface DeliveryRecord {
  eventId: string;
  eventType: string;
  attempt: number;
  transport: 'ws' | 'webhook';
  outcome: DeliveryOutcome;
  at: number;
}

export interface EmulatorCounters {
  tokensIssued: number;
  /** message.create requests received (raw: includes de-duplicated and refused ones, even 429s and auth failures) */
  sends: number;
  messagesCreated: number;
  /** message.create calls answered from the `uuid` cache */
  dedupedSends: number;
  patches: number;
  delayedUpdates: number;
  /** cards replaced by a callback answer */
  callbackCardUpdates: number;
  uploads: number;
  /** message resources (pictures users sent) downloaded by the bot */
  downloads: number;
  /** contact/v3/users/batch_get_id calls answered */
  idLookups: number;
  /** error responses of the Open API by Feishu code */
  rejections: Record<string, number>;
  /** event push attempts (first pushes and re-pushes) */
  eventPushes: number;
  eventsAcknowledged: number;
  eventRepushes: number;
  callbacks: number;
  callbacksFailed: number;
  /** answers that arrived after the deadline (ignored, as Feishu does) */
  lateAnswers: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  code: number;
  at: number;
}

/** An image a user sent in a chat (message_type image): its bytes, served by the message resource API. */
export interface SentImage {
  imageKey: string;
  messageId: string;
  bytes: Buffer;
}

export interface UserImageRequest {
  /** open_id of the sender */
  from: string;
  /** the picture as the Feishu client uploads it (any bytes: the bot is the one to judge them) */
  bytes: Buffer;
  /** group chat id; omitted → the p2p chat of the user with the bot */
  chatId?: string;
}

export interface UploadedFile {
  fileKey: string;
  fileName: string;
  fileType: string;
  size: number;
  bytes: Buffer;
}
