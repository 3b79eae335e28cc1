/** `checklists/<category>.yaml`: a default 安全风险管控清单 for one equipment category. */
import { z } from 'zod';
import { CHECK_GROUPS, FREQUENCIES } from '../domain/model.js';
import { categoryField } from './fields.js';

export const checklistItemSchema = z.strictObject({
  group: z.enum(CHECK_GROUPS, { error: `分组应为：${CHECK_GROUPS.join(' / ')}` }),
  content: z.string().trim().min(1),
  standard: z.string().default(''),
  frequency: z.enum(FREQUENCIES, { error: '频次应为 daily、weekly 或 monthly' }).default('daily'),
  required: z.boolean().default(true),
});
export type ChecklistItemSpec = z.infer<typeof checklistItemSchema>;

export const checklistFileSchema = z
  .strictObject({ category: categoryField, title: z.string().min(1), items: z.array(checklistItemSchema).min(1) })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.items.forEach((it, i) => {
      if (seen.has(it.content))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'content'], message: `检查项“${it.content}”重复` });
      seen.add(it.content);
    });
  });
export type ChecklistFile = z.infer<typeof checklistFileSchema>;
