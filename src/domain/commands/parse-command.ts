/**
 * The chat command parser: text in, a neutral `Command` or a coded error with a Chinese hint out.
 * Pure and total: it never throws, whatever arrives (empty, 2,000+ characters, emoji, control
 * characters). Adapters strip platform syntax before calling it; what they leave is tolerated.
 */
import { ALIAS_ENTRIES, afterWord, COMMAND_ALIASES } from './aliases.js';
import { closestCommand } from './closest.js';
import type { CommandName, ParseResult } from './command.js';
import { parseMessages } from './messages.js';
import { MAX_INPUT_CHARS, normalizeText, stripPreamble, typedTail } from './normalize.js';
import { ARGUMENT_READERS, FREE_TEXT, TAKES_NO_ARGUMENTS } from './read-arguments.js';

export { COMMAND_ALIASES } from './aliases.js';
export type { Command, CommandName, ParseError, ParseResult } from './command.js';
export { COMMAND_NAMES } from './command.js';
export { COMMAND_HELP } from './command-help.js';

// Telegram appends the bot's name in groups: `/today@SafeDutyBot`.
const BOT_SUFFIX = /^@[A-Za-z0-9_]+(?=\s|$)/;

/**
 * Reads one chat message as a command. The longest alias that starts the text wins, so Chinese
 * commands may run into their argument (“停用1号梯 维修”, “绑定AB12CD”, “隐患全部”); commands
 * without arguments must stand alone, so “今天天气” is not “今天”.
 */
export function parseCommand(text: string): ParseResult {
  const { text: t, closingQuote } = stripPreamble(normalizeText(text));
  if (t === '') return { ok: false, error: 'empty', message: parseMessages.empty() };
  const match = matchCommand(t, closingQuote);
  if (match) return asTyped(ARGUMENT_READERS[match.command](match.rest), typeof text === 'string' ? text : '');
  const word = (/^\S+/.exec(t)?.[0] ?? t).replace(/@[A-Za-z0-9_]+$/, '') || t;
  const suggestion = closestCommand(word);
  return suggestion
    ? { ok: false, error: 'unknown', suggestion, message: parseMessages.unknown(word, suggestion) }
    : { ok: false, error: 'unknown', message: parseMessages.unknown(word) };
}

/**
 * A command's free text as the person typed it (full-width forms, spacing), refused with its limit
 * when too long; a message beyond what the parser reads is refused whole, never cut.
 */
function asTyped(r: ParseResult, original: string): ParseResult {
  const length = Array.from(original).length;
  const free = r.ok ? FREE_TEXT[r.command.name] : undefined;
  if (length > MAX_INPUT_CHARS) {
    const command = r.ok ? r.command.name : r.command;
    return {
      ok: false,
      error: 'too_long',
      command,
      message: parseMessages.tooLong(
        length,
        free ? { label: free.label, max: free.max } : { label: '一条消息', max: MAX_INPUT_CHARS },
      ),
    };
  }
  if (!r.ok || !free) return r;
  const fields = r.command as unknown as Record<string, string>;
  const typed = typedTail(original, fields[free.field] ?? '');
  const chars = Array.from(typed).length;
  if (chars > free.max)
    return { ok: false, error: 'too_long', command: r.command.name, message: parseMessages.tooLong(chars, free) };
  return { ok: true, command: { ...r.command, [free.field]: typed } as typeof r.command };
}

function matchCommand(text: string, closingQuote?: string): { command: CommandName; rest: string } | null {
  for (const { alias, command, english } of ALIAS_ENTRIES) {
    let rest = afterWord(text, alias, english);
    if (rest === null) continue;
    rest = rest.replace(BOT_SUFFIX, '');
    if (closingQuote && rest.startsWith(closingQuote)) rest = rest.slice(closingQuote.length);
    if (!english) rest = skipPartialAlias(command, alias, rest);
    if (TAKES_NO_ARGUMENTS.has(command) && !/^($|[\s\p{P}\p{S}])/u.test(rest)) continue;
    return { command, rest: rest.replace(/^[\s:,]+/, '').trim() };
  }
  return null;
}

/**
 * “隐患列” is a longer alias of the same command cut short (隐患列表), not 隐患 with the device
 * “列”: the cut-off word is dropped. Only the same command's aliases count, so this never changes
 * which command runs.
 */
function skipPartialAlias(command: CommandName, alias: string, rest: string): string {
  const tail = /^\S*/.exec(rest)?.[0] ?? '';
  if (tail === '') return rest;
  const word = alias + tail;
  return COMMAND_ALIASES[command].some((a) => a.length > word.length && a.startsWith(word))
    ? rest.slice(tail.length)
    : rest;
}
