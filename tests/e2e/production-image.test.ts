/**
 * The production image holds the service and not the development tools (the sandbox, src/sandbox,
 * and the emulators, packages/*): the production build's file list, what the Dockerfile's final
 * stage copies, and the CLI run from the production files alone — it starts, and where the sandbox
 * would open it says in one line what to set instead.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/app-error.js';
import { DEV_TOOLS_MISSING, loadDevTools } from '../../src/cli/dev-tools.js';
import { tmpDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEV = /^(src\/sandbox\/|packages\/)/;

function run(
  cmd: string,
  args: string[],
  o: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: o.cwd, env: o.env ?? process.env, timeout: 120_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The environment without anything a developer's shell may carry into the child. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(FEISHU_|TELEGRAM_|DATABASE_URL|SANDBOX_|PORT$|HTTP_PORT$|SAFEDUTY_)/.test(k),
    ),
  );
}

/** The stage after the last FROM: the sources of its COPY instructions. */
function finalStageCopies(dockerfile: string): string[] {
  const stages = dockerfile.split(/^FROM\s/m);
  const last = stages[stages.length - 1] ?? '';
  return [...last.matchAll(/^COPY\s+(?:--\S+\s+)*(.+)$/gm)].flatMap((m) => {
    const parts = (m[1] ?? '').trim().split(/\s+/);
    return parts.slice(0, -1).map((p) => p.replace(/^\/app\//, '').replace(/^\.\//, ''));
  });
}

describe('the production image leaves the development tools out', () => {
  it('the production build (tsconfig.build.json) compiles no file of src/sandbox or packages/', {
    timeout: 180_000,
  }, async () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--listFilesOnly'], { cwd: ROOT });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const files = r.stdout
      .split('\n')
      .map((f) => path.relative(ROOT, f.trim()).split(path.sep).join('/'))
      .filter((f) => f && !f.startsWith('node_modules/') && !f.startsWith('..'));
    expect(files).toContain('src/cli.ts');
    expect(files).toContain('src/cli/dev-tools.ts');
    expect(files).toContain('src/main.ts');
    expect(files.filter((f) => DEV.test(f))).toEqual([]);
    // and the sources outside the tools are all there (the build does not silently shrink)
    expect(files.filter((f) => f.startsWith('src/')).length).toBeGreaterThan(100);
    // Migrations run through the typed runner: nothing in production loads Prisma's schema engine.
    const engine = files.filter(
      (f) =>
        f.startsWith('src/') &&
        /migrate-lib\.mjs['"]|schema-engine-wasm/.test(
          fs.readFileSync(path.join(ROOT, f), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, ''),
        ),
    );
    expect(engine).toEqual([]);
    const deps = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
        .dependencies,
    );
    expect(deps.filter((d) => d.startsWith('@safeduty/') || d === '@prisma/schema-engine-wasm')).toEqual([]);
  });

  it("the Dockerfile's final stage copies neither packages/ nor any source, and unlinks the packages", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const copies = finalStageCopies(dockerfile);
    expect(copies).toEqual(expect.arrayContaining(['node_modules', 'dist', 'bin', 'package.json']));
    for (const c of copies) expect(c, c).not.toMatch(/^(src|packages)(\/|$)/);
    // The build stage's node_modules, copied as is: no dev dependency and no workspace link left.
    expect(dockerfile).toMatch(/npm prune --omit=dev && rm -rf node_modules\/@safeduty/);
  });

  it('loads the development tools in a checkout, and names what to do where they are missing', {
    timeout: 120_000,
  }, async () => {
    const tools = await loadDevTools();
    expect(typeof tools.startSandbox).toBe('function');
    expect(typeof tools.emulator).toBe('function');
    const missing = await loadDevTools('../sandbox/not-installed.js').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).toBe('DEV_TOOLS_MISSING');
    expect((missing as AppError).message).toBe(DEV_TOOLS_MISSING);
    expect(DEV_TOOLS_MISSING).toMatch(/FEISHU_APP_ID.*TELEGRAM_BOT_TOKEN.*npm run sandbox/);
  });

  it('the CLI runs from the production files alone: help works; serve and emulator say what to set', {
    timeout: 180_000,
  }, async () => {
    // The checkout without the development tools: what the image has, as sources (bin runs src/ through tsx).
    const app = tmpDir('prod-files');
    const skip = (rel: string) => DEV.test(`${rel}/`) || DEV.test(rel);
    fs.cpSync(path.join(ROOT, 'src'), path.join(app, 'src'), {
      recursive: true,
      filter: (from) => !skip(path.relative(ROOT, from).split(path.sep).join('/')),
    });
    for (const f of ['bin', 'config', 'prisma', 'scripts'])
      fs.cpSync(path.join(ROOT, f), path.join(app, f), { recursive: true });
    for (const f of ['package.json', 'tsconfig.json']) fs.copyFileSync(path.join(ROOT, f), path.join(app, f));
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(app, 'node_modules'));
    expect(fs.existsSync(path.join(app, 'src/sandbox'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'packages'))).toBe(false);

    const env = cleanEnv();
    const help = await run(process.execPath, ['bin/safeduty.mjs', 'help'], { cwd: app, env });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('serve');

    fs.writeFileSync(
      path.join(app, 'config/safeduty.yaml'),
      `http: { port: 0 }\nsandbox:\n  database: file:${app}/data/sandbox.db\n`,
    );
    const [serve, emulator] = await Promise.all([
      run(process.execPath, ['bin/safeduty.mjs', 'serve', '--config', 'config'], { cwd: app, env }),
      run(process.execPath, ['bin/safeduty.mjs', 'emulator', 'feishu', '--port', '0'], { cwd: app, env }),
    ]);
    for (const r of [serve, emulator]) {
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toContain('错误（DEV_TOOLS_MISSING）');
      expect(r.stderr).toContain('FEISHU_APP_ID');
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // one line, no stack
    }
  });
});
