/**
 * What a chat message asks for, once the words are understood: the neutral command the route
 * table dispatches on. Device names and free text are kept as typed; the use case resolves them.
 */
import type { Category } from '../model.js';
import type { TypedDate } from '../typed-date.js';
import type { HazardTarget } from './hazard-arguments.js';

export type Command =
  | { name: 'help' }
  | { name: 'today'; page?: number }
  | { name: 'overdue'; page?: number }
  /** `no`: 隐患 12 — one hazard by its 隐患号, with its history */
  | { name: 'hazards'; scope: 'open' | 'all'; device?: string; page?: number; no?: number }
  | { name: 'report_hazard'; device: string; description: string }
  | { name: 'week' }
  | { name: 'month' }
  | { name: 'devices'; category?: Category; query?: string; page?: number }
  | { name: 'pause'; device: string; reason: string }
  | { name: 'resume'; device: string }
  /** 检验 <设备> <下次检验日期> 合格 [报告编号] · 检验 <设备> 不合格 [报告编号]: a 定期检验's result */
  | { name: 'inspection'; device: string; passed: boolean; date?: TypedDate; reportNo?: string }
  | { name: 'advice'; content: string }
  | { name: 'bind'; code: string }
  | { name: 'whoami' }
  /** 单位 [名称]: pick the unit when a person belongs to two. */
  | { name: 'unit'; query?: string }
  /** 导出 <记录> [日期|本周|上月…] [类别] [excel]: the words, read by the export use case. */
  | { name: 'export'; args: string[] }
  /** 整改 / 核实 / 研判 / 转交 / 延期 a hazard, by its 隐患号 or its device (hazard-arguments.ts) */
  | { name: 'rectify'; target: HazardTarget; text: string }
  | { name: 'verify'; target: HazardTarget; accepted: boolean; comment: string }
  /** 照片 <隐患号>: photos for a hazard after its photo step expired (app/evidence) */
  | { name: 'photo'; target: HazardTarget }
  | { name: 'confirm_hazard'; target: HazardTarget; note: string }
  | { name: 'reassign'; target: HazardTarget; person: string; reason: string }
  | {
      name: 'extend';
      target: HazardTarget;
      until: { days: number } | { date: TypedDate };
      reason: string;
    };

export type CommandName = Command['name'];

export type ParseError = 'empty' | 'unknown' | 'missing_argument' | 'bad_argument' | 'too_long';

export type ParseResult =
  | { ok: true; command: Command }
  | { ok: false; error: ParseError; command?: CommandName; suggestion?: CommandName; message: string };

/** Every command name, in the order help texts list them. */
export const COMMAND_NAMES = [
  'help',
  'today',
  'overdue',
  'hazards',
  'report_hazard',
  'week',
  'month',
  'devices',
  'pause',
  'resume',
  'inspection',
  'advice',
  'bind',
  'whoami',
  'unit',
  'export',
  'rectify',
  'verify',
  'confirm_hazard',
  'reassign',
  'extend',
  'photo',
] as const satisfies readonly CommandName[];
