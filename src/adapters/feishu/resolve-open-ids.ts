/**
 * open_ids are per app: an id copied from another app (or typed by hand) fails with 99992361. So
 * each person's open_id for THIS app is asked from Feishu by the mobile number in the unit file or
 * ledger, with 通过手机号或邮箱获取用户 ID (POST /open-apis/contact/v3/users/batch_get_id,
 * https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id): scope
 * contact:user.id:readonly, at most 50 mobiles per request, one `user_list` entry per mobile with
 * `user_id` (here the open_id) only for people the app may see (inside its 可用范围, not resigned).
 * Runs at start and on `safeduty config apply`; 绑定 stays the fallback for anyone not found.
 */
import { ChannelError } from '../../app/channel-error.js';
import type { InboxStore, Logger } from '../../app/ports.js';
import { checkBody, classifyFeishuError } from './classify-error.js';
import type { FeishuClient } from './feishu-client.js';

const PER_REQUEST = 50;
/** “Access denied. One of the following scopes is required: […]” (服务端通用错误码) */
const SCOPE_MISSING = 99991672;

export interface ResolveResult {
  asked: number;
  bound: number;
  replaced: number;
  unchanged: number;
  /** names of people Feishu did not return (no account, outside 可用范围, resigned) */
  notFound: string[];
  /** personId → the open_id Feishu returned */
  found: Map<string, string>;
}

/** Everyone, or only `personIds` (a recipient found unbound or bound to another app's id at send time). */
export async function resolveOpenIds(
  feishu: FeishuClient,
  store: InboxStore,
  now: Date,
  log: Logger,
  personIds?: string[],
): Promise<ResolveResult> {
  const people = await store.peopleWithMobiles('feishu', personIds);
  const result: ResolveResult = {
    asked: people.length,
    bound: 0,
    replaced: 0,
    unchanged: 0,
    notFound: [],
    found: new Map(),
  };
  const byMobile = await findByMobile(
    feishu,
    people.map((p) => p.mobile),
  );
  for (const p of people) {
    const openId = byMobile.get(p.mobile);
    if (!openId) {
      result.notFound.push(p.name);
      continue;
    }
    result.found.set(p.id, openId);
    const r = await store.bindResolvedIdentity('feishu', p.id, openId, now);
    result[r.outcome] += 1;
    if (r.outcome === 'replaced')
      log.warn(
        { personId: p.id, openId, replaced: r.replaced },
        'feishu: the open_id found by mobile replaces a configured one (open_ids are per app)',
      );
  }
  return result;
}

/** mobile → open_id for the mobiles Feishu knows and lets this app see (read-only; 50 per request). */
export async function findByMobile(feishu: FeishuClient, mobiles: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < mobiles.length; i += PER_REQUEST) {
    const slice = mobiles.slice(i, i + PER_REQUEST);
    const list = await lookup(feishu, slice);
    for (const [j, mobile] of slice.entries()) {
      // Entries come back in the order asked; match on the echoed mobile when it is there.
      const hit = list.find((u) => u.mobile === mobile) ?? (list[j]?.mobile === undefined ? list[j] : undefined);
      if (hit?.user_id) found.set(mobile, hit.user_id);
    }
  }
  return found;
}

async function lookup(feishu: FeishuClient, mobiles: string[]): Promise<{ user_id?: string; mobile?: string }[]> {
  try {
    const res = checkBody(
      await feishu.client.contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { mobiles } }),
      '按手机号查询用户',
    );
    return res.data?.user_list ?? [];
  } catch (e) {
    const code =
      (e as { response?: { data?: { code?: number } } }).response?.data?.code ??
      (e instanceof ChannelError ? e.code : undefined);
    if (code === SCOPE_MISSING) {
      throw new ChannelError(
        '飞书应用缺少权限 contact:user.id:readonly（通过手机号或邮箱获取用户 ID）：请在开发者后台「权限管理」开通并发布新版本；在此之前请用“绑定 邀请码”绑定',
        false,
        undefined,
        code,
      );
    }
    throw classifyFeishuError(e);
  }
}

/** One line for the log and the CLI. */
export function describeResolution(r: ResolveResult): string {
  const missing = r.notFound.length
    ? `；未找到 ${r.notFound.length} 人（${r.notFound.slice(0, 10).join('、')}${r.notFound.length > 10 ? '…' : ''}）：` +
      `请核对手机号与应用可用范围，或让其发送“绑定 邀请码”`
    : '';
  return `飞书账号按手机号匹配：${r.asked} 人，新绑定 ${r.bound}，更正 ${r.replaced}，不变 ${r.unchanged}${missing}`;
}
