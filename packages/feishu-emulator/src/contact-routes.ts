/**
 * 通过手机号或邮箱获取用户 ID (`POST /open-apis/contact/v3/users/batch_get_id`,
 * https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id), as its doc shows:
 * body `{emails?, mobiles?, include_resigned?}` (≤ 50 each), query `user_id_type` (default
 * open_id); the answer has one `user_list` entry per email and per mobile, in that order, with
 * `user_id` only for people the app can see (inside its 可用范围) and the `status` block. Needs the
 * scope contact:user.id:readonly (emulate its absence with `failWith: {code: 99991672}` on 'contact').
 */
import { FeishuApiError, FeishuCode } from './feishu-error.js';
import { parseJsonObject } from './http-io.js';
import type { OpenApiRoute, RouteContext } from './open-api-router.js';
import type { EmulatorUser } from './types.js';

const MAX_PER_LIST = 50;
const ID_TYPES = new Set(['open_id', 'union_id', 'user_id']);

function stringList(input: Record<string, unknown>, key: string): string[] {
  const v = input[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new FeishuApiError(
      400,
      FeishuCode.fieldValidation,
      `field validation failed: ${key} must be a list of strings`,
    );
  if (v.length > MAX_PER_LIST)
    throw new FeishuApiError(
      400,
      FeishuCode.fieldValidation,
      `field validation failed: ${key} has more than ${MAX_PER_LIST} items`,
    );
  return v as string[];
}

function batchGetId({ core, url, body }: RouteContext): unknown {
  const idType = url.searchParams.get('user_id_type') ?? 'open_id';
  if (!ID_TYPES.has(idType))
    throw new FeishuApiError(
      400,
      FeishuCode.fieldValidation,
      'field validation failed: user_id_type must be open_id, union_id or user_id',
    );
  const input = parseJsonObject(body);
  const emails = stringList(input, 'emails');
  const mobiles = stringList(input, 'mobiles');
  const idOf = (u: EmulatorUser): string =>
    idType === 'open_id' ? u.openId : idType === 'union_id' ? u.unionId : u.userId;
  const entry = (u: EmulatorUser | undefined): Record<string, unknown> =>
    // A person outside the app's availability looks like nobody: no user_id.
    u?.available
      ? {
          user_id: idOf(u),
          status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false },
        }
      : {};
  const userList = [
    ...emails.map((email) => ({ ...entry(undefined), email })), // the emulated users have no email
    ...mobiles.map((mobile) => ({ ...entry(core.directory.userByMobile(mobile)), mobile })),
  ];
  core.counters.idLookups += 1;
  return { code: 0, msg: 'success', data: { user_list: userList } };
}

export const contactRoutes: OpenApiRoute[] = [
  {
    method: 'POST',
    pattern: /^\/open-apis\/contact\/v3\/users\/batch_get_id$/,
    api: 'contact',
    auth: true,
    handle: batchGetId,
  },
];
