/**
 * The actions of a prompt as a channel without forms uses them: one flat, stable list (buttons
 * outside forms, then each daily device's, then each form's submit buttons), so that a button can
 * carry an index instead of the action, and the dialog a form's submit button starts.
 *
 * Indices are taken on the view as SENT (no state): answering a device removes its buttons from
 * the redrawn view, but never shifts another button's index. `identityOf` is what a button's digest
 * covers: the action without the parts a redraw changes (全部正常 lists only the devices still open).
 */
import type { ActionView, FieldView, FormView, Line, PromptView } from '../prompts/prompt-view.js';
import { type DialogField, type DialogTurn, startDailyDialog, startFormDialog } from './dialog.js';

export function promptActions(view: PromptView): ActionView[] {
  return [...view.actions, ...(view.devices ?? []).flatMap((d) => d.actions), ...view.forms.flatMap((f) => f.submits)];
}

/** What identifies an action across redraws of its prompt. */
export function identityOf(a: ActionView['value']): string {
  const v = a as { a: string; k?: string | string[]; h?: string; ok?: boolean; ans?: string };
  const key = v.a === 'daily_zero_all' ? '' : Array.isArray(v.k) ? v.k.join(',') : (v.k ?? '');
  return [v.a, key, v.h ?? '', v.ok === undefined ? '' : String(v.ok), v.ans ?? ''].join('|');
}

/** The index of `action` in the sent view's list (by identity), or -1. */
export function indexOfAction(sent: PromptView, action: ActionView['value']): number {
  const id = identityOf(action);
  return promptActions(sent).findIndex((a) => identityOf(a.value) === id);
}

const plain = (l: Line): string => l.map((s) => (typeof s === 'string' ? s : s.text)).join('');

/**
 * A person field with more options than a keyboard shows well is asked as a typed name (the use case reads names too).
 */
const MAX_CHOICES = 30;
/** A dialog question's words (dialogFieldSchema's label). */
const LABEL_MAX = 200;

/** A form field as a dialog question. */
export function dialogFieldOf(f: FieldView): DialogField {
  const before = (f.before ?? []).map(plain).join(' ').trim();
  const label = [before, f.label ?? (before ? '' : (f.placeholder ?? f.id))].filter(Boolean).join('：');
  const options = (f.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  const choice = (f.kind === 'choice' || f.kind === 'person') && options.length > 0 && options.length <= MAX_CHOICES;
  return {
    id: f.id,
    label: [...label].length > LABEL_MAX ? `${[...label].slice(0, LABEL_MAX - 1).join('')}…` : label,
    kind: choice ? 'choice' : f.kind === 'date' ? 'date' : 'text',
    // a field asked only under a condition (a 清单 item's level and note) must then be answered
    required: f.required === true || f.showWhen?.required === true,
    ...(choice ? { options } : {}),
    ...(f.showWhen ? { showWhen: { field: f.showWhen.field, values: [...f.showWhen.values] } } : {}),
    ...(f.series ? { series: f.series.id, rest: f.series.rest } : {}),
    ...(f.initial !== undefined ? { initial: f.initial } : {}),
    ...(f.maxLength !== undefined ? { max: f.maxLength } : {}),
    ...(f.placeholder ? { placeholder: f.placeholder } : {}),
  };
}

/**
 * What tapping `action` on `view` does on a channel without forms: a dialog (daily 有异常 → the
 * 异常 dialog for that device; a form's submit button → that form's fields one by one), or null:
 * the action is submitted as it is (零风险, 全部正常, 已知悉, 刷新数据 …).
 */
export function dialogForAction(
  view: PromptView,
  action: ActionView,
  ids: { dialogId: string; messageId: string; zone: string },
): DialogTurn | null {
  const v = action.value as { a: string; k?: string | string[] };
  if (v.a === 'daily_open') {
    const device = (view.devices ?? []).find((d) => d.taskKey === v.k);
    if (!device) return null;
    return startDailyDialog({
      id: ids.dialogId,
      messageId: ids.messageId,
      zone: ids.zone,
      taskKey: device.taskKey,
      device: device.name,
      items: device.items.map(({ seq, content }) => ({ seq, content })),
    });
  }
  if (!action.submits) return null;
  const form = view.forms.find((f) => f.submits.includes(action));
  if (!form || form.fields.length === 0) return null;
  return startFormDialog({
    id: ids.dialogId,
    messageId: ids.messageId,
    zone: ids.zone,
    topic: topicOf(view, form, action),
    action: action.value as { a: string },
    fields: form.fields.filter((f) => f.restOf === undefined).map(dialogFieldOf),
  });
}

function topicOf(view: PromptView, form: FormView, action: ActionView): string {
  const about = form.title ? plain(form.title) : view.title;
  return `${about}（${action.label}）`;
}
