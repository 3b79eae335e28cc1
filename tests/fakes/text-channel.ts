import type { ChatAddress } from '../../src/app/ports.js';

/** The channel an inbound event came from, as handleInbound uses it: texts kept in order, prompts left alone. */
export function textChannel(name = 'fake') {
  const texts: { to: ChatAddress; text: string }[] = [];
  return {
    texts,
    channel: {
      name,
      answerDeadlineMs: 2500,
      updatePrompt: async () => {},
      sendText: async (to: ChatAddress, text: string) => (texts.push({ to, text }), `t${texts.length}`),
      sendFile: async () => 'f',
    },
  };
}
