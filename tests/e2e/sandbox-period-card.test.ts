/**
 * The weekly card as the director sees it in the sandbox: its numbers are of the week it names,
 * labelled with the instant they were counted; days later 刷新数据 counts them again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { decodeEntities } from '../feishu/cards/card-helpers.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

interface Msg {
  id: string;
  card?: { header: { title: { content: string } } };
  updates: number;
}

/** Every text of a card, in order, markdown entities (`&#45;`) as the character a person sees. */
const texts = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) =>
      k === 'content' && typeof v === 'string' ? [decodeEntities(v)] : texts(v),
    );
  return [];
};

describe('the weekly card’s numbers in the sandbox', () => {
  let sandbox: Sandbox;
  let base: string;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  const weekly = async () =>
    ((await call('GET', `/messages?person=${encodeURIComponent('李明')}`)) as unknown as Msg[]).find((m) =>
      m.card?.header.title.content.includes('周排查'),
    )!;

  beforeAll(async () => {
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: file:${tmpDir('sandbox')}` +
        `/sandbox.db\n  clock_start: "2026-12-01T09:00:00+08:00"\n`,
    });
    sandbox = await startSandbox(loadConfig({ dir, env: {} }), { log: silentLog, tickEveryMs: 60_000 });
    base = `http://127.0.0.1:${sandbox.port}/sandbox/api`;
  }, 60_000);
  afterAll(async () => sandbox?.stop());

  it('shows W49 so far, as of its delivery, never 本周 for another week', async () => {
    const text = texts((await weekly()).card).join('\n');
    expect(text).toContain('**2026-W49 数据**');
    expect(text).toMatch(/（截至 12月1日 09:0\d）/);
    expect(text).toContain('应检 0 · 已检 0');
    expect(text).not.toContain('本周数据');
  });

  it('on Thursday, 刷新数据 counts the week again up to that moment', async () => {
    expect(await call('POST', '/clock', { set: '2026-12-03T10:00:00+08:00' })).toMatchObject({
      clock: { now: expect.stringMatching(/^2026-12-03T02:00/) },
    });
    const card = await weekly();
    const r = await call('POST', '/act', { person: '李明', messageId: card.id, element: 'refresh' });
    expect(r).toMatchObject({ ok: true, toast: { type: 'info', content: '已重新统计到此刻' } });
    const text = texts((r['message'] as Msg).card).join('\n');
    expect(text).toContain('（截至 12月3日 10:00）');
    // Tuesday and Wednesday: 9 checks a day due, none done (nobody answered in this sandbox)
    expect(text).toContain('应检 18 · 已检 0');
    expect(text).toContain('缺检 18');
  });
});
