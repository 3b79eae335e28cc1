/**
 * A Feishu client made without a logger (the CLI: config apply, doctor) prints nothing of the SDK's own:
 * the SDK reads `loggerLevel: fatal` (0) as “not set” and would print “[info]: [ 'client ready' ]”.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';

describe('the Feishu client on the command line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints nothing when it is made', () => {
    const printed: unknown[] = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(a));
    createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 'secret', domain: 'http://127.0.0.1:1' });
    expect(printed).toEqual([]);
  });
});
