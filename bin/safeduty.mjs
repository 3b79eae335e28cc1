#!/usr/bin/env node
// SafeDuty CLI. In a source checkout it runs src/ through tsx (no build step needed);
// in a built image (no src/) it runs the compiled dist/.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
let mod;
if (fs.existsSync(src)) {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(new URL('../src/cli.ts', import.meta.url).href);
} else {
  mod = await import(new URL('../dist/cli.js', import.meta.url).href);
}
process.exitCode = await mod.runCli(process.argv.slice(2));
