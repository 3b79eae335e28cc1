/**
 * Routing each outbox message to the recipient's channel(s):
 * the unit file's choice, else binding, else the first channel.
 */
import { describe, expect, it } from 'vitest';
import { channelOfChatId, channelRegistry } from '../../src/app/channel-registry.js';
import type { PromptSender, Recipient } from '../../src/app/ports.js';

const sender = (name: string): PromptSender => ({ name, sendPrompt: async () => ({ platformMessageId: `${name}-1` }) });
const person = (identities: string[], channels?: string[]): Recipient => ({
  personId: 'p1',
  name: '张三',
  timeZone: 'Asia/Shanghai',
  chatId: null,
  identities: identities.map((channel) => ({ channel, externalId: `${channel}-id` })),
  ...(channels ? { channels } : {}),
});
const chat = (chatId: string): Recipient => ({
  personId: null,
  name: chatId,
  timeZone: 'Asia/Shanghai',
  chatId,
  identities: [],
});
const names = (cs: PromptSender[]) => cs.map((c) => c.name);

describe('channel registry', () => {
  const both = channelRegistry([sender('feishu'), sender('telegram')]);

  it('sends to every channel a person is bound on', () => {
    expect(names(both.routeOf(person(['feishu'])))).toEqual(['feishu']);
    expect(names(both.routeOf(person(['telegram'])))).toEqual(['telegram']);
    expect(names(both.routeOf(person(['telegram', 'feishu'])))).toEqual(['feishu', 'telegram']);
  });

  it('follows the unit file when it names the channels, among those configured', () => {
    expect(names(both.routeOf(person(['feishu', 'telegram'], ['telegram'])))).toEqual(['telegram']);
    // named but not bound: the channel is still tried (it reports the person unbound, and the director is told)
    expect(names(both.routeOf(person(['feishu'], ['feishu', 'telegram'])))).toEqual(['feishu', 'telegram']);
    // a channel the service does not run is ignored
    const feishuOnly = channelRegistry([sender('feishu')]);
    expect(names(feishuOnly.routeOf(person(['telegram'], ['telegram'])))).toEqual(['feishu']);
  });

  it('sends someone bound nowhere to the first configured channel (which reports them unbound)', () => {
    expect(names(both.routeOf(person([])))).toEqual(['feishu']);
    expect(names(channelRegistry([sender('telegram'), sender('feishu')]).routeOf(person([])))).toEqual(['telegram']);
    // an account on a channel that is not running does not count
    expect(names(channelRegistry([sender('feishu')]).routeOf(person(['telegram'])))).toEqual(['feishu']);
  });

  it('sends a chat to the one channel it belongs to', () => {
    expect(channelOfChatId('oc_5ad11d72b830411d72b836c20')).toBe('feishu');
    expect(channelOfChatId('-1001234567890')).toBe('telegram');
    expect(names(both.routeOf(chat('oc_5ad11d72b830411d72b836c20')))).toEqual(['feishu']);
    expect(names(both.routeOf(chat('-1001234567890')))).toEqual(['telegram']);
    const claims: PromptSender & { ownsChat(id: string): boolean } = {
      ...sender('wecom'),
      ownsChat: (id) => id.startsWith('wr'),
    };
    expect(
      names(channelRegistry([sender('feishu'), claims]).routeOf(chat('wrOgQhDgAAcwMTB7YmDkbeBsgT_KAAAA'))),
    ).toEqual(['wecom']);
  });

  it('console alone takes everything', () => {
    const console = channelRegistry([sender('console')]);
    expect(names(console.routeOf(person(['feishu'])))).toEqual(['console']);
    expect(names(console.routeOf(chat('oc_x')))).toEqual(['console']);
  });
});
