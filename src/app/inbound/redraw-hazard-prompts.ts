/**
 * Photos were recorded for hazards: the prompts still asking about them are drawn again, so what
 * they show follows. The director's 核实 card of a 严重/重大 hazard says “⚠ 整改后照片未上传：请 张三
 * 发送“照片 1”” with 核实通过 unavailable while the photo is missing (enrich-payload.ts withPhotoCheck);
 * once it arrives the card, and each copy of it on the person's other channels, turns to 核实通过
 * available (Feishu: the card PATCHed; Telegram: the message edited). Only the open verify task's
 * prompts are drawn (the verify notice and reminders carrying its form), and only while it is open;
 * a copy that cannot be edited is logged, and its 核实通过 still works (the use case checks again).
 */
import type { Payload } from '../../domain/engine/payloads.js';
import { messageGroup } from '../../domain/engine/plan-messages.js';
import { enrichPayload } from '../enrich-payload.js';
import { afterPhotoRequired } from '../evidence/after-photo.js';
import type { AnswersStore, ChannelRegistry, Clock, InboxStore, Logger, QueriesStore } from '../ports.js';
import type { PromptRedraw } from './inbound-event.js';

export interface HazardRedrawDeps {
  store: AnswersStore & InboxStore & Pick<QueriesStore, 'evidenceOfHazards' | 'hazardHistory'>;
  channels: Pick<ChannelRegistry, 'get'>;
  clock: Clock;
  log: Pick<Logger, 'warn' | 'info'>;
}

export async function redrawHazardPrompts(deps: HazardRedrawDeps, hazardIds: readonly string[]): Promise<void> {
  for (const hazardId of hazardIds) await redrawOne(deps, hazardId);
}

async function redrawOne(deps: HazardRedrawDeps, hazardId: string): Promise<void> {
  const h = await deps.store.loadHazardContext(hazardId);
  const task = h?.openTask?.task;
  // Only a 核实 prompt shows whether the photo is there: any other prompt is left as it is (a redraw
  // of it could land after, and undo, the redraw of an answer given on it meanwhile).
  if (!h || !task || task.detail?.step !== 'verify' || !afterPhotoRequired(h.hazard.level)) return;
  const unit = h.ctx.unit.key;
  // the hazard's own cards (group hazard:<id>) and the reminders of its open task (the task's group)
  const groups = [`${unit}:hazard:${hazardId}`, `${unit}:${messageGroup(task)}`];
  for (const { sent, copies } of await deps.store.sentPromptsOfTask(groups, task.key)) {
    if (!asksVerify(sent.payload, hazardId)) continue;
    const payload = await enrichPayload(deps.store, sent, sent.timeZone, deps.clock.now(), true);
    for (const copy of copies) {
      const channel = deps.channels.get(copy.channel);
      if (!channel) continue;
      const ids = copy.platformMessageId.split(',').filter(Boolean);
      for (const [i, id] of ids.entries()) {
        // answered meanwhile (核实 pressed as the photo arrived): its own redraw stands
        if (!(await stillOpen(deps, hazardId, task.key))) return;
        const redraw: PromptRedraw = {
          payload,
          state: ids.length > 1 ? { part: { index: i + 1, of: ids.length } } : {},
          unitId: sent.unitId,
          timeZone: sent.timeZone,
          taskKey: task.key,
        };
        await channel
          .updatePrompt({ platformMessageId: id }, redraw)
          .catch((err: unknown) =>
            deps.log.warn(
              { hazardId, messageId: sent.id, channel: copy.channel, platformMessageId: id, err },
              'a prompt of the hazard could not be redrawn after its photos were recorded',
            ),
          );
      }
    }
    deps.log.info({ hazardId, messageId: sent.id, copies: copies.length }, 'hazard prompt redrawn after photos');
  }
}

/**
 * A verify notice of the hazard, or a reminder whose one hazard form is its verify form (a reminder
 * with other hazards' forms may have been answered for one of them: drawn again it would look open).
 */
function asksVerify(p: Payload, hazardId: string): boolean {
  if (p.type === 'hazard_notice') return p.hazardId === hazardId && p.action === 'verify';
  if (p.type !== 'reminder') return false;
  const forms = p.items.filter((i) => i.hazard);
  return forms.length === 1 && forms[0]!.hazard!.id === hazardId && forms[0]!.hazard!.step === 'verify';
}

async function stillOpen(deps: HazardRedrawDeps, hazardId: string, taskKey: string): Promise<boolean> {
  return (await deps.store.loadHazardContext(hazardId))?.openTask?.task.key === taskKey;
}
