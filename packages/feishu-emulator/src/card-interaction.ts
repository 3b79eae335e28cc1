/**
 * What the Feishu client does when a user touches a card: find the element, apply the client-side
 * rules (required form fields, option values, max lengths, disabled buttons, local-only
 * components) and, when a callback is due, build the `action` object of `card.action.trigger`.
 */
import { asObject, INPUT_TAGS, type PlacedElement, walkElements } from './card-elements.js';
import { EmulatorInputError } from './feishu-error.js';
import type { CardActionFailure, CardActionRequest, CardJson, FormFieldValue } from './types.js';

export interface ActionRefusal {
  failure: Extract<CardActionFailure, 'required_missing' | 'invalid_value' | 'disabled' | 'no_callback'>;
  detail: string;
  missing?: string[];
}

export type ResolvedAction = { action: Record<string, unknown> } | ActionRefusal;

const TIMEZONE = 'Asia/Shanghai';

export function resolveCardAction(card: CardJson, req: CardActionRequest): ResolvedAction {
  const target = findElement(card, req.element);
  const { el, form } = target;
  const tag = String(el['tag']);
  const name = typeof el['name'] === 'string' ? el['name'] : undefined;
  const base: Record<string, unknown> = { tag, ...(name ? { name } : {}), ...callbackValueOf(el) };
  if (tag === 'button') {
    if (el['disabled'] === true) return { failure: 'disabled', detail: 'the button is disabled' };
    if (form && el['form_action_type'] === 'submit') return submitForm(form, req.form ?? {}, base);
    if (form && el['form_action_type'] === 'reset')
      return { failure: 'no_callback', detail: 'a reset button only clears the form on the client' };
    if (!('value' in base)) return { failure: 'no_callback', detail: 'the button has no callback behavior' };
    return { action: base };
  }
  if (form)
    return { failure: 'no_callback', detail: `a ${tag} inside a form sends nothing until the form is submitted` };
  if (tag === 'checker' && !('value' in base))
    return { failure: 'no_callback', detail: 'a checker without behaviors only toggles on the client' };
  if (!INPUT_TAGS.has(tag) && tag !== 'overflow')
    throw new EmulatorInputError(`element "${req.element}" (${tag}) is not interactive`);
  const problem = checkValue(el, req.value);
  if (problem) return { failure: 'invalid_value', detail: problem };
  return { action: { ...base, ...actionFields(tag, req.value) } };
}

function findElement(card: CardJson, ref: string): PlacedElement {
  let found: PlacedElement | undefined;
  walkElements(card, (p) => {
    if (!found && (p.el['name'] === ref || p.el['element_id'] === ref)) found = p;
  });
  if (!found) throw new EmulatorInputError(`the card has no element with name or element_id "${ref}"`);
  return found;
}

/** The callback value of a component: its `callback` behavior (JSON 2.0) or a bare `value`. */
function callbackValueOf(el: CardJson): { value?: Record<string, unknown> } {
  const behaviors = Array.isArray(el['behaviors']) ? el['behaviors'] : [];
  for (const b of behaviors) {
    const behavior = asObject(b);
    const value = behavior && behavior['type'] === 'callback' ? asObject(behavior['value']) : undefined;
    if (value) return { value };
  }
  const bare = asObject(el['value']);
  return bare ? { value: bare } : {};
}

function actionFields(tag: string, value: FormFieldValue | undefined): Record<string, unknown> {
  switch (tag) {
    case 'input':
      return { input_value: value ?? '' };
    case 'checker':
      return { checked: value === true };
    case 'multi_select_static':
    case 'multi_select_person':
      return { options: Array.isArray(value) ? value : [] };
    case 'date_picker':
    case 'picker_time':
    case 'picker_datetime':
      return { option: value, timezone: TIMEZONE };
    default:
      return { option: value };
  }
}

function submitForm(
  form: CardJson,
  given: Record<string, FormFieldValue>,
  base: Record<string, unknown>,
): ResolvedAction {
  const fields = new Map<string, CardJson>();
  walkElements({ body: { elements: [form] } }, ({ el }) => {
    if (INPUT_TAGS.has(String(el['tag'])) && typeof el['name'] === 'string') fields.set(el['name'], el);
  });
  for (const key of Object.keys(given)) {
    if (!fields.has(key)) throw new EmulatorInputError(`the form "${String(form['name'])}" has no field "${key}"`);
  }
  const formValue: Record<string, FormFieldValue> = {};
  const missing: string[] = [];
  for (const [name, el] of fields) {
    const value = given[name] ?? defaultOf(el);
    const problem = value === undefined || value === '' ? undefined : checkValue(el, value);
    if (problem) return { failure: 'invalid_value', detail: `${name}: ${problem}` };
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty && el['required'] === true) missing.push(name);
    if (value !== undefined) formValue[name] = value;
  }
  // The client refuses to submit while a required field is empty: no callback is sent.
  if (missing.length > 0)
    return { failure: 'required_missing', detail: `required fields are empty: ${missing.join(', ')}`, missing };
  return { action: { ...base, form_value: formValue, timezone: TIMEZONE } };
}

/** What the client pre-fills from the card. */
function defaultOf(el: CardJson): FormFieldValue | undefined {
  const tag = el['tag'];
  const pick = (key: string): FormFieldValue | undefined => {
    const v = el[key];
    return typeof v === 'string' ||
      typeof v === 'boolean' ||
      (Array.isArray(v) && v.every((x) => typeof x === 'string'))
      ? (v as FormFieldValue)
      : undefined;
  };
  if (tag === 'input') return pick('default_value');
  if (tag === 'checker') return pick('checked') ?? false;
  if (tag === 'multi_select_static' || tag === 'multi_select_person') return pick('selected_values');
  if (tag === 'date_picker') return pick('initial_date');
  if (tag === 'picker_time') return pick('initial_time');
  if (tag === 'picker_datetime') return pick('initial_datetime');
  return pick('initial_option');
}

/** The checks the client makes before it lets a value through; undefined when fine. */
function checkValue(el: CardJson, value: FormFieldValue | undefined): string | undefined {
  const tag = String(el['tag']);
  const options = Array.isArray(el['options']) ? el['options'].map((o) => String(asObject(o)?.['value'])) : [];
  if (tag === 'select_static') {
    return typeof value === 'string' && options.includes(value)
      ? undefined
      : `"${String(value)}" is not one of the options (${options.join(', ')})`;
  }
  if (tag === 'multi_select_static') {
    return Array.isArray(value) && value.every((v) => options.includes(v))
      ? undefined
      : `values must be a list of options (${options.join(', ')})`;
  }
  if (tag === 'checker') return typeof value === 'boolean' ? undefined : 'a checker takes true or false';
  if (tag === 'input') {
    if (typeof value !== 'string') return 'an input takes text';
    const max = typeof el['max_length'] === 'number' ? el['max_length'] : 1000;
    return [...value].length <= max ? undefined : `text is longer than max_length ${max}`;
  }
  return typeof value === 'string' || Array.isArray(value) ? undefined : `${tag} takes a string value`;
}
