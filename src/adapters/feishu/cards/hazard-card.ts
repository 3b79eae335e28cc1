/** The header colour of a hazard card (the view's tone: app/prompts/hazard-view.ts). */
import { hazardTone } from '../../../app/prompts/hazard-view.js';
import type { HazardNotice } from '../../../domain/engine/payloads.js';
import { templateOf } from './render-view.js';

/** Green only when verified, never while the hazard is still open; red for serious and major, orange for general. */
export const stateTemplate = (level: HazardNotice['level'], state: HazardNotice['state']): 'green' | 'orange' | 'red' =>
  templateOf(hazardTone(level, state)) as 'green' | 'orange' | 'red';
