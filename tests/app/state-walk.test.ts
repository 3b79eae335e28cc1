/**
 * Issue 11's general check: no dead end. The demo unit is walked through every state the engine can
 * bring a task, a hazard, an advice or a resolution into (daily, weekly and monthly work; hazards
 * found on one's own card, reported by the director himself, confirmed, rectified, sent back,
 * reassigned, extended, reminded, escalated, verified; advice answered; resolutions done). After
 * every step, for EVERYTHING that waits on a person, the test asserts that this person holds an
 * action that moves it on: a card they received whose button or form targets exactly that task or
 * hazard (rendered by the real Feishu card renderers), and, for hazards, the typed command the card
 * names, which the parser must read as that command for that hazard. The walk then moves each item
 * on, alternately by the card's action and by the typed command, until nothing waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CardJson, renderCards } from '../../src/adapters/feishu/cards/index.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ChatAccount, handleText } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import { reportHazard } from '../../src/app/report-hazard.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { parseCommand } from '../../src/domain/commands/parse-command.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';
type Value = { a: string; k?: string | string[]; h?: string; ok?: boolean };

/** Something that waits on a person: an open task, or a hazard waiting for the director's 研判. */
interface Wait {
  what: string;
  personId: string;
  kind: string;
  step?: string;
  taskKey?: string;
  hazardId?: string;
  hazardNo?: number | null;
}

describe('every state that waits on a person gives that person a way to act', () => {
  let e: TestEngine;
  const names = new Map<string, string>();
  const account = (personId: string): ChatAccount => ({ channel: 'feishu', externalId: `ou_${personId}` });
  const say = async (personId: string, text: string) =>
    (await handleText({ ...e, writers: REPORT_WRITERS }, account(personId), text)).text;
  const id = (name: string) => [...names].find(([, n]) => n === name)![0];
  const visited = new Set<string>();
  const moves = { card: 0, command: 0 };

  const settle = async () => {
    await runTick(e);
    await dispatchOutbox(e);
  };

  /** Everything that waits on someone now. */
  async function waits(): Promise<Wait[]> {
    const unit = await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } });
    const tasks = await e.store.db.task.findMany({
      where: { unitId: unit.id, state: 'open', opensAt: { lte: e.clock.now() } },
      orderBy: { key: 'asc' },
    });
    const hazards = await e.store.db.hazard.findMany({ where: { unitId: unit.id } });
    const byId = new Map(hazards.map((h) => [h.id, h]));
    for (const h of hazards) visited.add(`hazard:${h.state}`);
    const out: Wait[] = tasks.map((t) => {
      const step = (t.detail as { step?: string } | null)?.step;
      visited.add(`task:${t.kind}${step ? `:${step}` : ''}`);
      const h = t.kind === 'hazard' ? byId.get(t.subjectId) : undefined;
      return {
        what: `${t.kind}${step ? `/${step}` : ''} ${t.key} → ${names.get(t.assigneeId)}`,
        personId: t.assigneeId,
        kind: t.kind,
        step,
        taskKey: t.key,
        ...(h ? { hazardId: h.id, hazardNo: h.no } : {}),
      };
    });
    const unitCtx = await e.store.loadUnitContext(unit.id);
    for (const h of hazards.filter((x) => x.state === 'open')) {
      const device = h.equipmentId
        ? await e.store.db.equipment.findUniqueOrThrow({ where: { id: h.equipmentId } })
        : null;
      const directors = unitCtx!.people.filter((p) =>
        p.roles.some(
          (r) =>
            r.role === 'director' &&
            (r.categories.length === 0 || !device || r.categories.includes(device.category as never)),
        ),
      );
      for (const d of directors)
        out.push({
          what: `hazard #${h.no} 研判 → ${d.name}`,
          personId: d.id,
          kind: 'confirm',
          hazardId: h.id,
          hazardNo: h.no,
        });
    }
    const advice = await e.store.db.advice.findMany({ where: { unitId: unit.id } });
    for (const a of advice) visited.add(`advice:${a.answer ?? 'open'}`);
    return out;
  }

  /** The cards a person has received, as the Feishu adapter renders them. */
  function cardsOf(personId: string): CardJson[] {
    return e.messenger.sent
      .filter((s) => s.to.personId === personId)
      .flatMap((s) =>
        renderCards(s.message.payload, {
          timeZone: 'Asia/Shanghai',
          now: e.clock.now(),
          taskKey: s.message.taskKeys[0],
        }),
      );
  }

  function valuesOf(card: CardJson): { name: string; value: Value }[] {
    const out: { name: string; value: Value }[] = [];
    const walk = (x: unknown) => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (o['tag'] === 'button' && Array.isArray(o['behaviors']))
        for (const b of o['behaviors'] as { value: Value }[]) out.push({ name: String(o['name']), value: b.value });
      Object.values(o).forEach(walk);
    };
    walk(card.body);
    return out;
  }

  /** The commands a card offers: “也可直接回复：“整改 3 整改情况” 或 …”. */
  function commandsOf(card: CardJson): string[] {
    const text = JSON.stringify(card.body).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
    return [...text.matchAll(/也可直接回复：([^<"]*)/g)].flatMap((m) =>
      [...m[1]!.matchAll(/“([^”]+)”/g)].map((q) => q[1]!),
    );
  }

  const ACTION_OF: Record<string, string[]> = {
    daily: ['daily_zero', 'daily_open', 'daily_submit', 'daily_zero_all'],
    weekly: ['weekly_submit'],
    monthly: ['monthly_submit'],
    advice: ['advice_answer'],
    resolution: ['resolution_done'],
    'hazard:rectify': ['hazard_rectify'],
    'hazard:verify': ['hazard_verify'],
    confirm: ['hazard_confirm'],
  };
  const COMMAND_OF: Record<string, string> = {
    'hazard:rectify': 'rectify',
    'hazard:verify': 'verify',
    confirm: 'confirm_hazard',
  };
  const slot = (w: Wait) => (w.kind === 'hazard' ? `hazard:${w.step}` : w.kind);

  /** The card actions the person holds for this wait, and the commands those cards name for it. */
  function actionsFor(w: Wait): { button: Value | undefined; command: string | undefined } {
    let button: Value | undefined;
    let command: string | undefined;
    for (const card of cardsOf(w.personId)) {
      const hits = valuesOf(card).filter(
        ({ value: v }) =>
          ACTION_OF[slot(w)]!.includes(v.a) &&
          (w.hazardId ? v.h === w.hazardId : v.k === w.taskKey || (Array.isArray(v.k) && v.k.includes(w.taskKey!))),
      );
      if (hits.length === 0) continue;
      button ??= hits[0]!.value;
      for (const c of commandsOf(card)) {
        const p = parseCommand(c);
        if (
          p.ok &&
          p.command.name === COMMAND_OF[slot(w)] &&
          'target' in p.command &&
          'no' in p.command.target &&
          p.command.target.no === w.hazardNo
        )
          command ??= c;
      }
    }
    return { button, command };
  }

  async function assertNoDeadEnd(when: string): Promise<Wait[]> {
    const all = await waits();
    for (const w of all) {
      const { button, command } = actionsFor(w);
      expect(button, `${when}: ${w.what} has no card action for its person`).toBeDefined();
      if (w.hazardId) expect(command, `${when}: ${w.what} has no typed command on its card`).toBeDefined();
    }
    return all;
  }

  /** Moves one wait on: hazards alternately by the card and by the typed command; the rest by the card. */
  async function moveOn(w: Wait, i: number): Promise<void> {
    const { button, command } = actionsFor(w);
    const byCommand = w.hazardId !== undefined && i % 2 === 1;
    if (byCommand) {
      const text = command!
        .replace('整改情况', '已整改，试运行正常')
        .replace('研判意见', '停用检修，按期整改')
        .replace(/ 退回 意见$/, ' 通过');
      const reply = await say(w.personId, text.startsWith('核实') ? text.replace(/ 退回.*$/, ' 通过') : text);
      expect(reply, `${w.what}: “${text}”`).toMatch(/^已/);
      moves.command++;
    } else {
      const form: Record<string, unknown> = {
        rectification: '已整改，试运行正常',
        note: '停用检修，按期整改',
        comment: '现场核实',
        reason: '采纳，列入下月计划',
        evaluation: '良好',
        nextWeekFocus: '电梯层门',
        meetingTime: '11月28日 14:00',
        location: '会议室',
        attendees: '王建国、李明',
        nextMonthFocus: '冬季锅炉',
        r1_content: '更换2号楼层门滚轮',
        r1_owner: id('赵敏'),
        r1_deadline: '2026-11-30',
        q_rest: 'normal',
        mt_mode: 'none',
      };
      // A daily device: its own 全部正常 (the card also offers the whole card's, and the form).
      const v =
        w.kind === 'daily'
          ? { a: 'daily_zero', k: w.taskKey }
          : button!.a === 'advice_answer'
            ? { ...button!, ans: 'adopted' }
            : button!;
      const r = await handleCardAction(e, w.personId, { ...(v as object), form } as never);
      expect(r, `${w.what}: ${JSON.stringify(v)}`).toMatchObject({ ok: true });
      moves.card++;
    }
  }

  /** Moves everything on, round by round, checking before each round. */
  async function drain(label: string, rounds = 12): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      const all = await assertNoDeadEnd(`${label}, round ${round}`);
      if (all.length === 0) return;
      let i = round;
      const done = new Set<string>();
      for (const w of all) {
        const key = w.hazardId ?? w.taskKey!;
        if (done.has(key)) continue; // one action per hazard per round: the next one depends on it
        done.add(key);
        await moveOn(w, i++);
      }
      await settle();
    }
    expect(await waits()).toEqual([]);
  }

  beforeAll(async () => {
    // Wednesday 25 November: the month's dispatch opens today, the week's review is open.
    e = await demoEngine({ start: '2026-11-25T00:30:00Z' });
    await settle();
    for (const p of await e.store.db.person.findMany()) {
      names.set(p.id, p.name);
      const { code } = await createInvite(e, p.id, e.clock.now());
      expect(await say(p.id, `绑定 ${code}`)).toMatch(/^绑定成功/);
    }
  }, 60_000);
  afterAll(async () => e?.close());

  it('finds a way on for a day with hazards found on one’s own card, ' +
    'reported by the director himself, and advice', async () => {
    e.clock.set('2026-11-25T01:10:00Z'); // 09:10: the monthly dispatch is open too
    await settle();
    const unit = await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } });
    const device = (code: string) => e.store.db.equipment.findUniqueOrThrow({ where: { code } });
    const li = id('李四');
    // 李四: a serious finding (use stopped) on one device, a general one on another, on his own card
    for (const [code, level, stop] of [
      ['31101201160004', 'serious', true],
      ['31101201160005', 'general', false],
    ] as const) {
      const d = await device(code);
      const cl = await e.store.checklistInForce(UNIT, d.category as never, '2026-11-25');
      const daily = cl!.items.filter((x) => x.frequency === 'daily');
      const items = daily.map((_, n) =>
        n === 3
          ? {
              seq: 4,
              result: 'abnormal' as const,
              description: `${level} 发现`,
              level,
              measures: '已设警示',
              stoppedUse: stop,
            }
          : { seq: n + 1, result: 'normal' as const },
      );
      expect(
        (
          await submitDailyCheck(e, {
            actorId: li,
            answers: [{ taskKey: `task:${UNIT}:daily:2026-11-25:${d.id}`, zeroRisk: false, items }],
          })
        ).ok,
      ).toBe(true);
    }
    // the director reports one himself: he must still get the 研判 card
    const zhangDevice = await device('31101201160001');
    expect(
      (
        await reportHazard(e, {
          actorId: id('李明'),
          unitId: unit.id,
          equipmentId: zhangDevice.id,
          level: 'major',
          description: '曳引钢丝绳断丝',
          measures: '已停梯',
          stoppedUse: true,
        })
      ).ok,
    ).toBe(true);
    // an officer's advice waits on the principal
    expect(await say(id('张三'), '意见 建议为电梯加装轿厢视频监控')).toMatch(/意见建议/);
    await settle();
    await drain('day 1');
    expect(await e.store.db.hazard.count({ where: { state: { not: 'verified' } } })).toBe(0);
    expect(
      await e.store.db.equipment.count({
        where: { code: { in: ['31101201160001', '31101201160004'] }, status: 'paused' },
      }),
    ).toBe(0);
  }, 120_000);

  it('finds a way on for a hazard sent back, reassigned, extended, reminded and escalated', async () => {
    e.clock.set('2026-11-26T01:00:00Z');
    await settle();
    const unit = await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } });
    const boiler = await e.store.db.equipment.findUniqueOrThrow({ where: { code: '11101201160001' } });
    const r = await reportHazard(e, {
      actorId: id('赵敏'),
      unitId: unit.id,
      equipmentId: boiler.id,
      level: 'general',
      description: '压力表铅封缺失',
      measures: '',
      stoppedUse: false,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    await settle();
    const no = (await e.store.db.hazard.findUniqueOrThrow({ where: { id: r.value.hazardId } })).no!;
    await assertNoDeadEnd('reported');
    expect(await say(id('李明'), `转交 ${no} 张三 赵敏休假`)).toBe(`已转交 · 隐患#${no} 赵敏 → 张三。`);
    await settle();
    await assertNoDeadEnd('reassigned');
    expect(await say(id('李明'), `延期 ${no} 2天`)).toMatch(/请写上延期的原因/);
    expect(await say(id('李明'), `延期 ${no} 2天 等待铅封到货`)).toMatch(
      new RegExp(`^已延期 · 隐患#${no} 期限延至 12月1日 17:30`),
    );
    await settle();
    await assertNoDeadEnd('extended');
    // the history keeps both, in the record chain
    const kinds = (
      await e.store.db.record.findMany({
        where: { kind: { in: ['hazard_reassigned', 'hazard_extended'] } },
        orderBy: { seq: 'asc' },
      })
    ).map((x) => [x.kind, (x.payload as { reason: string }).reason]);
    expect(kinds).toEqual([
      ['hazard_reassigned', '赵敏休假'],
      ['hazard_extended', '等待铅封到货'],
    ]);
    // through the reminder and the escalations, the new assignee still holds the action
    for (const at of ['2026-12-01T05:30:00Z', '2026-12-01T09:30:00Z', '2026-12-02T09:30:00Z']) {
      e.clock.set(at);
      await settle();
      await assertNoDeadEnd(at);
    }
    expect(
      e.messenger.sent.some(
        (s) =>
          s.message.purpose === 'reminder' && s.message.taskKeys.length > 0 && names.get(s.to.personId!) === '张三',
      ),
    ).toBe(true);
    // sent back once, then through
    expect(await say(id('张三'), `整改 ${no} 补加铅封`)).toMatch(/^已提交整改/);
    await settle();
    expect(await say(id('李明'), `核实 ${no} 退回 铅封未校验`)).toMatch(/^已退回整改/);
    await settle();
    await drain('after rework');
    expect((await e.store.db.hazard.findUniqueOrThrow({ where: { id: r.value.hazardId } })).state).toBe('verified');
    // 隐患 <隐患号>: the whole hazard with its history, from the record chain
    const detail = await say(id('李明'), `隐患 ${no}`);
    expect(detail).toMatch(new RegExp(`^隐患 #${no}【一般】已核实关闭 · 燃气热水锅炉\n问题：压力表铅封缺失`));
    const history = detail
      .split('经过：\n')[1]!
      .split('\n')
      .map((l) => l.replace(/^· (\d{1,2}月\d{1,2}日 )?\d\d:\d\d /, '').replace(/（记录 \d+）$/, ''));
    expect(history).toEqual([
      '赵敏 上报',
      '李明 转交：赵敏 → 张三：赵敏休假',
      expect.stringMatching(/^李明 延期：期限延至 12月1日 17:30：等待铅封到货$/),
      '张三 提交整改：补加铅封',
      '李明 退回整改：铅封未校验',
      expect.stringMatching(/^张三 提交整改：/),
      expect.stringMatching(/^李明 核实通过/),
    ]);
    expect(await say(id('李四'), `隐患 ${no}`)).toMatch(/不在您负责的设备或事项中/);
  }, 120_000);

  it('walked every state', () => {
    for (const s of [
      'hazard:open',
      'hazard:rectifying',
      'hazard:rectified',
      'hazard:verified',
      'task:daily',
      'task:hazard:rectify',
      'task:hazard:verify',
      'task:advice',
      'advice:open',
      'advice:adopted',
      'task:monthly',
      'task:resolution',
    ]) {
      expect(visited, s).toContain(s);
    }
    expect(moves.card).toBeGreaterThan(0);
    expect(moves.command).toBeGreaterThan(0);
  });
});
