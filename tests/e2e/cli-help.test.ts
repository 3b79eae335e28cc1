/**
 * The command line as an operator meets it, reading only README.md and `safeduty help`: every command
 * of README's “Command line” block is in the help with the same options, `safeduty <command> --help`
 * shows that command, and a mistyped option or a bad port is refused in Chinese with the usage.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli.js';

const README = fs.readFileSync('README.md', 'utf8');
/** `npx safeduty …` lines of the README's “Command line” block. */
const readmeLines = /## Command line\n\n```\n([\s\S]*?)```/
  .exec(README)![1]!
  .split('\n')
  .filter((l) => l.startsWith('npx safeduty '))
  .map((l) => l.slice('npx safeduty '.length));
const flags = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);
/** The command a README line is about: the longest name of the command table it starts with. */
const commandOf = (line: string) =>
  Object.keys(COMMANDS)
    .filter((k) => line === k || line.startsWith(`${k} `))
    .sort((a, b) => b.length - a.length)[0];

describe('the command line as README.md and the help say', () => {
  let out: string[];
  let spies: MockInstance[];
  beforeEach(() => {
    out = [];
    const keep = (...a: unknown[]) => void out.push(a.join(' '));
    spies = [vi.spyOn(console, 'log').mockImplementation(keep), vi.spyOn(console, 'error').mockImplementation(keep)];
  });
  afterEach(() => {
    for (const s of spies) s.mockRestore();
  });

  it('lists every command, and the README block names each with the options the help gives it', async () => {
    expect(await runCli(['help'])).toBe(0);
    const help = out.join('\n');
    const documented = new Map<string, Set<string>>();
    for (const line of readmeLines.filter((l) => !l.startsWith('<command>'))) {
      const key = commandOf(line);
      expect(key, `README line “${line}” is a command of the table`).toBeDefined();
      const usage = COMMANDS[key!]!.usage;
      expect(help).toContain(usage);
      for (const f of flags(line.split(/\s{3,}/)[0]!)) expect(usage, `${f} in the usage of ${key}`).toContain(f);
      documented.set(key!, new Set([...(documented.get(key!) ?? []), ...flags(line)]));
    }
    for (const [key, c] of Object.entries(COMMANDS)) {
      if (key === 'migrate') continue; // the alias of db migrate
      expect(documented.has(key), `README's Command line block shows ${key}`).toBe(true);
      for (const f of flags(c.usage))
        if (f !== '--config') expect(documented.get(key), `README shows ${key} ${f}`).toContain(f);
    }
  });

  it('shows one command with --help or -h, for every command', async () => {
    for (const [key, c] of Object.entries(COMMANDS)) {
      out.length = 0;
      expect(await runCli([...key.split(' '), key === 'outbox' ? 'list' : '', '-h'].filter(Boolean))).toBe(0);
      expect(out.join('\n')).toBe(`用法：safeduty ${c.usage}\n\n${c.summary}`);
    }
    out.length = 0;
    expect(await runCli(['serve', '--help'])).toBe(0);
    expect(out.join('\n')).toContain('--port N');
  });

  it('refuses a mistyped option, a missing value and a bad port in Chinese, with the usage', async () => {
    expect(await runCli(['outbox', 'list', '--frob'])).toBe(2);
    expect(out.join('\n')).toBe(`未知选项 --frob\n用法：safeduty ${COMMANDS.outbox!.usage}`);
    out.length = 0;
    expect(await runCli(['backup', '--out'])).toBe(2);
    expect(out.join('\n')).toBe(`选项 --out 需要一个值\n用法：safeduty ${COMMANDS.backup!.usage}`);
    out.length = 0;
    expect(await runCli(['health', '--port', 'abc'])).toBe(1);
    expect(out.join('\n')).toBe('错误（USAGE）：--port “abc”应为 0–65535 的整数，例如 --port 3000');
    out.length = 0;
    expect(await runCli(['serve', '--port', '70000', '--config', 'config/demo'])).toBe(1);
    expect(out.join('\n')).toBe('错误（USAGE）：--port “70000”应为 0–65535 的整数，例如 --port 3000');
  });
});
