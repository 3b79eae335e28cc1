/**
 * The route table of the parser: for each command, how the words after it become its arguments.
 * `rest` is the normalised text after the command word, trimmed; it may hold line breaks.
 */

import { type Category, parseCategory } from '../model.js';
import { readTypedDate, TYPED_DATE_EXAMPLES, type TypedDate } from '../typed-date.js';
import { afterWord } from './aliases.js';
import type { Command, CommandName, ParseResult } from './command.js';
import {
  readConfirm,
  readExtend,
  readHazardTarget,
  readPhoto,
  readReassign,
  readRectify,
  readVerify,
} from './hazard-arguments.js';
import { parseMessages, usageHint } from './messages.js';
import { oneLine } from './normalize.js';

type Reader = (rest: string) => ParseResult;

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

/** The first word and the rest: a device code or name, then free text. */
function splitFirst(rest: string): [string, string] {
  const m = /^(\S+)[\s,]+([\s\S]*)$/.exec(rest);
  return m ? [m[1]!, m[2]!.trim()] : [rest, ''];
}

/** A trailing page number for long answers: “逾期 2”, “设备 电梯 第3页”. */
const PAGE = /(?:^|\s)(?:第\s*)?(\d{1,3})\s*页?$/;

export function splitPage(rest: string): [string, number | undefined] {
  const m = PAGE.exec(rest);
  const n = m ? Number(m[1]) : 0;
  return m && n >= 1 ? [rest.slice(0, m.index).trim(), n] : [rest, undefined];
}

const paged = <C extends Command>(c: C, page: number | undefined): C => (page ? { ...c, page } : c);

const SCOPE_WORDS: readonly [string, 'open' | 'all'][] = [
  ['未关闭', 'open'],
  ['未完成', 'open'],
  ['未整改', 'open'],
  ['open', 'open'],
  ['全部', 'all'],
  ['所有', 'all'],
  ['all', 'all'],
];

function readHazards(text: string): ParseResult {
  // “隐患 12”, “隐患 #12”: one hazard by its 隐患号 (pages are “隐患 第2页”)
  const target = readHazardTarget(text.trim());
  if ('no' in target) return ok({ name: 'hazards', scope: 'all', no: target.no });
  const [rest, page] = splitPage(text);
  for (const [word, scope] of SCOPE_WORDS) {
    const after = afterWord(rest, word, /^[a-z]/.test(word));
    if (after === null) continue;
    const device = oneLine(after.replace(/^[\s:,]+/, ''));
    return ok(paged(device ? { name: 'hazards', scope, device } : { name: 'hazards', scope }, page));
  }
  const device = oneLine(rest);
  return ok(paged(device ? { name: 'hazards', scope: 'open', device } : { name: 'hazards', scope: 'open' }, page));
}

/** Short forms people use for the categories, beyond the codes and labels `parseCategory` knows. */
const CATEGORY_SHORT: Record<string, Category> = {
  起重机: 'crane',
  索道: 'ropeway',
  游乐设施: 'amusement_ride',
  场内专用机动车辆: 'field_vehicle',
  厂内专用机动车辆: 'field_vehicle',
  场内车辆: 'field_vehicle',
  容器: 'pressure_vessel',
  管道: 'pressure_piping',
};

export function readCategory(text: string): Category | null {
  const t = oneLine(text);
  return parseCategory(t) ?? parseCategory(t.toLowerCase().replace(/[\s-]+/g, '_')) ?? CATEGORY_SHORT[t] ?? null;
}

function readDevices(text: string): ParseResult {
  const [rest, page] = splitPage(text);
  if (rest === '' || /^(全部|所有|all)$/i.test(rest)) return ok(paged({ name: 'devices' }, page));
  const category = readCategory(rest);
  // Not a category: a device as people call it (“设备 1号梯”); the use case matches it.
  return ok(paged(category ? { name: 'devices', category } : { name: 'devices', query: oneLine(rest) }, page));
}

function readDeviceAndText(name: 'report_hazard' | 'pause', what: string): Reader {
  return (rest) => {
    const [device, text] = splitFirst(rest);
    if (device === '') return missing(name, `设备和${what}`);
    if (text === '') return missing(name, what);
    return ok(name === 'pause' ? { name, device, reason: text } : { name, device, description: text });
  };
}

const PASSED: Record<string, boolean> = {
  合格: true,
  通过: true,
  pass: true,
  passed: true,
  不合格: false,
  不通过: false,
  fail: false,
  failed: false,
};
/** A report number: letters, digits and the usual separators, as printed on a 检验报告. */
const REPORT_NO = /^[\p{L}\p{N}][\p{L}\p{N}()（）\-_/.#]{0,49}$/u;

/** 检验 <设备> <下次检验日期> 合格|不合格 [报告编号]: the words after the device in any order. */
function readInspection(rest: string): ParseResult {
  const [device, ...words] = oneLine(rest).split(/\s+/).filter(Boolean);
  if (!device) return missing('inspection', '设备、下次检验日期和检验结果（合格 或 不合格）');
  let passed: boolean | undefined;
  let date: TypedDate | undefined;
  const others: string[] = [];
  for (const w of words) {
    const result = PASSED[w.toLowerCase()];
    const typed = date === undefined ? readTypedDate(w) : null;
    if (result !== undefined && passed === undefined) passed = result;
    else if (typed === 'invalid')
      return bad(
        'inspection',
        `日期“${w}”不存在：请写检验报告上的下次检验日期，例如 ${TYPED_DATE_EXAMPLES}。${usageHint('inspection')}`,
      );
    else if (typed) date = typed;
    else others.push(w);
  }
  if (passed === undefined) return missing('inspection', '检验结果（合格 或 不合格）');
  if (passed && !date) return missing('inspection', '检验报告上的下次检验日期（例如 2027-12-31）');
  if (others.length > 1 || (others[0] !== undefined && !REPORT_NO.test(others[0])))
    return bad(
      'inspection',
      `“${others.join(' ')}”看不懂：设备后面只写日期、合格/不合格和报告编号（可不写）。${usageHint('inspection')}`,
    );
  return ok({
    name: 'inspection',
    device,
    passed,
    ...(date ? { date } : {}),
    ...(others[0] ? { reportNo: others[0] } : {}),
  });
}

function readBind(rest: string): ParseResult {
  if (rest === '') return missing('bind', '邀请码');
  // Codes may be read out in groups (“AB12 CD34”, “AB12-CD34”); case does not matter.
  const code = rest.replace(/[\s-]+/g, '').toUpperCase();
  return /^[A-Z0-9]{4,12}$/.test(code)
    ? ok({ name: 'bind', code })
    : bad('bind', parseMessages.badBindCode(oneLine(rest)));
}

/**
 * Free text a command stores (a description, a reason, advice): kept as the person typed it (the
 * parser reads a normalised copy only to find the words), and refused beyond its limit, never cut.
 */
export const FREE_TEXT: Partial<Record<CommandName, { field: string; label: string; max: number }>> = {
  report_hazard: { field: 'description', label: '隐患描述', max: 500 },
  pause: { field: 'reason', label: '停用原因', max: 200 },
  advice: { field: 'content', label: '意见建议', max: 1000 },
  rectify: { field: 'text', label: '整改情况', max: 500 },
  verify: { field: 'comment', label: '核实意见', max: 500 },
  confirm_hazard: { field: 'note', label: '研判意见', max: 500 },
  reassign: { field: 'reason', label: '转交原因', max: 200 },
  extend: { field: 'reason', label: '延期原因', max: 200 },
};

export const ARGUMENT_READERS: Record<CommandName, Reader> = {
  help: () => ok({ name: 'help' }),
  today: (rest) => ok(paged({ name: 'today' }, splitPage(rest)[1])),
  overdue: (rest) => ok(paged({ name: 'overdue' }, splitPage(rest)[1])),
  hazards: readHazards,
  report_hazard: readDeviceAndText('report_hazard', '隐患描述'),
  week: () => ok({ name: 'week' }),
  month: () => ok({ name: 'month' }),
  devices: readDevices,
  pause: readDeviceAndText('pause', '停用原因'),
  resume: (rest) =>
    rest === '' ? missing('resume', '要恢复使用的设备') : ok({ name: 'resume', device: oneLine(rest) }),
  inspection: readInspection,
  advice: (rest) => (rest === '' ? missing('advice', '意见建议的内容') : ok({ name: 'advice', content: rest })),
  bind: readBind,
  whoami: () => ok({ name: 'whoami' }),
  unit: (rest) => (rest === '' ? ok({ name: 'unit' }) : ok({ name: 'unit', query: oneLine(rest) })),
  export: (rest) => ok({ name: 'export', args: rest === '' ? [] : rest.split(/\s+/) }),
  rectify: readRectify,
  verify: readVerify,
  confirm_hazard: readConfirm,
  reassign: readReassign,
  extend: readExtend,
  photo: readPhoto,
};

/** Commands that take nothing after their word; “今天天气” is then not “今天”. */
export const TAKES_NO_ARGUMENTS: ReadonlySet<CommandName> = new Set([
  'help',
  'today',
  'overdue',
  'week',
  'month',
  'whoami',
]);
