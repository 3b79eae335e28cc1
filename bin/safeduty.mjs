#!/usr/bin/env node
// SafeDuty CLI. In a source checkout it runs src/ through tsx (no build step needed), with the
// checkout's tsconfig.json whatever the working directory (its paths resolve the development
// packages, packages/*, to their sources); in a built image (no src/) it runs the compiled dist/.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
let mod;
if (fs.existsSync(src)) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  mod = await import(new URL('../src/cli.ts', import.meta.url).href);
} else {
  mod = await import(new URL('../dist/cli.js', import.meta.url).href);
}
process.exitCode = await mod.runCli(process.argv.slice(2));
