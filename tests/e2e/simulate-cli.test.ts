/** `safeduty simulate` as an administrator runs it: the real CLI in a child process. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (args: string[]) =>
  execFileSync(process.execPath, ['bin/safeduty.mjs', 'simulate', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('safeduty simulate', () => {
  it('prints JSON lines with the documented fields', () => {
    const lines = run([
      '--from',
      '2026-12-01',
      '--to',
      '2026-12-02',
      '--config',
      'config/demo',
      '--answers',
      'docs/examples/answers-december.yaml',
      '--json',
    ])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const prompt = lines.find((l) => l.event === 'prompt' && l.task === 'daily')!;
    expect(prompt).toMatchObject({ at: '2026-12-01T00:30:00.000Z', period: '2026-12-01', unit: 'wanjia-property' });
    expect(prompt.to).toMatchObject({ role: 'officer' });
    expect((prompt.devices as string[]).length).toBe(3);
    const record = lines.find((l) => l.event === 'record')!;
    expect(record).toMatchObject({
      at: '2026-12-01T00:45:00.000Z',
      task: 'daily',
      by: { name: '赵敏', role: 'officer' },
    });
    for (const l of lines)
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['at', 'event', 'task', 'period', 'unit', 'text']));
  });

  it('prints a readable day-by-day account', () => {
    const out = run(['--from', '2026-12-04', '--to', '2026-12-04', '--config', 'config/demo']);
    expect(out).toContain('── 2026-12-04 周五 ──');
    expect(out).toContain('17:30 催办升级 → 李明（安全总监） 日管控：');
    expect(out).toContain('20:30 催办升级 → 王建国（主要负责人） 日管控：');
  });

  it('explains a bad answers script and exits non-zero', () => {
    expect(() =>
      execFileSync(
        process.execPath,
        [
          'bin/safeduty.mjs',
          'simulate',
          '--from',
          '2026-12-01',
          '--to',
          '2026-12-02',
          '--config',
          'config/demo',
          '--answers',
          'package.json',
        ],
        { encoding: 'utf8', stdio: 'pipe' },
      ),
    ).toThrow(/配置有 \d+ 处错误/);
  });
});
