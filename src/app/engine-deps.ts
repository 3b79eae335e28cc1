/** What the duty engine's use cases need: the ports, the calendar and the service-wide defaults. */

import type { DeadlinePolicy, EscalationPolicies, Schedule } from '../domain/engine/policy.js';
import type { HolidayCalendar } from '../domain/holiday-calendar.js';
import type { Metrics } from './metrics.js';
import type { ChannelRegistry, Clock, Logger, PromptSender, Store } from './ports.js';

export interface EngineDefaults {
  schedule: Schedule;
  escalation: EscalationPolicies;
  quiet_hours: { start: string; end: string } | null;
  /** a chat (e.g. a Feishu group of administrators) told about dead letters, besides the unit's director */
  admin_chat?: string;
  /** 定期检验 and certificate reminders (service config `deadlines`); absent: 30 and 7 days */
  deadlines?: DeadlinePolicy;
}

/**
 * `S`: the parts of the Store a use case uses (`EngineDeps<OutboxStore>`); the composition root holds
 * the whole Store.
 */
export interface EngineDeps<S = Store> {
  store: S;
  clock: Clock;
  log: Logger;
  calendar: HolidayCalendar;
  defaults: EngineDefaults;
  /** the configured channels; the outbox is delivered through them (dispatch-outbox.ts) */
  channels: ChannelRegistry<PromptSender>;
  /** counters for the operator (/metrics); absent in tests and simulations */
  metrics?: Metrics;
  /** photos are kept as evidence (app/evidence): a 核实 prompt then says when its required photo is missing */
  photosKept?: boolean;
}
