/**
 * The daily check card (日管控) for one officer, or one part of it when the devices need several
 * cards: the PromptView of app/prompts/daily-view.ts drawn by render-view.ts. The same function
 * renders the prompt and every later state (answered devices, one device's detailed form).
 */
import type { DailyCheckPayload } from '../../../app/prompts/daily-view.js';
import type { DeviceStatus } from '../../../app/prompts/prompt-view.js';
import type { CardJson } from './card-json.js';
import type { CardPart, RenderContext } from './render-context.js';
import { cardOfState } from './render-view.js';

export type { DailyCheckPayload } from '../../../app/prompts/daily-view.js';
export { combinedLine } from '../../../app/prompts/daily-view.js';

/** Which view of the card to draw: the device list (default) or one device's detailed form. */
export interface DailyView {
  /** task key of the device whose detailed form is shown */
  open?: string;
  /** what the person entered before a refusal (neutral field names), drawn again */
  entered?: Readonly<Record<string, string>>;
  /** why the last submission was refused, shown above the form */
  problems?: string;
}

/** The card after an action: answered devices read-only; `view` opens one device's form. */
export function renderDailyCard(
  p: DailyCheckPayload,
  ctx: RenderContext,
  status: Readonly<Record<string, DeviceStatus>>,
  part?: CardPart,
  view: DailyView = {},
): CardJson {
  const open = view.open
    ? {
        open: {
          taskKey: view.open,
          ...(view.entered ? { entered: view.entered } : {}),
          ...(view.problems ? { problems: view.problems } : {}),
        },
      }
    : {};
  return cardOfState(p, ctx, { devices: status, ...open, ...(part ? { part } : {}) });
}
