import { describe, expect, it } from 'vitest';
import { COMMAND_EXAMPLES } from '../../../src/domain/commands/command-help.js';
import { normalizeText } from '../../../src/domain/commands/normalize.js';
import {
  COMMAND_ALIASES,
  COMMAND_HELP,
  COMMAND_NAMES,
  type Command,
  type CommandName,
  type ParseError,
  parseCommand,
} from '../../../src/domain/commands/parse-command.js';
import { FREE_TEXT } from '../../../src/domain/commands/read-arguments.js';

const HELP = '发送“帮助”查看全部命令。';

describe('parseCommand: commands people type', () => {
  it.each<[string, Command]>([
    // help
    ['帮助', { name: 'help' }],
    ['菜单', { name: 'help' }],
    ['?', { name: 'help' }],
    ['？', { name: 'help' }],
    ['help', { name: 'help' }],
    ['HELP', { name: 'help' }],
    ['h', { name: 'help' }],
    ['/start', { name: 'help' }],
    ['Ｈｅｌｐ', { name: 'help' }],
    ['help me', { name: 'help' }],
    ['帮助？', { name: 'help' }],
    // today / overdue
    ['今日', { name: 'today' }],
    ['今天', { name: 'today' }],
    ['Today', { name: 'today' }],
    ['今日。', { name: 'today' }],
    ['今日任务', { name: 'today' }],
    ['今日任', { name: 'today' }],
    ['逾期', { name: 'overdue' }],
    ['超期', { name: 'overdue' }],
    ['overdue', { name: 'overdue' }],
    ['LATE', { name: 'overdue' }],
    // hazards
    ['隐患', { name: 'hazards', scope: 'open' }],
    ['hazards', { name: 'hazards', scope: 'open' }],
    ['hazard all', { name: 'hazards', scope: 'all' }],
    ['HAZARDS OPEN 1号梯', { name: 'hazards', scope: 'open', device: '1号梯' }],
    ['隐患全部', { name: 'hazards', scope: 'all' }],
    ['隐患 所有', { name: 'hazards', scope: 'all' }],
    ['隐患 未关闭', { name: 'hazards', scope: 'open' }],
    ['隐患未完成 2号叉车', { name: 'hazards', scope: 'open', device: '2号叉车' }],
    ['隐患 1号梯', { name: 'hazards', scope: 'open', device: '1号梯' }],
    ['隐患 全部 东区 1号 客梯', { name: 'hazards', scope: 'all', device: '东区 1号 客梯' }],
    ['隐患 allen', { name: 'hazards', scope: 'open', device: 'allen' }],
    ['隐患列', { name: 'hazards', scope: 'open' }],
    ['隐患列表 全部', { name: 'hazards', scope: 'all' }],
    // report_hazard
    ['上报隐患 1号梯 护栏松动', { name: 'report_hazard', device: '1号梯', description: '护栏松动' }],
    // Free text is stored as typed: full-width punctuation and spacing stay (only the words are normalised to parse).
    ['上报 1号梯 护栏松动，有异响', { name: 'report_hazard', device: '1号梯', description: '护栏松动，有异响' }],
    [
      '上报隐患　１号梯　护栏松动（约５ｃｍ）',
      { name: 'report_hazard', device: '1号梯', description: '护栏松动（约５ｃｍ）' },
    ],
    [
      '整改 #12 已紧固（Ｍ８螺栓），试运行正常',
      { name: 'rectify', target: { no: 12 }, text: '已紧固（Ｍ８螺栓），试运行正常' },
    ],
    [
      '延期 12 3天 等待配件，约１周',
      { name: 'extend', target: { no: 12 }, until: { days: 3 }, reason: '等待配件，约１周' },
    ],
    ['报告隐患：1号梯 门锁失灵', { name: 'report_hazard', device: '1号梯', description: '门锁失灵' }],
    ['隐患上报 叉车3 刹车偏软', { name: 'report_hazard', device: '叉车3', description: '刹车偏软' }],
    ['上报隐患1号梯 护栏松动', { name: 'report_hazard', device: '1号梯', description: '护栏松动' }],
    [
      'report T-001 oil leak  near   pump',
      { name: 'report_hazard', device: 'T-001', description: 'oil leak  near   pump' },
    ],
    ['上报 1号梯 第一行\n第二行', { name: 'report_hazard', device: '1号梯', description: '第一行\n第二行' }],
    // week / month
    ['本周', { name: 'week' }],
    ['周报', { name: 'week' }],
    ['week', { name: 'week' }],
    ['本月', { name: 'month' }],
    ['月报', { name: 'month' }],
    ['Month', { name: 'month' }],
    // devices
    ['设备', { name: 'devices' }],
    ['设备列表', { name: 'devices' }],
    ['devices', { name: 'devices' }],
    ['equipment elevator', { name: 'devices', category: 'elevator' }],
    ['设备 电梯', { name: 'devices', category: 'elevator' }],
    ['设备叉车', { name: 'devices', category: 'field_vehicle' }],
    ['设备 场车', { name: 'devices', category: 'field_vehicle' }],
    ['设备 场（厂）内专用机动车辆', { name: 'devices', category: 'field_vehicle' }],
    ['设备 Pressure Vessel', { name: 'devices', category: 'pressure_vessel' }],
    ['设备列表 起重机', { name: 'devices', category: 'crane' }],
    ['设备 全部', { name: 'devices' }],
    ['设备 1号梯', { name: 'devices', query: '1号梯' }],
    ['设备 飞机', { name: 'devices', query: '飞机' }],
    // pause / resume
    ['停用 1号梯 年度检验', { name: 'pause', device: '1号梯', reason: '年度检验' }],
    ['停用1号梯 维修', { name: 'pause', device: '1号梯', reason: '维修' }],
    ['暂停使用 2号锅炉 停产检修', { name: 'pause', device: '2号锅炉', reason: '停产检修' }],
    ['pause L-01 annual inspection', { name: 'pause', device: 'L-01', reason: 'annual inspection' }],
    ['启用 1号梯', { name: 'resume', device: '1号梯' }],
    ['恢复使用 东区 1号 客梯', { name: 'resume', device: '东区 1号 客梯' }],
    ['恢复1号梯', { name: 'resume', device: '1号梯' }],
    ['resume L-01', { name: 'resume', device: 'L-01' }],
    // advice
    ['意见 建议给叉车加装倒车影像', { name: 'advice', content: '建议给叉车加装倒车影像' }],
    ['建议增加夜班巡检', { name: 'advice', content: '增加夜班巡检' }],
    ['意见建议 多组织应急演练', { name: 'advice', content: '多组织应急演练' }],
    ['advice more drills', { name: 'advice', content: 'more drills' }],
    // bind
    ['绑定 AB12CD', { name: 'bind', code: 'AB12CD' }],
    ['绑定AB12CD', { name: 'bind', code: 'AB12CD' }],
    ['bind ab12cd', { name: 'bind', code: 'AB12CD' }],
    ['绑定 ＡＢ１２ＣＤ', { name: 'bind', code: 'AB12CD' }],
    ['绑定 ab12-cd34', { name: 'bind', code: 'AB12CD34' }],
    ['绑定 ab12 cd34', { name: 'bind', code: 'AB12CD34' }],
    // whoami / unit / export
    ['我', { name: 'whoami' }],
    ['我是谁', { name: 'whoami' }],
    ['whoami', { name: 'whoami' }],
    ['ME', { name: 'whoami' }],
    ['单位', { name: 'unit' }],
    ['单位 第一分厂', { name: 'unit', query: '第一分厂' }],
    ['unit Acme Works', { name: 'unit', query: 'Acme Works' }],
    ['导出', { name: 'export', args: [] }],
    ['导出 周报 2026-W10', { name: 'export', args: ['周报', '2026-W10'] }],
    ['export month 2026-03', { name: 'export', args: ['month', '2026-03'] }],
    // platform leftovers and sloppy typing
    ['/today@SafeDutyBot', { name: 'today' }],
    ['/hazards@SafeDutyBot all', { name: 'hazards', scope: 'all' }],
    ['／今日', { name: 'today' }],
    ['@_user_1 逾期', { name: 'overdue' }],
    ['@_user_1今日', { name: 'today' }],
    ['@安全值班机器人 上报隐患 1号梯 护栏松动', { name: 'report_hazard', device: '1号梯', description: '护栏松动' }],
    ['@SafeDutyBot /help', { name: 'help' }],
    ['   今日   ', { name: 'today' }],
    ['　今日　', { name: 'today' }],
    ['停用   1号梯    年度   检验', { name: 'pause', device: '1号梯', reason: '年度   检验' }],
    ['\t隐患\t全部\t', { name: 'hazards', scope: 'all' }],
    ['“帮助”', { name: 'help' }],
    ['＂今日＂', { name: 'today' }],
    ['\u200b今日\ufeff', { name: 'today' }],
    ['\u0000\u0007今日', { name: 'today' }],
  ])('%j → %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });
});

type Failure = { error: ParseError; command?: CommandName; suggestion?: CommandName; says?: string[] };

describe('parseCommand: what it refuses, and the hint it gives', () => {
  it.each<[string, Failure]>([
    // nothing to read
    ['', { error: 'empty', says: ['今日', HELP] }],
    ['     ', { error: 'empty' }],
    ['　\n\t', { error: 'empty' }],
    ['/', { error: 'empty' }],
    ['@_user_1', { error: 'empty' }],
    ['@SafeDutyBot', { error: 'empty' }],
    // English typos: the nearest alias, honestly close
    [
      'overdeu',
      { error: 'unknown', suggestion: 'overdue', says: ['没有这个命令“overdeu”。您是不是想输入“逾期”？', HELP] },
    ],
    ['helpp', { error: 'unknown', suggestion: 'help', says: ['“帮助”？'] }],
    ['todya', { error: 'unknown', suggestion: 'today', says: ['“今日”？'] }],
    ['hazrds', { error: 'unknown', suggestion: 'hazards' }],
    ['devics', { error: 'unknown', suggestion: 'devices' }],
    ['reprot x y', { error: 'unknown', suggestion: 'report_hazard', says: ['“上报隐患”？'] }],
    ['exprot', { error: 'unknown', suggestion: 'export' }],
    ['/helpp@SafeDutyBot', { error: 'unknown', suggestion: 'help', says: ['“helpp”'] }],
    // Chinese near-misses
    ['逾其', { error: 'unknown', suggestion: 'overdue' }],
    ['今曰', { error: 'unknown', suggestion: 'today' }],
    ['帮组', { error: 'unknown', suggestion: 'help' }],
    ['邦定 AB12CD', { error: 'unknown', suggestion: 'bind' }],
    ['隐惠全部', { error: 'unknown', suggestion: 'hazards', says: ['“隐患”？'] }],
    ['周排', { error: 'unknown', suggestion: 'week' }],
    ['今天天气怎么样', { error: 'unknown', suggestion: 'today' }],
    // too far, too short or ambiguous: no guess
    ['本洲', { error: 'unknown', suggestion: undefined, says: ['没有这个命令“本洲”。发送'] }],
    ['日报', { error: 'unknown', suggestion: undefined }],
    ['你好', { error: 'unknown', suggestion: undefined }],
    ['我们', { error: 'unknown', suggestion: undefined }],
    ['hello', { error: 'unknown', suggestion: undefined }],
    ['helpme', { error: 'unknown', suggestion: undefined }],
    ['hazardsall', { error: 'unknown', suggestion: undefined }],
    ['xyz', { error: 'unknown', suggestion: undefined }],
    ['😀😀😀', { error: 'unknown', suggestion: undefined }],
    ['1号梯 坏了', { error: 'unknown', suggestion: undefined, says: ['“1号梯”'] }],
    ['。。。', { error: 'unknown', suggestion: undefined }],
    ['a'.repeat(5000), { error: 'unknown', suggestion: undefined, says: [`“${'a'.repeat(20)}…”`] }],
    // arguments missing
    [
      '上报隐患',
      {
        error: 'missing_argument',
        command: 'report_hazard',
        says: ['请写上设备和隐患描述', '用法：上报隐患 <设备> <描述>'],
      },
    ],
    ['上报 1号梯', { error: 'missing_argument', command: 'report_hazard', says: ['请写上隐患描述'] }],
    ['上报隐', { error: 'missing_argument', command: 'report_hazard' }],
    [
      '停用',
      { error: 'missing_argument', command: 'pause', says: ['请写上设备和停用原因', '用法：停用 <设备> <原因>'] },
    ],
    [
      '停用 1号梯',
      { error: 'missing_argument', command: 'pause', says: ['请写上停用原因', '例如：停用 1号梯 年度检验'] },
    ],
    ['pause', { error: 'missing_argument', command: 'pause' }],
    ['启用', { error: 'missing_argument', command: 'resume', says: ['用法：启用 <设备>'] }],
    ['恢复使', { error: 'missing_argument', command: 'resume' }],
    ['意见', { error: 'missing_argument', command: 'advice', says: ['请写上意见建议的内容', '用法：意见 <内容>'] }],
    [
      '绑定',
      {
        error: 'missing_argument',
        command: 'bind',
        says: ['请写上邀请码', '用法：绑定 <邀请码>', '例如：绑定 AB12CD34'],
      },
    ],
    ['/bind@SafeDutyBot', { error: 'missing_argument', command: 'bind' }],
    // arguments that cannot be right
    [
      `上报 1号梯 ${'隐'.repeat(501)}`,
      { error: 'too_long', command: 'report_hazard', says: ['隐患描述最多 500 字，您发送了 501 字'] },
    ],
    [`意见 ${'长'.repeat(2100)}`, { error: 'too_long', command: 'advice', says: ['意见建议最多 1000 字'] }],
    [`今日${' '.repeat(2100)}`, { error: 'too_long', command: 'today', says: ['一条消息最多 2000 字'] }],
    [
      `整改 12 ${'修'.repeat(600)}`,
      { error: 'too_long', command: 'rectify', says: ['整改情况最多 500 字，您发送了 600 字'] },
    ],
    ['绑定 abc', { error: 'bad_argument', command: 'bind', says: ['邀请码“abc”不对', '4 到 12 位字母或数字'] }],
    ['绑定 ABCDEFGHIJKLM', { error: 'bad_argument', command: 'bind' }],
    ['绑定 AB12中文', { error: 'bad_argument', command: 'bind' }],
    ['bind AB_12CD', { error: 'bad_argument', command: 'bind' }],
  ])('%j → %j', (text, want) => {
    const r = parseCommand(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe(want.error);
    expect(r.command).toBe(want.command);
    if ('suggestion' in want || want.error === 'unknown') expect(r.suggestion).toBe(want.suggestion);
    for (const s of want.says ?? []) expect(r.message).toContain(s);
  });
});

describe('parseCommand: the alias table', () => {
  const aliases = COMMAND_NAMES.flatMap((name) => COMMAND_ALIASES[name].map((alias) => [alias, name] as const));
  // Either the command itself, or its own hint that an argument is missing.
  const reads = (text: string, name: CommandName) => {
    const r = parseCommand(text);
    return r.ok ? r.command.name === name : r.error === 'missing_argument' && r.command === name;
  };

  it.each(aliases)('%s starts %s, however it is dressed', (alias, name) => {
    for (const text of [
      alias,
      alias.toUpperCase(),
      ` ${alias} `,
      `/${alias}`,
      `/${alias}@SafeDutyBot`,
      `@_user_1 ${alias}`,
      `“${alias}”`,
      toFullWidth(alias),
    ]) {
      expect(reads(text, name), text).toBe(true);
    }
  });

  it('every command has a label that is one of its aliases, a usage starting with it, and a summary', () => {
    for (const name of COMMAND_NAMES) {
      const { label, usage, summary } = COMMAND_HELP[name];
      expect(COMMAND_ALIASES[name]).toContain(label);
      expect(usage.startsWith(label)).toBe(true);
      expect(summary.length).toBeGreaterThan(0);
      expect(reads(label, name)).toBe(true);
    }
  });

  it('every example in the hints parses to its command', () => {
    for (const [name, example] of Object.entries(COMMAND_EXAMPLES)) {
      const r = parseCommand(example);
      expect(r.ok && r.command.name, example).toBe(name);
    }
  });

  it('no alias belongs to two commands', () => {
    const all = aliases.map(([a]) => a);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('parseCommand: any input', () => {
  const inputs = randomStrings(600, 20260301);

  it('never throws and always answers with a well-formed result', () => {
    for (const text of inputs) {
      let r: ReturnType<typeof parseCommand> | undefined;
      expect(() => (r = parseCommand(text)), JSON.stringify(text)).not.toThrow();
      if (!r) throw new Error('no result');
      if (r.ok) {
        expect(COMMAND_NAMES).toContain(r.command.name);
      } else {
        expect(['empty', 'unknown', 'missing_argument', 'bad_argument', 'too_long']).toContain(r.error);
        expect(r.message.length).toBeGreaterThan(0);
        expect(r.message.length).toBeLessThan(400);
      }
    }
  });

  it('is deterministic and keeps arguments within the input cap', () => {
    for (const text of inputs) {
      const r = parseCommand(text);
      expect(parseCommand(text)).toEqual(r);
      if (r.ok) expect(JSON.stringify(r.command).length).toBeLessThan(2100 * 6);
    }
  });

  it('reads the same command with or without platform leftovers and full-width forms', () => {
    // Prefixes shift the 2,000-character cut, so the long inputs sit this one out.
    for (const text of inputs.filter((s) => s.length < 1900)) {
      const r = parseCommand(text);
      expect(parseCommand(`@_user_1 ${text}`), JSON.stringify(text)).toEqual(r);
      expect(parseCommand(`/${text}`), JSON.stringify(text)).toEqual(r);
      // Free text keeps its full-width forms (stored as typed); everything else reads the same.
      if (!text.trim().startsWith('@'))
        expect(normalisedFreeText(parseCommand(toFullWidth(text)))).toEqual(normalisedFreeText(r));
    }
  });

  it('survives hostile shapes', () => {
    const hostile = [
      '\uD800',
      '\uDC00今日',
      `今日${'\uD83D'}`,
      `上报 1号梯 ${'隐'.repeat(10_000)}`,
      `意见 ${'\u0301'.repeat(3000)}`,
      '\uFDFA'.repeat(1000),
      '@'.repeat(3000),
      '/'.repeat(3000),
      '“'.repeat(50),
      `${'\n'.repeat(1000)}今日`,
      'a '.repeat(2000),
      undefined as unknown as string,
      null as unknown as string,
      42 as unknown as string,
    ];
    for (const text of hostile) expect(() => parseCommand(text)).not.toThrow();
    expect(parseCommand(`${'\n'.repeat(1000)}今日`)).toEqual({ ok: true, command: { name: 'today' } });
    expect(parseCommand(undefined as unknown as string)).toMatchObject({ ok: false, error: 'empty' });
    // Refused with its limit, never cut.
    expect(parseCommand(`上报 1号梯 ${'隐'.repeat(10_000)}`)).toMatchObject({
      ok: false,
      error: 'too_long',
      command: 'report_hazard',
    });
  });
});

/** The result with free text in its normalised form, to compare inputs that differ only in width. */
function normalisedFreeText(r: ReturnType<typeof parseCommand>): unknown {
  if (!r.ok) return r;
  const c = { ...r.command } as Record<string, unknown>;
  const k = FREE_TEXT[r.command.name]?.field;
  if (k && typeof c[k] === 'string') c[k] = normalizeText(c[k]);
  return { ...r, command: c };
}

/** ASCII letters, digits and the space in their full-width forms, as a Chinese IME types them. */
function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

/** Deterministic strings from a small seeded generator (mulberry32): alias pieces, CJK, emoji, junk. */
function randomStrings(count: number, seed: number): string[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const pieces = [
    ...Object.values(COMMAND_ALIASES).flat(),
    '全部',
    'all',
    '电梯',
    '叉车',
    '1号梯',
    'AB12CD',
    '护栏松动',
    '@_user_1',
    '@SafeDutyBot',
    '/',
    '／',
    '？',
    '“',
    '”',
    '"',
    ' ',
    '　',
    '\n',
    '\t',
    '\u0000',
    '\u200b',
    '\ufeff',
    '😀',
    '👨‍👩‍👧',
    '\uD800',
    '\uDFFF',
    'Ｈ',
    '１',
    '。',
    ',',
    '：',
    '-',
    '_',
  ];
  const chars = () =>
    String.fromCodePoint(
      pick([
        0x20 + Math.floor(next() * 95),
        0x4e00 + Math.floor(next() * 0x5000),
        0x1f300 + Math.floor(next() * 0x200),
        Math.floor(next() * 0x20),
        0xff01 + Math.floor(next() * 94),
      ]),
    );
  return Array.from({ length: count }, (_, i) => {
    const n = i % 50 === 0 ? 1500 : Math.floor(next() * 12);
    return Array.from({ length: n }, () => (next() < 0.5 ? pick(pieces) : chars())).join('');
  });
}
