/**
 * The words people see for each command: the label to type, the usage line, what it does, who may
 * use it and whether its answer is private. 帮助 is drawn from this table only, so it cannot drift
 * from what the parser and the handler do (tests/unit/commands/command-table.test.ts checks it).
 */
import type { Role } from '../model.js';
import type { CommandName } from './command.js';

export type CommandHelp = {
  label: string;
  usage: string;
  summary: string;
  /** the roles that see it in 帮助 (absent: everyone) */
  roles?: readonly Role[];
  /** the answer names people and what they missed: in a group it is sent to the asker privately */
  privateInGroup?: true;
};

/** Chinese label, usage line and one-line description of each command, for help texts (Chinese first). */
export const COMMAND_HELP: Record<CommandName, CommandHelp> = {
  help: { label: '帮助', usage: '帮助', summary: '查看全部命令' },
  today: { label: '今日', usage: '今日', summary: '查看今天要完成的日管控检查和待办', privateInGroup: true },
  overdue: {
    label: '逾期',
    usage: '逾期',
    summary: '查看已过期限还没完成的任务，以及近几天缺失的检查',
    privateInGroup: true,
  },
  hazards: {
    label: '隐患',
    usage: '隐患 [全部] [设备]',
    summary: '查看未关闭的隐患；加“全部”连同已关闭的，也可只看一台设备',
    privateInGroup: true,
  },
  report_hazard: { label: '上报隐患', usage: '上报隐患 <设备> <描述>', summary: '上报一条新发现的隐患' },
  week: { label: '本周', usage: '本周', summary: '查看本周周排查的进度' },
  month: { label: '本月', usage: '本月', summary: '查看本月月调度的进度' },
  devices: {
    label: '设备',
    usage: '设备 [类别|设备]',
    summary: '查看设备清单，可按类别（如 电梯、叉车）或设备名称筛选',
  },
  pause: {
    label: '停用',
    usage: '停用 <设备> <原因>',
    summary: '把一台设备设为临时停用，并写明原因',
    roles: ['director'],
  },
  resume: { label: '启用', usage: '启用 <设备>', summary: '临时停用的设备恢复使用', roles: ['director'] },
  inspection: {
    label: '检验',
    usage: '检验 <设备> <下次检验日期> 合格|不合格 [报告编号]',
    summary: '登记定期检验结果：合格则更新下次检验日期，不合格则停用设备',
    roles: ['director'],
  },
  advice: {
    label: '意见',
    usage: '意见 <内容>',
    summary: '向主要负责人提出安全意见建议',
    roles: ['director', 'officer'],
  },
  bind: { label: '绑定', usage: '绑定 <邀请码>', summary: '用管理员给您的邀请码绑定您的账号', roles: [] },
  whoami: { label: '我', usage: '我', summary: '查看您的姓名、单位和岗位', privateInGroup: true },
  unit: { label: '单位', usage: '单位 [名称]', summary: '您在多个单位任职时，查看或切换当前单位' },
  export: {
    label: '导出',
    usage: '导出 <记录> [日期|本周|上月…] [类别] [excel]',
    summary: '导出清单、日检、周报、月报、隐患台账、履职记录、职责、守则（Word 或 Excel）',
    privateInGroup: true,
  },
  rectify: {
    label: '整改',
    usage: '整改 <隐患号|设备> <整改情况>',
    summary: '提交隐患整改情况（隐患号见隐患卡片或“隐患”）',
  },
  verify: {
    label: '核实',
    usage: '核实 <隐患号> 通过｜退回 <意见>',
    summary: '核实隐患整改：通过则关闭，退回则重新整改',
    roles: ['director', 'principal'],
  },
  confirm_hazard: {
    label: '研判',
    usage: '研判 <隐患号> <研判意见>',
    summary: '确认严重、重大隐患的研判意见和处置措施',
    roles: ['director', 'principal'],
  },
  reassign: {
    label: '转交',
    usage: '转交 <隐患号> <姓名> [原因]',
    summary: '把隐患整改转交给本单位另一人',
    roles: ['director', 'principal'],
  },
  extend: {
    label: '延期',
    usage: '延期 <隐患号> <天数|日期> <原因>',
    summary: '延长隐患整改期限，须写明原因（整改人发送为申请，由安全总监批准）',
    roles: ['director', 'principal', 'officer'],
  },
  photo: {
    label: '照片',
    usage: '照片 <隐患号>',
    summary: '为隐患补发现场或整改后的照片（上报人、整改人、安全总监）',
    privateInGroup: true,
  },
};

/** One example per command that needs arguments, quoted in the hints. */
export const COMMAND_EXAMPLES: Partial<Record<CommandName, string>> = {
  hazards: '隐患 全部 1号梯',
  report_hazard: '上报隐患 1号梯 护栏松动',
  devices: '设备 电梯',
  pause: '停用 1号梯 年度检验',
  resume: '启用 1号梯',
  inspection: '检验 1号梯 2027-12-31 合格 TS2026-0815',
  advice: '意见 建议给叉车加装倒车影像',
  bind: '绑定 AB12CD34',
  unit: '单位 第一分厂',
  export: '导出 日检 上周 电梯 excel',
  rectify: '整改 12 已紧固护栏螺栓，试运行正常',
  verify: '核实 12 通过',
  confirm_hazard: '研判 12 门机调整不当，停梯检修，明日 17:30 前完成',
  reassign: '转交 12 李四 2号楼由他负责',
  extend: '延期 12 3天 等待配件到货',
  photo: '照片 12',
};
