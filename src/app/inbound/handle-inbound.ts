/**
 * The one inbound entry, whatever the channel: an InboundEvent (parsed from the platform's payload
 * at the edge) → de-duplicated by its event id → the person identified from their account on that
 * channel → the use case (handleCardAction, or typed text: commands and 绑定) → what the channel
 * should show (InboundResult). Answers within the channel's answerDeadlineMs: slower work goes on,
 * and the prompt is updated through the channel when it is done. Tone is data from the use case's
 * Outcome. Never throws: a failure is logged with the ids to trace it and answered kindly.
 */
import { HAZARD_STATE_LABELS, type HazardState } from '../../domain/answers/hazard-rules.js';
import { localTimeOf } from '../../domain/local-time.js';
import type { ChatAccount, ConversationDeps } from '../commands/conversation.js';
import type { Reply } from '../commands/export-command.js';
import { notExpectingPhoto, openPhotoStep, sameWaiting, stillWaiting, waitingOf } from '../commands/waiting.js';
import type { EngineDeps } from '../engine-deps.js';
import { countedNow, withItems } from '../enrich-payload.js';
import type { EvidenceFiles } from '../evidence/evidence-port.js';
import { ASKED, type PhotoDeps, photoText, receivePhoto } from '../evidence/photo-flow.js';
import { handleCardAction } from '../handle-card-action.js';
import { type Outcome, type Tone, toneOf } from '../outcome.js';
import type {
  AnswersStore,
  Channel,
  ChatAddress,
  DeviceStatusRow,
  Ids,
  InboxStore,
  OutboxStore,
  QueriesStore,
  SentMessage,
} from '../ports.js';
import { hazardTone } from '../prompts/hazard-view.js';
import type { DeviceStatus, PromptState } from '../prompts/prompt-view.js';
import type {
  InboundAction,
  InboundEvent,
  InboundImage,
  InboundReachability,
  InboundResult,
  InboundText,
  PromptRedraw,
  PromptRef,
} from './inbound-event.js';
import { onReachability } from './reachability.js';

export interface InboundDeps
  extends Pick<
    EngineDeps<AnswersStore & InboxStore & OutboxStore & QueriesStore>,
    'store' | 'clock' | 'defaults' | 'log'
  > {
  ids: Ids;
  /** the channel the event came from: its deadline, and where late updates and replies go */
  channel: Pick<Channel, 'name' | 'answerDeadlineMs' | 'updatePrompt' | 'sendText' | 'sendFile'>;
  /** typed text → the reply (handleText with its deps: commands, 绑定, pending questions) */
  text: (account: ChatAccount, text: string) => Promise<Reply>;
  /** photos as evidence (app/evidence): where the files go; absent: no photos asked or kept */
  evidence?: EvidenceFiles | undefined;
  /** after photos were recorded: the hazards' open prompts redrawn (e.g. the 核实 card's missing-photo line) */
  photosRecorded?: PhotoDeps['photosRecorded'];
  settings?: ConversationDeps['settings'];
  /** after an answer: the prompt's copies on the person's other channels redrawn too (redraw-elsewhere.ts) */
  elsewhere?: (ref: PromptRef, prompt: PromptRedraw) => Promise<void>;
}

/** How the channels are named to people (“请先在飞书中打开与我的单聊”). */
const CHANNEL_LABELS: Record<string, string> = { feishu: '飞书', telegram: 'Telegram' };

export const NOT_BOUND = '您尚未绑定账号：请向机器人发送“绑定 邀请码”（邀请码向管理员索取）';
export const WORKING = '已收到，正在处理…';
const EXPIRED = '这张卡片已过期，请在最新的卡片上操作';
const FAILED = '处理失败，请稍后重试；如一直失败请联系管理员';

const notice = (tone: Tone, text: string): InboundResult => ({ notice: { tone, text } });

export async function handleInbound(deps: InboundDeps, event: InboundEvent): Promise<InboundResult> {
  const ids = {
    channel: event.channel,
    eventId: event.eventId,
    externalId: event.actor.externalId,
    chatId: event.actor.chatId,
  };
  try {
    if (event.type === 'image') return await onImage(deps, event);
    if (event.type === 'reachability') return await onReachabilityEvent(deps, event);
    return event.type === 'action' ? await onAction(deps, event) : await onText(deps, event);
  } catch (e) {
    deps.log.error({ ...ids, type: event.type, err: e }, 'inbound event failed');
    if (event.type === 'image')
      await deps.channel
        .sendText(
          { externalId: event.actor.externalId },
          '这张照片没有保存成功，请重新发送；如一直失败请联系管理员。',
          `reply:${event.eventId ?? event.at.getTime()}:failed`,
        )
        .catch(() => undefined);
    return event.type === 'action' ? notice('danger', FAILED) : {};
  }
}

const photoDeps = (deps: InboundDeps, files: EvidenceFiles): PhotoDeps => ({
  store: deps.store,
  clock: deps.clock,
  settings: deps.settings,
  files,
  log: deps.log,
  photosRecorded: deps.photosRecorded,
});

/** A picture: kept as evidence when a photo step waits for it, else the person is told when photos are taken. */
async function onImage(deps: InboundDeps, e: InboundImage): Promise<InboundResult> {
  const ids = { channel: e.channel, eventId: e.eventId, externalId: e.actor.externalId, chatId: e.actor.chatId };
  if (e.eventId && !(await deps.store.firstDelivery(e.channel, `message:${e.eventId}`, deps.clock.now()))) {
    deps.log.debug(ids, 'inbound image: redelivery ignored');
    return { ignored: 'replay' };
  }
  // Photos are asked for in the private chat; a picture posted in a group is not evidence.
  if (e.actor.chatType === 'group') return { ignored: 'not_addressed' };
  const to: ChatAddress = { externalId: e.actor.externalId };
  const key = `reply:${e.eventId ?? `${e.actor.externalId}:${e.at.getTime()}`}:photo`;
  const person = await deps.store.personByIdentity(e.channel, e.actor.externalId);
  const account: ChatAccount = { channel: e.channel, externalId: e.actor.externalId };
  const text = !person
    ? NOT_BOUND
    : deps.evidence
      ? ((await receivePhoto(photoDeps(deps, deps.evidence), account, e.image)) ??
        notExpectingPhoto(await waitingOf(deps, account)))
      : '本服务未开启照片证据功能，照片没有保存。';
  await deps.channel.sendText(to, text, key);
  deps.log.info({ ...ids, personId: person?.id }, 'inbound image answered');
  return { replies: [{ text }] };
}

/**
 * After an action that asks for photos: the photo step opens (what waited is put aside and said
 * first: app/commands/waiting.ts) and the person is asked in their private chat.
 */
async function askPhotosAfter(deps: InboundDeps, e: InboundAction, outcome: Outcome<string>): Promise<void> {
  if (!outcome.ok || !outcome.photos || !deps.evidence) return;
  const text = await openPhotoStep(
    photoDeps(deps, deps.evidence),
    { channel: e.channel, externalId: e.actor.externalId },
    outcome.photos,
  );
  await deps.channel.sendText(
    { externalId: e.actor.externalId },
    text,
    `photos:${e.eventId ?? `${e.actor.externalId}:${e.at.getTime()}`}`,
  );
}

async function onAction(deps: InboundDeps, e: InboundAction): Promise<InboundResult> {
  const ids = {
    channel: e.channel,
    eventId: e.eventId,
    externalId: e.actor.externalId,
    messageId: e.promptRef?.platformMessageId,
    action: e.action.a,
  };
  // One action, one answer: a callback replayed (a captured webhook request, a redelivered frame,
  // a retried update) is answered without acting twice.
  // Both at once (the answer has a deadline): the person is only used when the event is new.
  const [isNew, person] = await Promise.all([
    !e.eventId || deps.store.firstDelivery(e.channel, `callback:${e.eventId}`, deps.clock.now()),
    deps.store.personByIdentity(e.channel, e.actor.externalId),
  ]);
  if (!isNew) {
    deps.log.warn(ids, 'inbound action: replayed event ignored');
    return { ...notice('info', '这次操作已处理过，无需重复提交'), ignored: 'replay' };
  }
  if (!person) return notice('danger', NOT_BOUND);
  const v = e.action;
  const ref = e.promptRef;
  if ((v.a === 'daily_open' || v.a === 'daily_list') && ref) {
    // Only the view changes: nothing is recorded, so no use case runs.
    const prompt = await redraw(deps, ref, v.a === 'daily_open' ? { open: { taskKey: firstKey(v.k) } } : {});
    return prompt
      ? { notice: { tone: 'info', text: v.a === 'daily_open' ? '请逐项选择' : '已返回设备列表' }, prompt }
      : notice('danger', EXPIRED);
  }
  if (v.a === 'period_refresh' && ref) {
    // Only the numbers are counted again: nothing is recorded, so no use case runs.
    const prompt = await refreshed(deps, ref, person.id);
    return prompt
      ? { notice: { tone: 'info', text: '已重新统计到此刻' }, prompt }
      : notice('danger', '这张卡片已过期或不是发给您的，请在最新的卡片上操作');
  }
  if (v.a === 'period_edit' && ref) {
    // 返回修改 after a contradiction question: the form again with what was entered; nothing is recorded.
    const prompt = await redraw(deps, ref, { form: { entered: textFields(e.form) } });
    return prompt ? { notice: { tone: 'info', text: '请修改后重新提交' }, prompt } : notice('danger', EXPIRED);
  }
  const work = (async (): Promise<InboundResult> => {
    // The prompt acted on is read while the use case runs (the answer redraws it; the action does not change it).
    const sent = ref ? sentPromptOf(deps, ref) : Promise.resolve(null);
    sent.catch(() => undefined); // awaited below when the prompt is redrawn; a failure surfaces there
    const outcome = await handleCardAction(deps, person.id, { ...v, form: e.form });
    await askPhotosAfter(deps, e, outcome).catch((err: unknown) =>
      deps.log.error({ ...ids, personId: person.id, err }, 'inbound action: asking for photos failed'),
    );
    // Free text that contradicts the data: the form comes back with what was entered, the question, 确定提交 and 返回修改.
    if (!outcome.ok && outcome.reason === 'confirm') {
      const prompt = ref
        ? await redraw(deps, ref, { form: { entered: textFields(e.form), question: outcome.message } }, sent)
        : undefined;
      return {
        notice: { tone: 'warning', text: outcome.message },
        ...(prompt ? { prompt } : {}),
        confirm: { question: outcome.message },
      };
    }
    // A refused device form comes back open, with what was entered and why it was refused.
    const open =
      !outcome.ok && outcome.reason === 'invalid' && v.a === 'daily_submit'
        ? { taskKey: firstKey(v.k), entered: textFields(e.form), problems: outcome.message }
        : undefined;
    // One part of a form sent in parts kept: the part stays a form, with what was entered and the line saying so.
    const saved = outcome.ok && v.a === 'period_part' ? outcome.value : undefined;
    const prompt =
      ref && (outcome.ok || open)
        ? await redraw(
            deps,
            ref,
            saved !== undefined
              ? { form: { entered: textFields(e.form), saved } }
              : {
                  ...(outcome.ok ? { done: { line: outcome.value, tone: toneOf(outcome) } } : {}),
                  ...(open ? { open } : {}),
                  ...(v.h ? { hazardId: v.h } : {}),
                },
            sent,
          )
        : undefined;
    if (prompt?.state.done && ref) {
      const shown = prompt;
      void otherParts(deps, ref, shown).catch((err: unknown) =>
        deps.log.error({ ...ids, err }, 'inbound action: redrawing the other parts of the prompt failed'),
      );
    }
    if (outcome.ok && prompt && ref && deps.elsewhere) {
      const shown = prompt;
      void deps
        .elsewhere(ref, shown)
        .catch((err: unknown) =>
          deps.log.error({ ...ids, err }, 'inbound action: redrawing the prompt on other channels failed'),
        );
    }
    // The notice says whether it went through (a success even when what was recorded has 异常); the
    // prompt's done line carries the outcome's own tone.
    return {
      notice: { tone: outcome.ok ? 'success' : toneOf(outcome), text: message(outcome) },
      ...(prompt ? { prompt } : {}),
    };
  })();
  const first = await Promise.race([work, deadline(deps.channel.answerDeadlineMs)]);
  if (first !== 'late') return first;
  // Too slow for the platform's answer: answer now, update the prompt when the work is done.
  void work
    .then(async (r) => {
      if (r.prompt && ref) await deps.channel.updatePrompt(ref, r.prompt);
      deps.log.info({ ...ids, personId: person.id, updated: !!r.prompt }, 'inbound action: finished after the answer');
    })
    .catch((err: unknown) =>
      deps.log.error({ ...ids, personId: person.id, err }, 'inbound action: late work or prompt update failed'),
    );
  return { ...notice('info', WORKING), late: true };
}

const firstKey = (k: string | string[] | undefined): string => (Array.isArray(k) ? (k[0] ?? '') : (k ?? ''));

const deadline = (ms: number) => new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms).unref());

const message = (o: Outcome<string>): string => (o.ok ? o.value : o.message);

/** Form values as the text a refused form is drawn again with. */
function textFields(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form).map(([k, v]) => [
      k,
      typeof v === 'string'
        ? v
        : Array.isArray(v)
          ? v.map(String).join('、')
          : v === undefined || v === null
            ? ''
            : String(v),
    ]),
  );
}

/** Blocked or reachable again: once per event id (reachability.ts). */
async function onReachabilityEvent(deps: InboundDeps, e: InboundReachability): Promise<InboundResult> {
  if (e.eventId && !(await deps.store.firstDelivery(e.channel, `member:${e.eventId}`, deps.clock.now())))
    return { ignored: 'replay' };
  return onReachability(deps, {
    channel: e.channel,
    externalId: e.actor.externalId,
    reachable: e.reachable,
    cause: 'blocked',
    code: 'my_chat_member',
    ...(e.detail ? { detail: e.detail } : {}),
  });
}

/** Typed text: the command layer answers; the reply goes back where it was asked, or privately. */
async function onText(deps: InboundDeps, e: InboundText): Promise<InboundResult> {
  const ids = { channel: e.channel, eventId: e.eventId, externalId: e.actor.externalId, chatId: e.actor.chatId };
  if (e.eventId && !(await deps.store.firstDelivery(e.channel, `message:${e.eventId}`, deps.clock.now()))) {
    deps.log.debug(ids, 'inbound text: redelivery ignored');
    return { ignored: 'replay' };
  }
  const group = e.actor.chatType === 'group';
  if (group && !e.mentioned) return { ignored: 'not_addressed' };
  const account: ChatAccount = { channel: e.channel, externalId: e.actor.externalId };
  const waited = group ? null : await waitingOf(deps, account);
  const word = await photoWord(deps, account, e.text);
  let answer: Reply =
    word ?? (e.text.trim() ? await deps.text(account, e.text) : { text: '请发送文字命令，例如“帮助”。' });
  // A command that started nothing left the step waiting: the reply says where the next text or photo goes.
  if (!word && waited && sameWaiting(waited, await waitingOf(deps, account))) {
    const line = stillWaiting(waited);
    if (line && !answer.text.includes(ASKED)) answer = { ...answer, text: `${answer.text}\n${line}` };
  }
  const key = (part: string) => `reply:${e.eventId ?? `${e.actor.externalId}:${e.at.getTime()}`}:${part}`;
  const here: ChatAddress = group && e.actor.chatId ? { chatId: e.actor.chatId } : { externalId: e.actor.externalId };
  // An answer that names people's misses is never posted to a group: the asker gets it privately.
  // That needs a private chat the bot may write to (Feishu: within the app's availability; Telegram:
  // the person pressed Start); otherwise the group is told, without the answer.
  const toAsker = group && answer.privateToAsker === true;
  const to: ChatAddress = toAsker ? { externalId: e.actor.externalId } : here;
  try {
    await deps.channel.sendText(to, answer.text, key('text'));
    for (const [i, f] of (answer.files ?? []).entries())
      await deps.channel.sendFile(to, { fileName: f.fileName, bytes: f.bytes }, key(`file${i}`));
  } catch (err) {
    if (!toAsker) throw err;
    deps.log.warn({ ...ids, err }, 'inbound text: private answer to a group question failed');
    const told = `无法私信发送给您：请先在${CHANNEL_LABELS[e.channel] ?? ''}中打开与我的单聊，再发送一次。`;
    await deps.channel.sendText(here, told, key('group-failed'));
    return { replies: [{ text: told }] };
  }
  const replies: Reply[] = [answer];
  if (toAsker) {
    const note = '已私信发送，请在与我的单聊中查看。';
    await deps.channel.sendText(here, note, key('group-note'));
    replies.push({ text: note });
  }
  deps.log.info({ ...ids, private: toAsker }, 'inbound text answered');
  return { replies };
}

/** “完成” / “跳过” while a photo step is open; null: not one (the text is a command as usual). */
async function photoWord(deps: InboundDeps, account: ChatAccount, text: string): Promise<Reply | null> {
  if (!deps.evidence) return null;
  const person = await deps.store.personByIdentity(account.channel, account.externalId);
  if (!person) return null;
  const said = await photoText(photoDeps(deps, deps.evidence), account, person.id, text);
  return said === null ? null : { text: said };
}

/** A weekly or monthly prompt with its period's numbers as of now, for the person it was sent to. */
async function refreshed(deps: InboundDeps, ref: PromptRef, personId: string): Promise<PromptRedraw | undefined> {
  const sent = await sentPromptOf(deps, ref);
  const p = sent?.payload;
  if (!sent || sent.personId !== personId || !p || (p.type !== 'weekly_review' && p.type !== 'monthly_dispatch'))
    return undefined;
  const counted = await countedNow(deps.store, sent.unitId, p, sent.timeZone, deps.clock.now());
  const fresh = await withItems(deps.store, sent.unitId, counted);
  return {
    payload: fresh,
    state: partOf(sent, ref),
    unitId: sent.unitId,
    timeZone: sent.timeZone,
    ...(p.taskKey ? { taskKey: p.taskKey } : {}),
  };
}

/**
 * The prompt after the action: a daily prompt shows each device's outcome (and the device opened,
 * if asked); others turn read-only with the outcome's line and tone. A prompt acted on for a hazard
 * shows the hazard's state now: green only once verified, else the colour of its level.
 */
async function redraw(
  deps: InboundDeps,
  ref: PromptRef,
  opts: {
    done?: { line: string; tone: Tone };
    open?: PromptState['open'];
    hazardId?: string;
    form?: PromptState['form'];
  },
  /** the prompt, when the caller started reading it already */
  reading: Promise<SentMessage | null> = sentPromptOf(deps, ref),
): Promise<PromptRedraw | undefined> {
  const sent = await reading;
  if (!sent) return undefined;
  // A weekly/monthly form drawn again asks the same 清单 items as the prompt delivered (filled in at delivery).
  const p =
    opts.form && (sent.payload.type === 'weekly_review' || sent.payload.type === 'monthly_dispatch')
      ? await withItems(deps.store, sent.unitId, sent.payload)
      : sent.payload;
  const base = {
    payload: p,
    unitId: sent.unitId,
    timeZone: sent.timeZone,
    ...('taskKey' in p && typeof p.taskKey === 'string' ? { taskKey: p.taskKey } : {}),
  };
  const part = partOf(sent, ref);
  if (opts.hazardId && opts.done) {
    const h = await deps.store.loadHazardContext(opts.hazardId);
    if (h) {
      const hazard = { state: h.hazard.state as HazardState, level: h.hazard.level };
      // A hazard notice's view leads its done line with the state (viewOf); any other prompt acted on
      // for a hazard (a reminder holding its form) says it here.
      const line =
        p.type === 'hazard_notice' ? opts.done.line : `${HAZARD_STATE_LABELS[hazard.state]} · ${opts.done.line}`;
      return { ...base, state: { ...part, done: { line, tone: hazardTone(hazard.level, hazard.state) }, hazard } };
    }
  }
  if (p.type !== 'daily_check')
    return {
      ...base,
      state: { ...part, ...(opts.done ? { done: opts.done } : {}), ...(opts.form ? { form: opts.form } : {}) },
    };
  const rows = await deps.store.dailyStatuses(p.devices.map((d) => d.taskKey));
  const devices = Object.fromEntries(rows.map((r) => [r.taskKey, deviceStatus(r, sent.timeZone)]));
  return { ...base, state: { ...part, devices, ...(opts.open ? { open: opts.open } : {}) } };
}

/** Which of the messages a prompt was sent as this one is, when it was sent as several (Feishu's card parts). */
function partOf(sent: SentMessage, ref: PromptRef): Pick<PromptState, 'part'> {
  const of = sent.platformMessageIds.length;
  return of > 1 ? { part: { index: Math.max(0, sent.platformMessageIds.indexOf(ref.platformMessageId)) + 1, of } } : {};
}

/**
 * A weekly or monthly prompt sent in parts, answered on one of them: the other parts turn
 * read-only too (a daily or escalation part answers only its own devices or tasks).
 */
async function otherParts(deps: InboundDeps, ref: PromptRef, shown: PromptRedraw): Promise<void> {
  const type = shown.payload.type;
  if ((shown.state.part?.of ?? 1) < 2 || (type !== 'weekly_review' && type !== 'monthly_dispatch')) return;
  const sent = await sentPromptOf(deps, ref);
  for (const [i, id] of (sent?.platformMessageIds ?? []).entries()) {
    if (id === ref.platformMessageId) continue;
    const part = { index: i + 1, of: sent!.platformMessageIds.length };
    await deps.channel.updatePrompt({ platformMessageId: id }, { ...shown, state: { ...shown.state, part } });
  }
}

/**
 * A card tapped the instant it arrived can be ahead of its own send's record: the outbox writes a
 * send's platform ids just after the platform answered it (a group commit), and a loaded process may
 * carry the tap first. Not found: look again a few times, ~0.5 s in all (within the answer's deadline).
 */
const NOT_YET_RECORDED_WAITS_MS = [50, 100, 150, 200];

/** The prompt a platform message is a copy of: by its platform id, else by the outbox row the channel named. */
async function sentPromptOf(deps: InboundDeps, ref: PromptRef): Promise<SentMessage | null> {
  const find = async (): Promise<SentMessage | null> => {
    const byPlatformId = await deps.store.sentMessageByPlatformId(ref.platformMessageId);
    if (byPlatformId || !ref.messageId) return byPlatformId;
    const byRow = await deps.store.sentMessageById(ref.messageId);
    return byRow ? { ...byRow, platformMessageIds: [ref.platformMessageId] } : null;
  };
  let found = await find();
  for (const ms of NOT_YET_RECORDED_WAITS_MS) {
    if (found) break;
    await new Promise((r) => setTimeout(r, ms));
    found = await find();
  }
  return found;
}

/** One answered device's read-only line. */
export function deviceStatus(r: DeviceStatusRow, timeZone: string): DeviceStatus {
  if (r.state === 'cancelled') return { line: `已取消：${r.reason ?? '不再需要'}`, abnormal: false, late: false };
  if (r.state === 'missed') return { line: '未检查（已记为缺失）', abnormal: true, late: true };
  const when = r.at ? localTimeOf(r.at, timeZone) : '';
  return {
    line: `${r.late ? '逾期提交' : '已提交'} ${when} · ${r.by} · ${r.abnormal ? `${r.abnormal} 项异常` : '零风险'}`,
    abnormal: r.abnormal > 0,
    late: r.late,
  };
}
