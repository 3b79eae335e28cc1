/**
 * `duties/<category>.yaml`: the text of 《X安全总监职责》 (director) and 《X安全员守则》 (officer) of one
 * equipment category. The built-in files (config/duties/) are drawn from 令74; a configuration folder's
 * duties/ replaces them for every unit, a unit file's `duties: { <category>: <file> }` for that unit.
 * A replacing file may give only one of the two documents (the other stays as it was).
 */
import { z } from 'zod';
import { CATEGORIES } from '../domain/model.js';

const text = (what: string, max: number) =>
  z
    .string({ error: `${what}应为文字` })
    .trim()
    .min(1, { error: `${what}不能为空` })
    .max(max, { error: (i) => `${what}最多 ${max} 字（现有 ${String(i.input).length} 字）` });

const itemsSchema = z
  .array(text('条目', 500), { error: 'items 应为条目列表（每行以“- ”开头）' })
  .min(1, { error: 'items 至少写一条' })
  .max(60, { error: 'items 最多 60 条' });

const sectionSchema = z.strictObject({
  heading: text('heading（小标题）', 40),
  basis: text('basis（依据）', 300).optional(),
  items: itemsSchema,
});

/** One document: a title, an optional preface, and its items, flat (`items`) or in parts (`sections`). */
const documentSchema = z
  .strictObject({
    title: text('title（标题）', 60),
    preface: text('preface（导语）', 500).optional(),
    items: itemsSchema.optional(),
    sections: z.array(sectionSchema, { error: 'sections 应为列表' }).min(1).max(20).optional(),
  })
  .refine((d) => (d.items ? !d.sections : !!d.sections), {
    error: '请写 items（条目列表）或 sections（分部分的条目），二者选一',
  })
  .transform((d) => ({
    title: d.title,
    preface: d.preface,
    sections: d.sections ?? [{ heading: '', items: d.items ?? [] }],
  }));

export const dutiesFileSchema = z
  .strictObject({
    category: z.enum(CATEGORIES, { error: `category 应为设备类别代码之一：${CATEGORIES.join('、')}` }).optional(),
    /** the legal basis printed on both documents */
    source: text('source（依据）', 500).optional(),
    director: documentSchema.optional(),
    officer: documentSchema.optional(),
  })
  .refine((f) => f.director || f.officer, {
    error: '请至少写 director（安全总监职责）或 officer（安全员守则）之一',
  });
export type DutiesFile = z.infer<typeof dutiesFileSchema>;
