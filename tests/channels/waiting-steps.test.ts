/**
 * One thing waits for a person's next text or photo at a time, and they always know which
 * (app/commands/waiting.ts), on Telegram (real grammY + Telegram emulator) and Feishu (Lark SDK +
 * Feishu emulator), with the whole service.
 *
 * The bug this walks: a required photo step was open (“请发送整改后照片”) and the person tapped a
 * button on another prompt that starts a dialog; the dialog silently took the photo step's place,
 * so a picture sent next was “not expected” and the “完成” meant for the photos became the dialog's
 * answer (or was refused and the question asked again); “/photo 2” typed during a dialog was
 * swallowed as an answer. Now the step the person just started wins and its first line says what
 * was put aside and how to come back. Walked over every pair: each waiting state (nothing, a photo
 * step, a photo step holding a photo, a dialog, a command question) × each event (a button that
 * starts a dialog, 照片 for another hazard, a command that asks a question, a command that asks
 * nothing, a picture), then where the next input goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { feishuChat, telegramChat } from '../helpers/chat.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { png } from '../helpers/images.js';
import { type TelegramHarness, telegramHarness } from '../helpers/telegram-service.js';

const START = '2026-12-01T00:30:00Z'; // Tuesday 08:30 in Tianjin

async function photosOf(dbUrl: string, no: number): Promise<string[]> {
  const store = await PrismaStore.open(dbUrl);
  try {
    const hazard = await store.db.hazard.findFirstOrThrow({ where: { no } });
    return (await store.evidenceOfHazards([hazard.id])).map((p) => p.stage);
  } finally {
    await store.close();
  }
}

type State = 'nothing' | 'photos' | 'photos+1' | 'dialog' | 'question';
type Event = 'tap dialog' | 'photo 2' | 'question' | 'command' | 'picture';
const STATES: State[] = ['nothing', 'photos', 'photos+1', 'dialog', 'question'];
const EVENTS: Event[] = ['tap dialog', 'photo 2', 'question', 'command', 'picture'];

/** What the first line of the event's answer says about the state it met (null: nothing may be said). */
const ASIDE: Record<State, RegExp | null> = {
  nothing: null,
  photos: /（隐患#1的整改后照片先放一边：稍后发送“照片 1”补发(，核实前必须补上)?。）/,
  'photos+1': /（已先保存您为隐患#1发送的 1 张照片。）/,
  dialog: /（已放弃未完成的.*提交整改情况）填写，没有保存；需要时在原消息上重新点按钮。）/,
  question: /（已取消未完成的上报隐患（1号楼3号货梯：门锁异响）。）/,
};

const CONTINUED = /（继续未完成的填写，已回答的都保留；要重新开始请先发送“取消”。）/;

describe('what waits for the next text or photo, on Telegram (grammY + Telegram emulator)', () => {
  let h: TelegramHarness;
  let rectifyPrompt = 0;
  let pictures = 0;

  beforeAll(async () => {
    h = await telegramHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const chat = telegramChat(() => h);
  const botMessages = (who: string) => chat.botMessages(who);
  const lastId = () => chat.lastId('张三');
  /** the bot's next reply or question to 张三 after `after` */
  const next = (after: number) => chat.next('张三', after);
  const say = (text: string, who = '张三') => chat.say(who, text);
  const picture = () => {
    pictures += 1;
    return chat.photo('张三', png(3 + pictures, 3, [pictures * 7, 90, 30]));
  };
  /** taps 提交整改情况 on hazard #1's rectification prompt: the dialog's first question, and the tap's notice */
  const tapDialog = async () => {
    const after = lastId();
    const notice = await chat.tap('张三', rectifyPrompt, '提交整改情况');
    return { question: await next(after), notice };
  };

  /** brings 张三 to `s` from nothing waiting */
  async function enter(s: State): Promise<void> {
    if (s === 'photos' || s === 'photos+1') {
      expect(await say('/photo 1')).toMatch(/^请(为隐患#1|发送照片).*整改后的现场照片/);
      if (s === 'photos+1') expect(await picture()).toMatch(/^已收到第 1 张照片（隐患#1）/);
    } else if (s === 'dialog') expect((await tapDialog()).question).toMatch(/整改情况/);
    else if (s === 'question') expect(await say('上报隐患 1号楼3号货梯 门锁异响')).toMatch(/请回复隐患等级/);
  }

  /** what waits after the event, and ends it (the cleanup says what it ended) */
  async function clear(w: State | 'photos 2'): Promise<void> {
    if (w === 'dialog') expect(await say('取消')).toMatch(/^已取消.*填写，没有保存任何内容/);
    else if (w === 'question') expect(await say('取消')).toMatch(/^已取消上报隐患/);
    else if (w === 'photos 2') expect(await say('完成')).toMatch(/^已保存 1 张照片（隐患#2/);
    else if (w === 'photos' || w === 'photos+1') {
      if (w === 'photos') await picture();
      expect(await say('完成')).toMatch(/^已保存 \d 张照片（隐患#1/);
    }
  }

  it('sets up: hazard #1 waits for its rectification (a dialog button), hazard #2 is open', async () => {
    await eventually(() => botMessages('张三').find((m) => (m.text ?? '').includes('日管控')));
    expect(await say('上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    expect(await say('2')).toMatch(/确认/);
    expect(await say('确认')).toMatch(/请为隐患#1（1号楼1号客梯）发送现场照片/);
    expect(await picture()).toMatch(/^已收到第 1 张照片（隐患#1）/);
    expect(await say('完成')).toMatch(/^已保存 1 张照片/);
    expect(await say('研判 1 曳引机轴承磨损，停梯更换轴承', '李明')).toMatch(/已确认研判/);
    rectifyPrompt = (
      await eventually(() =>
        botMessages('张三').find(
          (m) => (m.text ?? '').includes('【整改中】严重隐患 #1') && m.reply_markup?.inline_keyboard?.length,
        ),
      )
    ).message_id;
    expect(await say('上报隐患 1号楼2号客梯 轿厢照明不亮')).toMatch(/请回复隐患等级/);
    expect(await say('1')).toMatch(/^已上报一般隐患[\s\S]*隐患#2/);
    // 一般 hazard: its photo step is optional; skipped, so nothing waits
    expect(await say('跳过')).toMatch(/^已跳过照片/);
    // its rectification prompt reaches 张三 too (through the outbox): read before the walk expects replies only
    await eventually(() =>
      botMessages('张三').find(
        (m) => (m.text ?? '').includes('一般隐患 #2') && m.reply_markup?.inline_keyboard?.length,
      ),
    );
  });

  it('the reported bug: a photo step open, a dialog started from another prompt, then a picture and “完成”', async () => {
    await enter('photos');
    const { question, notice } = await tapDialog();
    // the dialog's question says first that the photo step was put aside and how to come back
    expect(question).toMatch(/^⚠️ （隐患#1的整改后照片先放一边：稍后发送“照片 1”补发，核实前必须补上。）\n/);
    expect(question).toMatch(/整改情况/);
    expect(notice).toMatch(/^（隐患#1的整改后照片先放一边/);
    // a picture now is not taken silently for nothing: the person is told what waits instead
    expect(await picture()).toMatch(/^这张照片没有保存：您正在填写.*提交整改情况）/);
    // “/photo 1” (the / menu) during the dialog is a command, not the dialog's answer
    const reopened = await say('/photo 1');
    expect(reopened).toMatch(/^（已放弃未完成的.*填写，没有保存；需要时在原消息上重新点按钮。）\n请为隐患#1/);
    expect(await picture()).toMatch(/^已收到第 1 张照片（隐患#1）/);
    expect(await say('完成')).toMatch(/^已保存 1 张照片（隐患#1/);
    expect(await photosOf(h.dbUrl, 1)).toEqual(['found', 'rectified']);
  });

  it('the same dialog button tapped again continues the dialog where it was', async () => {
    await enter('dialog');
    expect(await say('已更换曳引机轴承')).toMatch(/完成日期/);
    const { question } = await tapDialog();
    expect(question).toMatch(new RegExp(`^⚠️ ${CONTINUED.source}\n`));
    expect(question).toMatch(/完成日期/);
    await clear('dialog');
  });

  it('walks every waiting state against every event; the next text or picture goes where the answer said', async () => {
    const seen: string[] = [];
    for (const s of STATES)
      for (const e of EVENTS) {
        const at = `${s} × ${e}`;
        await enter(s);
        let said = '';
        let left: State | 'photos 2' = s;
        if (e === 'tap dialog') {
          const r = await tapDialog();
          said = r.question.replace(/^⚠️ /, '');
          expect(said, at).toMatch(/整改情况/);
          left = 'dialog';
          // the dialog has the next text: its next question comes
          expect(await say('已更换曳引机轴承'), at).toMatch(/完成日期/);
        } else if (e === 'photo 2') {
          said = await say('/photo 2');
          expect(said, at).toMatch(/请发送照片（最多9张）作为隐患#2（1号楼2号客梯）的整改后的现场照片/);
          left = 'photos 2';
          expect(await picture(), at).toMatch(/^已收到第 1 张照片（隐患#2）/);
        } else if (e === 'question') {
          said = await say('/report_hazard 1号楼3号货梯 门锁异响');
          expect(said, at).toMatch(/上报 1号楼3号货梯：门锁异响\n请回复隐患等级/);
          left = 'question';
        } else if (e === 'command') {
          said = await say('/today');
          expect(said, at).toMatch(/今日/);
          // a command that asks nothing leaves the step waiting and says so (a question is cancelled by it)
          if (s === 'photos' || s === 'photos+1') expect(said, at).toMatch(/\n（仍在等待隐患#1的照片：直接发送照片/);
          if (s === 'dialog') expect(said, at).toMatch(/\n（您还在填写.*：请回答上面的问题，或发送“取消”。）$/);
          if (s === 'question') left = 'nothing';
          if (s === 'nothing') expect(said, at).not.toMatch(/仍在|还在/);
        } else {
          said = await picture();
          if (s === 'nothing') expect(said, at).toMatch(/^现在没有需要照片的事项/);
          if (s === 'photos') expect(said, at).toMatch(/^已收到第 1 张照片（隐患#1）/);
          if (s === 'photos+1') expect(said, at).toMatch(/^已收到第 2 张照片（隐患#1）/);
          if (s === 'dialog') expect(said, at).toMatch(/^这张照片没有保存：您正在填写/);
          if (s === 'question') expect(said, at).toMatch(/^这张照片没有保存：正在等您回复上报隐患/);
          if (s === 'photos') left = 'photos+1';
        }
        // what waited is put aside in the first line when the event starts another step, and only then
        const starts = e !== 'command' && e !== 'picture';
        // the same button again continues its dialog (answers kept) instead of putting it aside
        const sameDialog = s === 'dialog' && e === 'tap dialog';
        const aside = sameDialog ? CONTINUED : ASIDE[s];
        if (starts && aside) expect(said, at).toMatch(new RegExp(`^${aside.source}\\n`));
        else if (!(s === 'question' && e === 'command')) expect(said, at).not.toMatch(/^（/);
        // “照片 1” brings a photo step put aside back
        if (starts && (s === 'photos' || s === 'photos+1')) {
          await clear(left);
          expect(await say('照片 1'), at).toMatch(/整改后的现场照片/);
          left = 'photos';
        }
        await clear(left);
        seen.push(at);
      }
    expect(seen).toHaveLength(STATES.length * EVENTS.length);
  }, 240_000);
});

describe('what waits for the next text or photo, on Feishu (Lark SDK + Feishu emulator)', () => {
  let h: FeishuHarness;
  const ZHANG = OPEN_IDS['张三']!;
  beforeAll(async () => {
    h = await feishuHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const chat = feishuChat(() => h);
  const texts = () => chat.texts('张三');
  const say = (text: string, who = '张三') => chat.say(who, text);
  let pictures = 0;
  const picture = () => {
    pictures += 1;
    return chat.image('张三', png(4 + pictures, 4, [30, pictures * 9, 90]));
  };

  it('two photo steps: the second (a card action) puts the first aside; each picture goes where named', async () => {
    await eventually(() => h.emu.messages({ user: ZHANG }).find((m) => m.card));
    expect(await say('上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    expect(await say('2')).toMatch(/确认/);
    expect(await say('确认')).toMatch(/请为隐患#1（1号楼1号客梯）发送现场照片/);
    expect(await say('上报隐患 1号楼2号客梯 层门关闭不严')).toMatch(
      /^（隐患#1的现场照片先放一边：稍后发送“照片 1”补发，此项必须补上。）\n上报 1号楼2号客梯/,
    );
    expect(await say('3')).toMatch(/确认/);
    expect(await say('确认')).toMatch(/请为隐患#2（1号楼2号客梯）发送现场照片/);
    expect(await picture()).toMatch(/^已收到第 1 张照片（隐患#2）/);
    // 李明 研判 #2; 张三 rectifies it on the card while #2's found photo waits unsaved
    expect(await say('研判 2 层门锁紧装置失效', '李明')).toMatch(/已确认研判/);
    const card = await eventually(
      () =>
        h.emu
          .messages({ user: ZHANG })
          .filter((m) => m.card && JSON.stringify(m.card).includes('【整改中】重大隐患 #2'))
          .at(-1)?.messageId,
    );
    const before = texts().length;
    const r = await h.emu.actOnCard({
      messageId: card,
      user: ZHANG,
      element: 'rectify_submit',
      form: { rectification: '已更换层门锁紧装置' },
    });
    expect(r.toast?.content).toMatch(/^已提交整改/);
    const asked = await eventually(() => texts()[before]);
    expect(asked).toMatch(/^（已先保存您为隐患#2发送的 1 张照片。）\n请为隐患#2（1号楼2号客梯）发送整改后的现场照片/);
    expect(await photosOf(h.dbUrl, 2)).toEqual(['found']);
    // a command meanwhile leaves the step open and says so
    expect(await say('今日')).toMatch(/\n（仍在等待隐患#2的照片：直接发送照片，发完发送“完成”。）$/);
    expect(await picture()).toMatch(/^已收到第 1 张照片（隐患#2）/);
    // 照片 1 brings #1's step back: #2's photo is saved first, the next picture goes to #1
    expect(await say('照片 1')).toMatch(
      /^（已先保存您为隐患#2发送的 1 张照片。）\n请发送照片（最多9张）作为隐患#1（1号楼1号客梯）的现场照片/,
    );
    expect(await photosOf(h.dbUrl, 2)).toEqual(['found', 'rectified']);
    expect(await picture()).toMatch(/^已收到第 1 张照片（隐患#1）/);
    // asking for the same step again continues it
    expect(await say('照片 1')).toMatch(/^请发送照片（最多9张）作为隐患#1.*（已收到 1 张，可继续发送）/);
    expect(await say('完成')).toMatch(/^已保存 1 张照片（隐患#1/);
    expect(await photosOf(h.dbUrl, 1)).toEqual(['found']);
  });
});
