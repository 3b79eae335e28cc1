/**
 * The development tools — the sandbox and the standalone platform emulators — are loaded only when a
 * command asks for them. They live in src/sandbox and packages/* (npm workspaces, devDependencies),
 * which the production build (tsconfig.build.json) and image (Dockerfile) leave out: nothing else in
 * src imports them (scripts/lint.mjs), and this module reaches them through a computed specifier,
 * so the compiler does not pull them into dist/. Where they are absent, one line says what to do.
 */
import { AppError } from '../app/app-error.js';
import type { Logger } from '../app/ports.js';
import type { Config } from '../config/load-config.js';
import type { Service } from '../main.js';

export interface SandboxStartOptions {
  log: Logger;
  /** clock start; default `sandbox.clock_start`, else the next working day before the daily opening */
  start?: Date;
  /** virtual seconds per real second (default 1) */
  rate?: number;
}

/** What src/sandbox/dev-tools.ts provides (it declares itself of this type, so tsc checks both sides). */
export interface DevTools {
  startSandbox(config: Readonly<Config>, o: SandboxStartOptions): Promise<Service>;
  emulator(args: string[]): Promise<number>;
}

/** Relative to this file, in src/ (through tsx) as in dist/. */
export const DEV_TOOLS_ENTRY = '../sandbox/dev-tools.js';

export const DEV_TOOLS_MISSING =
  '本安装不含沙盒和飞书/Telegram 模拟器（它们是开发工具，生产镜像不带）。' +
  '上线：请配置飞书凭证（FEISHU_APP_ID、FEISHU_APP_SECRET）或 Telegram 凭证（TELEGRAM_BOT_TOKEN）；' +
  '试用：在源码目录运行 npm install，再运行 npm run sandbox。' +
  ' (The sandbox and the emulators are development tools and are not installed here.)';

/** Loads the development tools, or throws DEV_TOOLS_MISSING when this installation has none. */
export async function loadDevTools(entry: string = DEV_TOOLS_ENTRY): Promise<DevTools> {
  try {
    const mod = (await import(entry)) as { devTools: DevTools };
    return mod.devTools;
  } catch (e) {
    if (isMissingDevModule(e, entry)) throw new AppError('DEV_TOOLS_MISSING', DEV_TOOLS_MISSING, { entry });
    throw e;
  }
}

/** The entry itself or a development package (@safeduty/…) not found; any other failure is a real bug. */
function isMissingDevModule(e: unknown, entry: string): boolean {
  const err = e as { code?: string; message?: string } | null;
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') return false;
  const message = err.message ?? '';
  return message.includes('@safeduty/') || message.includes(entry.replace(/^(\.\.\/)+/, '').replace(/\.js$/, ''));
}
