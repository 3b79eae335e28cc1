/**
 * The hazard commands' arguments: 整改 <隐患号|设备> <整改情况>, 核实 <隐患号> 通过|退回 <意见>,
 * 研判 <隐患号> <研判意见>, 转交 <隐患号> <姓名> [原因], 延期 <隐患号> <天数|日期> <原因>.
 * A target of digits (“12”, “#12”, “12号隐患”) is a 隐患号; anything else is a device as typed.
 */
import { readTypedDate, TYPED_DATE_EXAMPLES, type TypedDate } from '../typed-date.js';
import type { Command, CommandName, ParseResult } from './command.js';
import { parseMessages } from './messages.js';
import { oneLine } from './normalize.js';

const ok = (command: Command): ParseResult => ({ ok: true, command });
const missing = (command: CommandName, what: string): ParseResult => ({
  ok: false,
  error: 'missing_argument',
  command,
  message: parseMessages.missing(command, what),
});
const bad = (command: CommandName, message: string): ParseResult => ({
  ok: false,
  error: 'bad_argument',
  command,
  message,
});

/** A hazard as typed: its number, or a device to look it up by. */
export type HazardTarget = { no: number } | { device: string };

/** “12”, “#12”, “12号”, “隐患12”, “12号隐患” → 12; other words are a device. */
export function readHazardTarget(word: string): HazardTarget {
  const m = /^(?:隐患(?:号)?)?#?(\d{1,6})(?:号)?(?:隐患)?$/.exec(word);
  return m ? { no: Number(m[1]) } : { device: word };
}

/** The first word and the rest. */
function split(rest: string): [string, string] {
  const m = /^(\S+)(?:[\s,:：，]+([\s\S]*))?$/.exec(rest.trim());
  return m ? [m[1]!, (m[2] ?? '').trim()] : ['', ''];
}

export function readRectify(rest: string): ParseResult {
  const [target, text] = split(rest);
  if (target === '') return missing('rectify', '隐患号（或设备）和整改情况');
  if (text === '') return missing('rectify', '整改情况：做了什么、结果如何');
  return ok({ name: 'rectify', target: readHazardTarget(target), text });
}

const PASS = /^(通过|合格|同意|核实通过|ok|pass|yes)$/i;
const REJECT = /^(退回|不通过|不合格|驳回|退回整改|reject|no)$/i;

export function readVerify(rest: string): ParseResult {
  const [target, tail] = split(rest);
  if (target === '') return missing('verify', '隐患号和“通过”或“退回 意见”');
  const [word, comment] = split(tail);
  if (word === '') return missing('verify', '“通过”或“退回 意见”');
  if (PASS.test(word)) return ok({ name: 'verify', target: readHazardTarget(target), accepted: true, comment });
  if (REJECT.test(word))
    return comment === ''
      ? missing('verify', '退回的原因')
      : ok({ name: 'verify', target: readHazardTarget(target), accepted: false, comment });
  return bad('verify', `请写“通过”或“退回 原因”，例如：核实 ${target} 通过，或 核实 ${target} 退回 护栏仍松动。`);
}

export function readConfirm(rest: string): ParseResult {
  const [target, note] = split(rest);
  if (target === '') return missing('confirm_hazard', '隐患号和研判意见');
  if (note === '') return missing('confirm_hazard', '研判意见：原因分析、处置措施和整改要求');
  return ok({ name: 'confirm_hazard', target: readHazardTarget(target), note });
}

export function readReassign(rest: string): ParseResult {
  const [target, tail] = split(rest);
  if (target === '') return missing('reassign', '隐患号和接手人的姓名');
  const [person, reason] = split(tail);
  if (person === '') return missing('reassign', '接手人的姓名');
  return ok({ name: 'reassign', target: readHazardTarget(target), person: oneLine(person), reason });
}

/** “3天”, “3” (days more), or a date as typed: “2026-12-10”, “12-10”, “12月10日”, “12/10”, “明天” (typed-date.ts). */
export function readUntil(word: string): { days: number } | { date: TypedDate } | null {
  const m = /^(\d{1,3})(?:天|日|d)?$/i.exec(word);
  if (m) return Number(m[1]) >= 1 ? { days: Number(m[1]) } : null;
  const date = readTypedDate(word);
  return date && date !== 'invalid' ? { date } : null;
}

export function readExtend(rest: string): ParseResult {
  const [target, tail] = split(rest);
  if (target === '') return missing('extend', '隐患号、延期天数（或新期限）和原因');
  const [word, reason] = split(tail);
  if (word === '') return missing('extend', '延期天数（如 3天）或新期限（如 12-20）和原因');
  const until = readUntil(word);
  if (!until && readTypedDate(word) === 'invalid')
    return bad(
      'extend',
      `没有“${word.slice(0, 20)}”这一天：请写新的期限，例如 ${TYPED_DATE_EXAMPLES}，或延期天数如“3天”。`,
    );
  if (!until)
    return bad(
      'extend',
      `“${word.slice(0, 20)}”不是天数或日期：请写“3天”或“12-20”，例如：延期 ${target} 3天 等待配件到货。`,
    );
  if (reason === '') return missing('extend', '延期的原因');
  return ok({ name: 'extend', target: readHazardTarget(target), until, reason });
}

/** 照片 <隐患号|设备>: the hazard to add photos to (the rest of the line is ignored: photos are sent next). */
export function readPhoto(rest: string): ParseResult {
  const [target] = split(rest);
  if (target === '') return missing('photo', '隐患号（见隐患卡片，或发送“隐患”查看）');
  return ok({ name: 'photo', target: readHazardTarget(target) });
}
