/** The small pieces: the callback schema, form reading, relative times, user text in markdown. */

import { describe, expect, it } from 'vitest';
import { mdText, oneLine } from '../../../src/adapters/feishu/cards/card-json.js';
import {
  cardActionValueSchema,
  dailyDeviceIndex,
  dailyFields,
  pickedDate,
  renderDone,
} from '../../../src/adapters/feishu/cards/index.js';
import { dailyAnswerFromForm as answerFromFields } from '../../../src/app/handle-card-action.js';
import { formatWhen, isPast } from '../../../src/domain/format-when.js';
import { assertValid } from './card-helpers.js';

describe('cardActionValueSchema', () => {
  it.each([
    [{ a: 'daily_zero', k: 'task:1' }],
    [{ a: 'ack', k: ['task:1', 'task:2'] }],
    [{ a: 'hazard_verify', h: 'hz-1', ok: false }],
    [{ a: 'advice_answer', k: 'task:1', ans: 'adopted' }],
  ])('accepts %j', (v) => {
    expect(cardActionValueSchema.parse(v)).toEqual(v);
  });

  it.each([
    ['an unknown action', { a: 'delete_all', k: 'x' }],
    ['an empty ack', { a: 'ack', k: [] }],
    ['a verify without ok', { a: 'hazard_verify', h: 'hz-1' }],
    ['a bad answer', { a: 'advice_answer', k: 'x', ans: 'maybe' }],
    ['a string', 'daily_zero'],
    ['no task key', { a: 'daily_submit' }],
  ])('refuses %s', (_name, v) => {
    expect(cardActionValueSchema.safeParse(v).success).toBe(false);
  });

  it('recovers the device from a daily button name', () => {
    expect(dailyDeviceIndex('d12_submit')).toBe(12);
    expect(dailyDeviceIndex('d3_zero')).toBe(3);
    expect(dailyDeviceIndex('weekly_submit')).toBeNull();
  });
});

describe('form values', () => {
  it('strips the device prefix, keeps text as typed and ignores values that are not results', () => {
    expect(dailyFields({ d4_i1: 'normal', d4_x1_desc: ' 漏油　ＡＢ ', d4_x1_level: 'serious' })).toEqual({
      i1: 'normal',
      x1_desc: ' 漏油　ＡＢ ',
      x1_level: 'serious',
    });
    expect(
      answerFromFields(
        'k',
        dailyFields({ d1_i1: 'normal', d1_i2: 'broken', d1_i3: 'abnormal', d1_stop: 'yes', d1_level: 'huge' }),
      ).items,
    ).toEqual([
      { seq: 1, result: 'normal' },
      { seq: 3, result: 'abnormal', stoppedUse: true },
    ]);
  });

  it('reads date picker values as dates', () => {
    expect(pickedDate('2026-12-31 +0800')).toBe('2026-12-31');
    expect(pickedDate('')).toBe('');
  });
});

describe('times and text', () => {
  const ctx = { timeZone: 'Asia/Shanghai', now: new Date('2026-12-31T15:30:00Z') }; // 2026-12-31 23:30 in Shanghai

  it('says the date in the unit’s zone, never 今天 / 明天 (a card is read on other days than it was drawn)', () => {
    expect(formatWhen('2026-12-31T10:00:00Z', ctx)).toBe('12月31日 18:00');
    expect(formatWhen('2026-12-31T16:00:00Z', ctx)).toBe('2027年1月1日 00:00');
    expect(formatWhen('2026-12-30T01:00:00Z', ctx)).toBe('12月30日 09:00');
    expect(formatWhen('2027-01-09T02:00:00Z', { ...ctx, now: new Date('2027-01-02T00:00:00Z') })).toBe('1月9日 10:00');
    expect(formatWhen('2026-12-31', ctx)).toBe('12月31日');
    expect(formatWhen('2027-01-01T02:00:00Z', { ...ctx, timeZone: 'UTC' })).toBe('2027年1月1日 02:00');
  });

  it('treats a plain-date deadline as passed only after that day', () => {
    expect(isPast('2026-12-31', ctx)).toBe(false);
    expect(isPast('2026-12-30', ctx)).toBe(true);
  });

  it('keeps user text from formatting or mentioning: HTML entities, as the rich-text doc says', () => {
    expect(mdText('<at id=all></at> **粗** [链接](x) ~~删~~')).toBe(
      '&#60;at id&#61;all&#62;&#60;&#47;at&#62; &#42;&#42;粗&#42;&#42; &#91;链接&#93;&#40;x&#41; &sim;&sim;删&sim;&sim;',
    );
    // a leading #, -, 1., > or _x_ on any line stays text; four leading blanks do not make code
    expect(mdText('# 标题\n- 项\n1. 项\n> 引\n_x_\n    代码')).toBe(
      '&#35; 标题\n&#45; 项\n1&#46; 项\n&#62; 引\n&#95;x&#95;\n代码',
    );
    expect(mdText('&#35; 3.5MPa | a=b')).toBe('&#38;&#35;35; 3&#46;5MPa &#124; a&#61;b');
    expect(oneLine('第一行\n第二行', 5)).toBe('第一行 …');
  });

  it('renders a done weekly card without a task key', () => {
    const card = renderDone(
      {
        type: 'weekly_review',
        unitName: '示范医院',
        period: '2026-W49',
        dueAt: '2026-12-04T10:00:00Z',
        categories: [],
      },
      ctx,
      '已提交 18:02 · 李总监',
      'green',
    );
    assertValid(card);
    expect(card.header.title.content).toBe('周排查 · 2026-W49 排查治理报告');
  });
});
