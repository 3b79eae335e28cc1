/** zod field types shared by the configuration files, with messages that say what to write. */
import { z } from 'zod';
import { isValidTimeZone, parseDuration, parseHHMM, parseLocalDate } from '../domain/local-time.js';
import { CATEGORIES, CATEGORY_LABELS, type Category, parseCategory } from '../domain/model.js';

z.config(z.locales.zhCN());

export const localDateField = z
  .string({ error: '应为日期，格式 "2026-12-01"（请加引号）' })
  .refine((s) => parseLocalDate(s) !== null, {
    error: (i) => `日期“${String(i.input)}”无法识别，应为 "YYYY-MM-DD"，例如 "2026-12-01"`,
  });

export const hhmmField = z
  .string({ error: '应为时刻，格式 "08:30"（请加引号）' })
  .refine((s) => parseHHMM(s) !== null, {
    error: (i) => `时刻“${String(i.input)}”无法识别，应为 "HH:mm"，例如 "08:30"`,
  });

export const durationField = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((s) => parseDuration(s) !== null, {
    error: (i) => `时长“${String(i.input)}”无法识别，例如 "-2h"（截止前 2 小时）、"0"、"3h"、"-2d9h"`,
  });

export const timeZoneField = z
  .string()
  .refine(isValidTimeZone, { error: (i) => `未知时区“${String(i.input)}”，例如 "Asia/Shanghai"` });

export const categoryField = z.string().transform((s, ctx): Category => {
  const c = parseCategory(s);
  if (c) return c;
  ctx.addIssue({
    code: 'custom',
    message: `未知设备类别“${s}”，可选：${CATEGORIES.map((k) => `${k}（${CATEGORY_LABELS[k]}）`).join('、')}`,
  });
  return z.NEVER;
});

export const mobileField = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).replace(/[\s-]/g, ''))
  .refine((s) => /^1\d{10}$/.test(s), { error: (i) => `手机号“${String(i.input)}”应为 11 位数字` });
