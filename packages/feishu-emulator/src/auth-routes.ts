/**
 * Identity endpoints: tenant_access_token, the long-connection endpoint (AppID/AppSecret → ws URL
 * + ClientConfig) and the bot's own info. Credential failures answer HTTP 200 with a non-zero code,
 * as Feishu does for these endpoints.
 */
import { FeishuApiError, FeishuCode } from './feishu-error.js';
import { parseJsonObject } from './http-io.js';
import type { OpenApiRoute, RouteContext } from './open-api-router.js';

/** Codes the SDK's WSClient knows (`ErrorCode` in its source). */
const WsCode = { authFailed: 514, busy: 1000040343, connLimit: 1000040350 } as const;

function issueTenantToken({ core, body }: RouteContext): unknown {
  const input = parseJsonObject(body);
  if (input['app_id'] !== core.app.appId)
    throw new FeishuApiError(200, FeishuCode.appIdInvalid, 'invalid param: app_id not found');
  if (input['app_secret'] !== core.opts.appSecret)
    throw new FeishuApiError(200, FeishuCode.appSecretInvalid, 'app secret invalid');
  const issued = core.tokens.issue();
  if (issued.fresh) core.counters.tokensIssued += 1;
  return { code: 0, msg: 'ok', tenant_access_token: issued.token, expire: issued.expire };
}

/**
 * The SDK destructures `data.URL` even from error replies: without a `data` object it throws,
 * and a throw is treated as retryable — so errors carry `data: {}` to reach its code handling.
 */
function wsEndpoint({ core, body }: RouteContext): unknown {
  const input = parseJsonObject(body);
  if (input['AppID'] !== core.app.appId || input['AppSecret'] !== core.opts.appSecret) {
    return { code: WsCode.authFailed, msg: 'auth failed: AppID or AppSecret is wrong', data: {} };
  }
  if (core.faults.takeEndpointBusy()) return { code: WsCode.busy, msg: 'internal error (emulated)', data: {} };
  if (core.gateway.connectionCount() >= core.opts.ws.maxConnections) {
    return { code: WsCode.connLimit, msg: `the app has ${core.opts.ws.maxConnections} connections already`, data: {} };
  }
  return {
    code: 0,
    msg: 'ok',
    data: { URL: core.gateway.issueUrl(core.baseUrl), ClientConfig: core.gateway.clientConfig() },
  };
}

function botInfo({ core }: RouteContext): unknown {
  return {
    code: 0,
    msg: 'ok',
    bot: {
      activate_status: 2,
      app_name: core.app.botName,
      avatar_url: '',
      ip_white_list: [],
      open_id: core.app.botOpenId,
    },
  };
}

export const authRoutes: OpenApiRoute[] = [
  {
    method: 'POST',
    pattern: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/,
    api: 'token',
    auth: false,
    handle: issueTenantToken,
  },
  { method: 'POST', pattern: /^\/callback\/ws\/endpoint$/, api: 'wsEndpoint', auth: false, handle: wsEndpoint },
  { method: 'GET', pattern: /^\/open-apis\/bot\/v3\/info$/, api: 'botInfo', auth: true, handle: botInfo },
];
