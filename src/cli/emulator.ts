/**
 * `safeduty emulator feishu [--port N] [--app-id ID] [--app-secret S]`: runs the local Feishu Open
 * Platform emulator standalone, so that a person can point the bot (FEISHU_DOMAIN) at it.
 */
import { startFeishuEmulator } from '../sandbox/feishu-emulator/index.js';
import { AppError } from '../app/app-error.js';
import { parseOptions } from './options.js';

export async function emulator(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { port: { type: 'string' }, 'app-id': { type: 'string' }, 'app-secret': { type: 'string' } });
  if (positionals[0] !== 'feishu') throw new AppError('USAGE', '用法：safeduty emulator feishu [--port N]（目前提供飞书模拟器）');
  const port = values.port === undefined ? 3900 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('USAGE', `端口“${values.port}”应为 0–65535 的整数`);
  const emu = await startFeishuEmulator({ port, ...(values['app-id'] ? { appId: values['app-id'] } : {}), ...(values['app-secret'] ? { appSecret: values['app-secret'] } : {}) });
  const app = emu.app();
  console.log(`飞书模拟器已启动：${emu.url}`);
  console.log(`让机器人连接它：FEISHU_DOMAIN=${emu.url} FEISHU_APP_ID=${app.appId} FEISHU_APP_SECRET=${app.appSecret} npx safeduty serve`);
  console.log(`控制接口：${emu.url}/_emulator（见 docs/feishu-emulator.md）；按 Ctrl+C 停止`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emu.close();
  return 0;
}
