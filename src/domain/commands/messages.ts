/** The parser's replies, in Chinese: short, kind, and each says what to type next. */

import type { CommandName } from './command.js';
import { COMMAND_EXAMPLES, COMMAND_HELP } from './command-help.js';

const HELP_HINT = '发送“帮助”查看全部命令。';

/** Quotes what the person typed, shortened so a pasted essay does not come back whole. */
export function quoteWord(word: string): string {
  const chars = Array.from(word);
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : word;
}

export function usageHint(command: CommandName): string {
  const example = COMMAND_EXAMPLES[command];
  return `用法：${COMMAND_HELP[command].usage}${example ? `，例如：${example}` : ''}。`;
}

export const parseMessages = {
  empty: () => `请发送一个命令，例如“今日”。${HELP_HINT}`,
  unknown: (word: string, suggestion?: CommandName) =>
    `没有这个命令“${quoteWord(word)}”。${suggestion ? `您是不是想输入“${COMMAND_HELP[suggestion].label}”？` : ''}${HELP_HINT}`,
  missing: (command: CommandName, what: string) => `请写上${what}。${usageHint(command)}`,
  tooLong: (chars: number, limit: { label: string; max: number }) =>
    `${limit.label}最多 ${limit.max} 字，您发送了 ${chars} 字。请精简后再发送（没有保存任何内容）。`,
  badBindCode: (text: string) => `邀请码“${quoteWord(text)}”不对：应是 4 到 12 位字母或数字。${usageHint('bind')}`,
};
