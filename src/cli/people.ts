/**
 * `safeduty people invite <姓名|手机号>`: a one-time code (24 h) that the person sends to the bot as
 * “绑定 <code>” to bind their chat account.
 */

import { systemClock } from '../adapters/clock/system-clock.js';
import { randomIds } from '../adapters/ids/random-ids.js';
import { AppError } from '../app/app-error.js';
import { createInvite } from '../app/commands/invite.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';
import { telegramGetMe } from './probe-channel.js';

export async function people(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {});
  const [verb, ...rest] = positionals;
  if (verb !== 'invite' || rest.length === 0)
    throw new AppError('USAGE', '用法：safeduty people invite <姓名或手机号>');
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    await store.applyUnits(config.units, systemClock.now());
    const query = rest.join(' ');
    const found = await store.findPeople(query);
    if (found.length === 0)
      throw new AppError('NOT_FOUND', `找不到“${query}”：请确认姓名或手机号，人员在单位配置文件或导入的名单中`);
    if (found.length > 1)
      throw new AppError(
        'USAGE',
        `有 ${found.length} 人名为“${query}”，` +
          `请改用手机号：${found.map((p) => p.mobile.replace(/^(\d{3})\d{4}/, '$1****')).join('、')}`,
      );
    const p = found[0]!;
    const { code, expiresAt } = await createInvite({ store, ids: randomIds }, p.id, systemClock.now());
    console.log(`${p.name} 的邀请码：${code}`);
    console.log(`请其在飞书或 Telegram 中向机器人发送：绑定 ${code}`);
    // Telegram: a deep link binds in one tap (https://core.telegram.org/bots/features#deep-linking).
    const bot = config.service.channels.telegram.token
      ? await telegramGetMe(config.service).catch(() => undefined)
      : undefined;
    if (bot?.result?.username)
      console.log(`Telegram：也可打开 https://t.me/${bot.result.username}?start=${code} 并点“开始”（Start）`);
    console.log(`有效期至 ${expiresAt.toISOString()}，只能使用一次。`);
  } finally {
    await store.close();
  }
  return 0;
}
