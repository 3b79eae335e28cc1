/**
 * Property: every string the parser accepts gets a real answer through the handler, never the
 * internal-error reply and never an error log. Strings are generated from the command table
 * (every alias of every command) with random arguments: device names as people say them, dates
 * from year 1 to 9999, relative words, export kinds, categories, page numbers and junk.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ChatAccount, handleText, INTERNAL_ERROR } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import type { Logger } from '../../src/app/ports.js';
import { runTick } from '../../src/app/run-tick.js';
import { COMMAND_ALIASES, COMMAND_NAMES, parseCommand } from '../../src/domain/commands/parse-command.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const PEOPLE = ['李明', '张三', '王建国', '赵敏'] as const;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const date = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    m: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
  })
  .map(({ y, m, d }) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const nearDate = fc
  .integer({ min: -400, max: 400 })
  .map((n) => new Date(Date.UTC(2026, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));
/** Boundary dates (the calendar's ends, leap days, invalid months) beside random ones. */
const edgeDate = fc.constantFrom(
  '9999-12-31',
  '0001-01-01',
  '0000-01-01',
  '2026-02-29',
  '2024-02-29',
  '2026-13-01',
  '2099-12-31',
  '2100-01-01',
  '2000-01-01',
  '1999-12-31',
);
const word = fc.oneof(
  fc.constantFrom(
    '1号梯',
    '1号楼1号',
    '3号货梯',
    '0001',
    '160005',
    '锅炉',
    '叉车',
    '电梯',
    '客梯',
    '一号叉车',
    '锅炉房',
    '飞机',
    '全部',
    '未关闭',
    '第2页',
    '2',
    '99',
  ),
  fc.constantFrom(
    '日检',
    '周报',
    '月报',
    '隐患',
    '履职',
    '清单',
    '今天',
    '昨天',
    '本周',
    '上周',
    '本月',
    '上月',
    'excel',
    'word',
    '电梯',
    '场车',
  ),
  edgeDate,
  date,
  nearDate,
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('护栏松动（约５ｃｍ）', '有异响', 'AB12CD34', '１２３', '\n', '　'),
);
const exportArgs = fc
  .tuple(
    fc.constantFrom('日检', '周报', '月报', '隐患', '履职', '清单', 'daily', 'duties'),
    fc.array(
      fc.oneof(
        edgeDate,
        date,
        nearDate,
        fc.constantFrom('今天', '昨天', '本周', '上周', '本月', '上月', '电梯', '锅炉', 'excel', 'word'),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([kind, rest]) => [kind, ...rest]);
/** A command of the table (each equally likely), one of its aliases, and arguments. */
const commandText = fc
  .constantFrom(...COMMAND_NAMES)
  .chain((name) =>
    fc.tuple(
      fc.constantFrom(...COMMAND_ALIASES[name]),
      name === 'export' ? exportArgs : fc.array(word, { maxLength: 4 }),
    ),
  )
  .chain(([alias, args]) =>
    fc.tuple(
      fc.constant(alias),
      fc.constantFrom(' ', '', '　', '：'),
      fc.constant(args),
      fc.constantFrom(' ', '  ', '\n'),
    ),
  )
  .map(([alias, sep, args, joiner]) => `${alias}${sep}${args.join(joiner)}`);

describe('every accepted command gets an answer', () => {
  let e: TestEngine;
  const errors: unknown[] = [];
  let log: Logger;
  const acct = (name: string): ChatAccount => ({ channel: 'feishu', externalId: `ou_fuzz_${name}` });

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T09:40:00Z' });
    log = { ...e.log, error: (obj: unknown) => void errors.push(obj) } as Logger;
    await runTick(e);
    for (const name of PEOPLE) {
      const p = (await e.store.findPeople(name))[0]!;
      const { code } = await createInvite(e, p.id, e.clock.now());
      expect((await handleText({ ...e, log, writers: REPORT_WRITERS }, acct(name), `绑定 ${code}`)).text).toMatch(
        /^绑定成功/,
      );
    }
  }, 60_000);
  afterAll(async () => e?.close());

  it('parser-accepted strings from the command table, with random arguments and dates', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(commandText, fc.constantFrom(...PEOPLE), async (text, who) => {
        if (!parseCommand(text).ok) return;
        accepted++;
        const before = errors.length;
        const reply = await handleText({ ...e, log, writers: REPORT_WRITERS }, acct(who), text);
        expect(reply.text, text).not.toBe(INTERNAL_ERROR);
        expect(reply.text.trim().length, text).toBeGreaterThan(0);
        expect(errors.slice(before), text).toEqual([]);
      }),
      { numRuns: 500, seed: 20261201 },
    );
    expect(accepted).toBeGreaterThan(200); // the rest were refused by the parser (missing or bad arguments)
  }, 240_000);

  it('the dates of issue 11 say which range is allowed', async () => {
    for (const kind of ['日检', '周报', '隐患', '履职', '月报', '清单']) {
      const r = await handleText({ ...e, log, writers: REPORT_WRITERS }, acct('李明'), `导出 ${kind} 9999-12-31`);
      expect(r.text).toContain('只能导出 2000-01-01 至 2099-12-31 之间的记录');
    }
    expect(errors).toEqual([]);
  });
});
