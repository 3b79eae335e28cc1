/**
 * Delayed card update (`POST /open-apis/interactive/v1/card/update`): the bot replaces the card a
 * user acted on, using the token from that callback (30 minutes, two uses). Updates apply in
 * arrival order, so one sent before the callback answer is overwritten by an answer that carries
 * a card — the "update reverts" that Feishu warns about.
 */
import { asObject } from './card-elements.js';
import { checkCard } from './card-validator.js';
import { FeishuApiError, FeishuCode } from './feishu-error.js';
import { parseJsonObject, requireString } from './http-io.js';
import type { OpenApiRoute, RouteContext } from './open-api-router.js';

function updateCard({ core, body }: RouteContext): unknown {
  const input = parseJsonObject(body);
  const token = requireString(input, 'token');
  const raw = asObject(input['card']);
  if (!raw)
    throw new FeishuApiError(
      400,
      FeishuCode.fieldValidation,
      'field validation failed: card must be a card object (not a string)',
    );
  // `open_ids` selects users for non-shared cards; shared (2.0) cards update for everyone.
  const { open_ids: _openIds, ...card } = raw;
  const checked = checkCard(card);
  const messageId = core.cardTokens.spend(token);
  core.messages.replaceCard(messageId, checked);
  core.counters.delayedUpdates += 1;
  return { code: 0, msg: 'success' };
}

export const cardUpdateRoutes: OpenApiRoute[] = [
  {
    method: 'POST',
    pattern: /^\/open-apis\/interactive\/v1\/card\/update$/,
    api: 'cardUpdate',
    auth: true,
    handle: updateCard,
  },
];
