/**
 * What the operator sees of a running service, after a scripted day in the sandbox (the real engine,
 * the real Feishu SDK against the emulator): /metrics with the outbox, sends, ticks, callback times
 * and tasks by kind; /readyz with each check; /healthz.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

/** `name{a="x",b="y"} 3` lines → samples. */
function parseMetrics(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l)!;
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

describe('the operator view after a scripted day', () => {
  let sandbox: Sandbox;
  let root: string;
  const api = async (path: string, body: unknown) =>
    (
      await fetch(`${root}/sandbox/api${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      })
    ).json() as Promise<Record<string, unknown>>;
  const metrics = async () => parseMetrics(await (await fetch(`${root}/metrics`)).text());
  const value = (samples: Awaited<ReturnType<typeof metrics>>, name: string, labels: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((n, s) => n + s.value, 0);

  beforeAll(async () => {
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: file:${tmpDir('ops')}` +
        `/sandbox.db\n  clock_start: "2026-12-01T08:25:00+08:00"\n`,
    });
    sandbox = await startSandbox(loadConfig({ dir, env: {} }), { log: silentLog, tickEveryMs: 60_000 });
    root = `http://127.0.0.1:${sandbox.port}`;
  }, 60_000);
  afterAll(async () => sandbox?.stop());

  it('is alive and ready: database, the Feishu long connection, a recent tick, no backlog', async () => {
    expect(await (await fetch(`${root}/healthz`)).json()).toMatchObject({ ok: true });
    const r = await fetch(`${root}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      ok: true,
      checks: {
        database: { ok: true },
        'channel:feishu': { ok: true, detail: 'ready' },
        tick: { ok: true },
        outbox: { ok: true, detail: '无积压' },
      },
    });
    // Every series an alert watches is there from the start, at 0: the first dead letter is an increase.
    const start = await metrics();
    const series = (name: string, labels: Record<string, string>) =>
      start.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
    expect(series('safeduty_dead_letters_total', { channel: 'feishu', purpose: 'prompt' })).toHaveLength(1);
    expect(value(start, 'safeduty_dead_letters_total')).toBe(0);
    expect(series('safeduty_message_failures_total', { channel: 'feishu', outcome: 'unreachable' }).length).toBe(6);
    for (const kind of ['daily', 'weekly', 'monthly', 'hazard', 'advice', 'resolution'])
      expect(series('safeduty_tasks_missed', { kind })).toHaveLength(1);
    // The container's HEALTHCHECK: `safeduty health` on the port, and a port nobody serves.
    const quiet = [
      vi.spyOn(console, 'log').mockImplementation(() => {}),
      vi.spyOn(console, 'error').mockImplementation(() => {}),
    ];
    try {
      expect(await runCli(['health', '--port', String(sandbox.port)])).toBe(0);
      expect(await runCli(['health', '--ready', '--port', String(sandbox.port)])).toBe(0);
      expect(await runCli(['health', '--port', '1'])).toBe(1);
    } finally {
      for (const q of quiet) q.mockRestore();
    }
  });

  it('counts sends, ticks, callback answers, the outbox and the day’s tasks by kind', async () => {
    await api('/clock', { advance: 'next' }); // 08:30: the daily cards leave
    const firstCard = async (person: string) =>
      (
        (await (await fetch(`${root}/sandbox/api/messages?person=${encodeURIComponent(person)}`)).json()) as {
          id: string;
        }[]
      )[0]!.id;
    expect(await api('/act', { person: '张三', messageId: await firstCard('张三'), element: 'd1_zero' })).toMatchObject(
      { ok: true, toast: { type: 'success' } },
    );
    await api('/clock', { set: '2026-12-01T18:00:00+08:00' }); // past the 17:30 due time
    expect(value(await metrics(), 'safeduty_tasks_overdue', { kind: 'daily' })).toBe(8);
    expect(await api('/act', { person: '赵敏', messageId: await firstCard('赵敏'), element: 'd1_zero' })).toMatchObject(
      { ok: true, toast: { type: 'success', content: expect.stringContaining('逾期提交') } },
    );
    await api('/clock', { set: '2026-12-02T00:10:00+08:00' }); // the day closed: the unanswered checks are missed
    const m = await metrics();
    // The weekly card at 08:25 and three officers' daily cards at 08:30; 15:30 reminders to the three,
    // 17:30 the director told, 20:30 the principal: the process's counters and the database agree.
    for (const [purpose, n] of [
      ['prompt', 4],
      ['reminder', 3],
      ['escalation', 2],
    ] as const) {
      expect(value(m, 'safeduty_messages_sent_total', { channel: 'feishu', purpose })).toBe(n);
      expect(value(m, 'safeduty_outbox_messages', { state: 'sent', channel: 'feishu', purpose })).toBe(n);
    }
    expect(value(m, 'safeduty_message_failures_total')).toBe(0);
    expect(value(m, 'safeduty_dead_letters_total')).toBe(0);
    expect(value(m, 'safeduty_outbox_messages', { state: 'pending' })).toBe(0);
    // 9 daily checks (the paused device's too, for its paused items): 张三 on time, 赵敏 late, 7 missed at the close.
    expect(value(m, 'safeduty_tasks_due', { kind: 'daily' })).toBe(9);
    expect(value(m, 'safeduty_tasks_done', { kind: 'daily' })).toBe(2);
    expect(value(m, 'safeduty_tasks_late', { kind: 'daily' })).toBe(1);
    expect(value(m, 'safeduty_tasks_missed', { kind: 'daily' })).toBe(7);
    expect(value(m, 'safeduty_tasks_overdue', { kind: 'daily' })).toBe(0);
    expect(value(m, 'safeduty_tick_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(value(m, 'safeduty_callback_answer_seconds_count', { channel: 'feishu' })).toBe(2);
    expect(value(m, 'safeduty_callback_answer_seconds_bucket', { channel: 'feishu', le: '2.5' })).toBe(2);
    expect(value(m, 'safeduty_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
