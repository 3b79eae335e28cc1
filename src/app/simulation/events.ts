/** What a simulation prints, one event per line (or one JSON object per line with --json). */
import type { ItemRef, Payload } from '../../domain/engine/payloads.js';
import type { TaskKind } from '../../domain/engine/policy.js';

export interface Who {
  id: string;
  name: string;
  role: string;
}

export interface SimEvent {
  /** ISO instant */
  at: string;
  event:
    | 'prompt'
    | 'reminder'
    | 'escalation'
    | 'hazard'
    | 'advice'
    | 'notice'
    | 'record'
    | 'refused'
    | 'non_operating_day'
    | 'missed';
  task: TaskKind | null;
  /** '2026-12-01', '2026-W49', '2026-12' */
  period: string | null;
  unit: string;
  to?: Who;
  by?: Who;
  devices?: string[];
  text: string;
}

/** The task kind, period and devices a message payload is about. */
export function aboutPayload(
  p: Payload,
  fallbackPeriod: string,
): { task: TaskKind | null; period: string; devices?: string[] } {
  switch (p.type) {
    case 'daily_check':
      return { task: 'daily', period: p.date, devices: p.devices.map((d) => d.name) };
    case 'weekly_review':
      return { task: 'weekly', period: p.period };
    case 'monthly_dispatch':
      return { task: 'monthly', period: p.period };
    case 'reminder':
      return { task: p.kind, period: p.period, devices: devicesOf(p.items) };
    case 'escalation':
      return { task: p.kind, period: p.period, devices: devicesOf(p.groups.flatMap((g) => g.items)) };
    case 'hazard_notice':
      return { task: 'hazard', period: fallbackPeriod, devices: p.device ? [p.device] : undefined };
    case 'advice_request':
    case 'advice_answered':
      return { task: 'advice', period: fallbackPeriod };
    case 'resolution_assigned':
      return { task: 'resolution', period: p.period };
    case 'notice':
      return { task: null, period: fallbackPeriod };
  }
}

function devicesOf(items: ItemRef[]): string[] | undefined {
  const names = items.map((i) => i.device).filter((d): d is string => !!d);
  return names.length ? names : undefined;
}
