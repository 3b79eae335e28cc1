/**
 * `safeduty emulator feishu [--port N] [--app-id ID] [--app-secret S]` and
 * `safeduty emulator telegram [--port N] [--token T]`: run a local platform emulator standalone, so
 * that a person can point the bot (FEISHU_DOMAIN / TELEGRAM_API_ROOT) at it.
 */
import { startFeishuEmulator } from '@safeduty/feishu-emulator';
import { startTelegramEmulator } from '@safeduty/telegram-emulator';
import { AppError } from '../app/app-error.js';
import { parseOptions } from '../cli/options.js';

export async function emulator(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    port: { type: 'string' },
    'app-id': { type: 'string' },
    'app-secret': { type: 'string' },
    token: { type: 'string' },
  });
  const platform = positionals[0];
  if (platform !== 'feishu' && platform !== 'telegram')
    throw new AppError('USAGE', '用法：safeduty emulator feishu|telegram [--port N]（飞书或 Telegram 模拟器）');
  const port = values.port === undefined ? (platform === 'feishu' ? 3900 : 3901) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AppError('USAGE', `端口“${values.port}”应为 0–65535 的整数`);
  let emu: { close(): Promise<void> };
  if (platform === 'feishu') {
    const feishu = await startFeishuEmulator({
      port,
      ...(values['app-id'] ? { appId: values['app-id'] } : {}),
      ...(values['app-secret'] ? { appSecret: values['app-secret'] } : {}),
    });
    const app = feishu.app();
    console.log(`飞书模拟器已启动：${feishu.url}`);
    console.log(
      `让机器人连接它：FEISHU_DOMAIN=${feishu.url} FEISHU_APP_ID=${app.appId} FEISHU_APP_SECRET=${app.appSecret} npx ` +
        `safeduty serve`,
    );
    console.log(`控制接口：${feishu.url}/_emulator（见 docs/feishu-emulator.md）；按 Ctrl+C 停止`);
    emu = feishu;
  } else {
    const telegram = await startTelegramEmulator({ port, ...(values.token ? { token: values.token } : {}) }).catch(
      (e: unknown) => {
        throw new AppError('USAGE', `Telegram 模拟器无法启动：${e instanceof Error ? e.message : String(e)}`);
      },
    );
    console.log(`Telegram 模拟器已启动：${telegram.url}（机器人 @${telegram.bot().username}）`);
    console.log(
      `让机器人连接它：TELEGRAM_API_ROOT=${telegram.url} TELEGRAM_BOT_TOKEN=${telegram.bot().token} npx safeduty serve`,
    );
    console.log(`控制接口：${telegram.url}/_control（见 docs/telegram-emulator.md）；按 Ctrl+C 停止`);
    emu = telegram;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emu.close();
  return 0;
}
