/**
 * Replies to a question the bot asked (conversation.ts). A reply that fits answers it; “取消”
 * cancels it; anything else does not touch it (handle-text then runs a command, cancelling the
 * question, or asks again). A level that pauses the device (严重, 重大) is confirmed first, so a
 * stray digit typed later can never pause a device.
 */
import { HAZARD_LEVEL_LABELS, type HazardLevel } from '../../domain/answers/daily-answer.js';
import type { Command } from '../../domain/commands/command.js';
import { normalizeText } from '../../domain/commands/normalize.js';
import { asCommand, ask, type ChatAccount, forget, type Pending, topicOf } from './conversation.js';
import type { Reply } from './export-command.js';
import { fileHazard, LEVEL_QUESTION, type WriteDeps } from './write-commands.js';

export type PendingOutcome = { fits: true; reply: string | Reply } | { fits: false; reask: string };

const CANCEL = /^(取消|算了|不用了|放弃|cancel)$/i;
const YES = /^(确认|确定|是|是的|对|好|好的|ok|yes|y)$/i;
const LEVELS: Record<string, HazardLevel> = {
  '1': 'general',
  一般: 'general',
  general: 'general',
  '2': 'serious',
  严重: 'serious',
  serious: 'serious',
  '3': 'major',
  重大: 'major',
  major: 'major',
};

/** “3”, “3 重大”, “重大隐患” → the level; undefined for anything else. */
function levelOf(t: string): HazardLevel | undefined {
  const words = t.replace(/隐患$/, '').split(' ');
  const levels = new Set(words.map((w) => LEVELS[w]));
  return levels.size === 1 ? [...levels][0] : undefined;
}

/** The pending question's answer; `rerun` runs a command again (with the chosen device). */
export async function answerPending(
  deps: WriteDeps,
  account: ChatAccount,
  actorId: string,
  p: Pending,
  text: string,
  rerun: (cmd: Command) => Promise<string | Reply>,
): Promise<PendingOutcome> {
  const t = normalizeText(text)
    .replace(/[。.!！~]+$/, '')
    .trim()
    .toLowerCase();
  if (CANCEL.test(t)) {
    await forget(deps, account);
    return { fits: true, reply: `已取消${topicOf(p)}，没有保存任何内容。` };
  }
  switch (p.kind) {
    case 'report_level': {
      const level = levelOf(t);
      if (!level)
        return { fits: false, reask: `正在等您回复 ${p.device} 的隐患等级。${LEVEL_QUESTION}；回复“取消”放弃。` };
      if (level === 'general') return { fits: true, reply: await fileHazard(deps, account, actorId, p, level) };
      const { kind: _kind, ...draft } = p;
      await ask(deps, account, { kind: 'report_confirm', ...draft, level });
      return { fits: true, reply: confirmQuestion(p.device, p.description, level) };
    }
    case 'report_confirm': {
      const { kind: _kind, level: asked, ...draft } = p;
      if (YES.test(t)) return { fits: true, reply: await fileHazard(deps, account, actorId, draft, asked) };
      const level = levelOf(t);
      if (level === 'general') return { fits: true, reply: await fileHazard(deps, account, actorId, draft, level) };
      if (level) {
        await ask(deps, account, { kind: 'report_confirm', ...draft, level });
        return { fits: true, reply: confirmQuestion(p.device, p.description, level) };
      }
      return {
        fits: false,
        reask: `请回复“确认”上报${HAZARD_LEVEL_LABELS[asked]}隐患（${p.device}），回复 1 改为一般隐患，或回复“取消”放弃。`,
      };
    }
    case 'choose_device': {
      const n = /^\d{1,2}$/.test(t) ? Number(t) : 0;
      const chosen = p.candidates[n - 1] ?? p.candidates.find((c) => c.name.toLowerCase() === t || c.code === t);
      if (!chosen)
        return { fits: false, reask: `请回复 1 到 ${p.candidates.length} 的序号选择设备，或回复“取消”放弃。` };
      await forget(deps, account);
      return { fits: true, reply: await rerun({ ...asCommand(p.command), device: chosen.code } as Command) };
    }
  }
}

function confirmQuestion(device: string, description: string, level: HazardLevel): string {
  return (
    `确认上报${HAZARD_LEVEL_LABELS[level]}隐患：${device} ${description}？\n确认后该设备将立即停用，并通知安全总监和主要负责人。\n回复“确认”上报；` +
    `回复 1 改为一般隐患；回复“取消”放弃。`
  );
}
