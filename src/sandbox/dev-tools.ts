/**
 * The entry of the development tools, loaded by src/cli/dev-tools.ts only when `serve` opens the
 * sandbox or `safeduty sandbox` / `safeduty emulator` runs. Not part of the production build.
 */
import type { DevTools } from '../cli/dev-tools.js';
import { emulator } from './emulator-command.js';
import { startSandbox } from './sandbox-mode.js';

export const devTools: DevTools = { startSandbox, emulator };
