/**
 * The neutral prompt seam: PromptView (what a prompt says and asks), its builders, the action
 * contract and the form readers, the words and time formats every channel shares.
 */

export { HAZARD_LEVEL_LABELS, ITEM_RESULT_LABELS } from '../../domain/answers/daily-answer.js';
export { HAZARD_STATE_LABELS } from '../../domain/answers/hazard-rules.js';
export { KIND_LABELS, TASK_NOUNS } from '../../domain/engine/labels.js';
export { formatDay, formatWhen, isPast, type WhenContext } from '../../domain/format-when.js';
export { CATEGORY_LABELS } from '../../domain/model.js';
export { type CardActionName, type CardActionValue, cardActionValueSchema } from './action-value.js';
export { combinedLine, zeroRiskText } from './daily-view.js';
export {
  dailyAnswerFromForm,
  type FormValue,
  fieldText,
  MAX_RESOLUTIONS,
  MONTHLY_FIELDS,
  monthlyMinutesInput,
  pickedDate,
  WEEKLY_FIELDS,
  weeklyReportInput,
} from './form-values.js';
export type * from './prompt-view.js';
export { clip, oneLine, PROMPT_TEXT_MAX, plainOf } from './text.js';
export { viewOf } from './views.js';
