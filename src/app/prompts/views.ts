/**
 * `viewOf(payload, ctx, state?)`: the PromptView of any stored payload, in the state a redraw
 * gives (PromptState). Without a state: the prompt as sent.
 */
import { HAZARD_STATE_LABELS } from '../../domain/answers/hazard-rules.js';
import type { Payload } from '../../domain/engine/payloads.js';
import { adviceAnsweredView, adviceRequestView, noticeView, resolutionView } from './answer-views.js';
import { dailyView } from './daily-view.js';
import { hazardTone, hazardView } from './hazard-view.js';
import { escalationView, reminderView } from './list-views.js';
import { monthlyView, weeklyView, withEntered } from './period-view.js';
import type { DoneView, PromptContext, PromptState, PromptView } from './prompt-view.js';
import { lines } from './text.js';

/** The prompt of `payload` as sent (no state) or redrawn in `state`. */
export function viewOf(payload: Payload, ctx: PromptContext, state: PromptState = {}): PromptView {
  if (payload.type === 'daily_check')
    return state.done
      ? doneView(
          dailyView(payload, ctx),
          state.done,
          payload.devices.map((d) => d.name),
        )
      : dailyView(payload, ctx, state);
  if (payload.type === 'hazard_notice' && state.hazard) {
    // The hazard as it is now: its state in the title, its tone in the header, the done line led by the state.
    const view = hazardView({ ...payload, state: state.hazard.state, level: state.hazard.level }, ctx);
    const label = HAZARD_STATE_LABELS[state.hazard.state];
    const tone = hazardTone(state.hazard.level, state.hazard.state);
    return state.done ? doneView(view, { line: `${label} · ${state.done.line}`, tone }) : { ...view, tone };
  }
  // A done weekly or monthly prompt asks nothing, so a missing task key does not matter there.
  const view = baseView(payload, state.done ? { taskKey: '-', ...ctx } : ctx, state);
  return state.done ? doneView(view, state.done) : view;
}

function baseView(p: Exclude<Payload, { type: 'daily_check' }>, ctx: PromptContext, state: PromptState): PromptView {
  switch (p.type) {
    case 'weekly_review':
      return withEntered(weeklyView(p, ctx), state.form);
    case 'monthly_dispatch':
      return withEntered(monthlyView(p, ctx), state.form);
    case 'reminder':
      return reminderView(p, ctx);
    case 'escalation':
      return escalationView(p, ctx);
    case 'hazard_notice':
      return hazardView(p, ctx);
    case 'advice_request':
      return adviceRequestView(p, ctx);
    case 'advice_answered':
      return adviceAnsweredView(p);
    case 'resolution_assigned':
      return resolutionView(p, ctx);
    case 'notice':
      return noticeView(p);
  }
}

/**
 * The read-only state after the prompt was acted on: the same title and facts (a daily prompt: its
 * devices by name), the forms and actions gone, the done line as subtitle and summary, in its tone.
 */
function doneView(view: PromptView, done: DoneView, deviceNames?: readonly string[]): PromptView {
  const facts = deviceNames ? [lines(...deviceNames.map((n) => [`· ${n}`]))] : view.facts;
  return {
    kind: view.kind,
    title: view.title,
    subtitle: done.line,
    tone: done.tone,
    summary: done.line,
    facts,
    forms: [],
    actions: [],
    done,
  };
}
