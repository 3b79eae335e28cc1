/** Which channels are on: a channel is on when its credentials are configured. */
import type { ServiceConfig } from './service-config.js';

export type ChannelName = 'feishu' | 'telegram';

export function activeChannels(s: ServiceConfig): ChannelName[] {
  const out: ChannelName[] = [];
  if (s.channels.feishu.app_id && s.channels.feishu.app_secret) out.push('feishu');
  if (s.channels.telegram.token) out.push('telegram');
  return out;
}
