/**
 * The words that start each command, Chinese first. English aliases are lower-case and matched
 * case-insensitively; input is NFKC-normalised first, so “？” and “Ｈｅｌｐ” need no entries.
 */
import type { CommandName } from './command.js';

export const COMMAND_ALIASES: Record<CommandName, readonly string[]> = {
  help: ['帮助', '菜单', '命令', '?', 'help', 'h', 'start', 'menu'],
  today: ['今日', '今天', '今日任务', '日管控', 'today'],
  overdue: ['逾期', '超期', '逾期任务', 'overdue', 'late'],
  hazards: ['隐患', '隐患列表', '隐患清单', 'hazards', 'hazard'],
  report_hazard: ['上报隐患', '上报', '报告隐患', '隐患上报', 'report'],
  week: ['本周', '周报', '周排查', 'week'],
  month: ['本月', '月报', '月调度', 'month'],
  devices: ['设备', '设备列表', '设备清单', 'devices', 'equipment', 'device'],
  pause: ['停用', '暂停使用', '临时停用', '暂停', 'pause'],
  resume: ['启用', '恢复', '恢复使用', '重新启用', 'resume'],
  inspection: ['检验', '定期检验', '检验结果', 'inspection'],
  advice: ['意见', '建议', '意见建议', 'advice'],
  bind: ['绑定', 'bind'],
  whoami: ['我', '我是谁', 'whoami', 'me'],
  unit: ['单位', '切换单位', 'unit'],
  export: ['导出', 'export'],
  rectify: ['整改', '已整改', '整改完成', 'rectify'],
  verify: ['核实', '验收', '核实整改', 'verify'],
  confirm_hazard: ['研判', '确认研判', '隐患研判'],
  reassign: ['转交', '转派', '改派'],
  extend: ['延期', '延长期限'],
  photo: ['照片', '补照片', '补充照片', '上传照片', 'photo'],
};

export type AliasEntry = { alias: string; command: CommandName; english: boolean };

/** Longest first, so “上报隐患” wins over “上报” and “设备列表” over “设备”. */
export const ALIAS_ENTRIES: readonly AliasEntry[] = Object.entries(COMMAND_ALIASES)
  .flatMap(([command, aliases]) =>
    aliases.map((alias) => ({ alias, command: command as CommandName, english: /^[a-z]+$/.test(alias) })),
  )
  .sort((a, b) => b.alias.length - a.alias.length);

/**
 * The text after `word` when `text` starts with it. An English word must end there (“helpme” is
 * not “help”); a Chinese word may run straight into its argument (“绑定AB12CD”).
 */
export function afterWord(text: string, word: string, english: boolean): string | null {
  if (text.slice(0, word.length).toLowerCase() !== word) return null;
  const rest = text.slice(word.length);
  return english && /^[a-z0-9_]/i.test(rest) ? null : rest;
}
