/** `checklists/<category>.yaml`: a default 安全风险管控清单 for one equipment category. */
import { z } from 'zod';
import { PHOTO_RULES } from '../domain/evidence/photo-rules.js';
import { CHECK_GROUPS, FREQUENCIES } from '../domain/model.js';
import { categoryField } from './fields.js';

const photoRule = z.enum(PHOTO_RULES, { error: `photo 应为：${PHOTO_RULES.join(' / ')}` });

export const checklistItemSchema = z.strictObject({
  group: z.enum(CHECK_GROUPS, { error: `分组应为：${CHECK_GROUPS.join(' / ')}` }),
  content: z.string().trim().min(1),
  standard: z.string().default(''),
  frequency: z.enum(FREQUENCIES, { error: '频次应为 daily、weekly 或 monthly' }).default('daily'),
  required: z.boolean().default(true),
  /** photos on 异常 (domain/evidence/photo-rules.ts); absent: the file's `photo`, else required for 严重/重大 */
  photo: photoRule.optional(),
});
export type ChecklistItemSpec = z.infer<typeof checklistItemSchema>;

export const checklistFileSchema = z
  .strictObject({
    category: categoryField,
    title: z.string().min(1),
    photo: photoRule.optional(),
    items: z.array(checklistItemSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.items.forEach((it, i) => {
      if (seen.has(it.content))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'content'], message: `检查项“${it.content}”重复` });
      seen.add(it.content);
    });
  })
  // The file's `photo` is each item's unless the item says otherwise.
  .transform(({ photo, ...c }) => ({ ...c, items: c.items.map((it) => (it.photo || !photo ? it : { ...it, photo })) }));
export type ChecklistFile = z.infer<typeof checklistFileSchema>;
