/**
 * The neutral prompt seam: PromptView (what a prompt says and asks), its builders, the action
 * contract and the form readers, the words and time formats every channel shares.
 */
export type * from './prompt-view.js';
export { cardActionValueSchema, type CardActionName, type CardActionValue } from './action-value.js';
export { dailyAnswerFromForm, fieldText, monthlyMinutesInput, MAX_RESOLUTIONS, MONTHLY_FIELDS, pickedDate, weeklyReportInput, WEEKLY_FIELDS, type FormValue } from './form-values.js';
export { KIND_LABELS, TASK_NOUNS } from '../../domain/engine/labels.js';
export { HAZARD_LEVEL_LABELS, ITEM_RESULT_LABELS } from '../../domain/answers/daily-answer.js';
export { HAZARD_STATE_LABELS } from '../../domain/answers/hazard-rules.js';
export { CATEGORY_LABELS } from '../../domain/model.js';
export { formatDay, formatWhen, isPast, type WhenContext } from '../../domain/format-when.js';
export { viewOf } from './views.js';
export { combinedLine, zeroRiskText } from './daily-view.js';
export { clip, oneLine, plainOf, PROMPT_TEXT_MAX } from './text.js';
