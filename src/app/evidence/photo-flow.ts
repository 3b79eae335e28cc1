/**
 * Photos as evidence, channel-neutral. After a daily 异常, a hazard report (上报) or a
 * rectification (整改), the use case's Outcome carries a PhotoAsk; the inbound path then asks the
 * person for photos and keeps “awaiting photos” as their Conversation row (kind `photos`, per
 * person AND channel, expiring like other questions but never sooner than 30 minutes: people walk
 * back to the device to take them). Each image is read from its bytes (JPEG/PNG/HEIC, ≤ 10 MB, ≤ 9
 * per step), kept in the evidence files under its SHA-256, and listed in the state; “完成” writes
 * ONE chain record (`evidence_added`, payload.photos = the hashes) with an Evidence row per photo
 * and hazard, so `safeduty verify` finds a file swapped or deleted later. A required photo that is
 * missing keeps the step open: “完成” without one is refused with what to do, and “跳过” is not offered.
 */
import { z } from 'zod';
import { checkPhoto, PHOTO_MAX_BYTES, PHOTO_MIMES, PHOTOS_PER_STEP } from '../../domain/evidence/photo-rules.js';
import { emptyBundle } from '../answer-bundle.js';
import { type ChatAccount, type ConversationDeps, settingsOf } from '../commands/conversation.js';
import type { AnswersStore, Logger } from '../ports.js';
import type { EvidenceFiles, PhotoRef } from './evidence-port.js';

export const PHOTOS_KIND = 'photos';
/** The record listing a step's photos (payload.photos): verify checks each file against it. */
export const EVIDENCE_RECORD = 'evidence_added';
const MIN_MINUTES = 30;

/** What a use case asks for after it committed (Outcome.photos). */
export interface PhotoAsk {
  unitId: string;
  unitKey: string;
  hazardIds: string[];
  /** found: the 异常 / report; rectified: after the 整改 */
  stage: 'found' | 'rectified';
  /** a photo is required (the checklist's `photo:` rule, or 严重/重大 by default) */
  required: boolean;
  /**
   * asked again for the step open (照片 <隐患号>): it continues with the photos received; a new
   * action's ask (another 整改 after 退回) starts afresh, the photos before it saved first (waiting.ts)
   */
  again?: boolean;
}

export const photoStateSchema = z.object({
  unitId: z.string(),
  unitKey: z.string(),
  hazardIds: z.array(z.string()).min(1),
  stage: z.enum(['found', 'rectified']),
  required: z.boolean(),
  /** “隐患#3（1号客梯）” for the texts */
  topic: z.string(),
  /** the hazards' 隐患号, for “照片 3” (how to come back to a step put aside) and short texts */
  nos: z.array(z.number().int()).optional(),
  photos: z
    .array(z.object({ hash: z.string(), size: z.number(), mime: z.enum(PHOTO_MIMES), at: z.string() }))
    .max(PHOTOS_PER_STEP),
});
export type PhotoState = z.infer<typeof photoStateSchema>;

export interface PhotoDeps extends ConversationDeps {
  store: ConversationDeps['store'] & AnswersStore;
  files: EvidenceFiles;
  log: Pick<Logger, 'info' | 'warn'>;
  /** after photos were recorded: the prompts that show whether they are there are redrawn (main.ts) */
  photosRecorded?: ((hazardIds: string[]) => Promise<void>) | undefined;
}

/** The words that end the photo step (typed or a button), and the one that skips it. */
const DONE = /^(完成|好了|好|结束|发完了|done|ok)$/i;
const SKIP = /^(跳过|不用|没有|无|取消|算了|skip)$/i;

const minutes = (deps: PhotoDeps): number => Math.max(settingsOf(deps).questionMinutes, MIN_MINUTES);

async function save(deps: PhotoDeps, account: ChatAccount, s: PhotoState): Promise<void> {
  const expiresAt = new Date(deps.clock.now().getTime() + minutes(deps) * 60_000);
  await deps.store.setConversation(account.channel, account.externalId, { kind: PHOTOS_KIND, data: s, expiresAt });
}

/** The photo step open for this account, or null. */
export async function photoStateOf(
  deps: Pick<PhotoDeps, 'store' | 'clock'>,
  account: ChatAccount,
): Promise<PhotoState | null> {
  const c = await deps.store.getConversation(account.channel, account.externalId, deps.clock.now());
  if (!c || c.kind !== PHOTOS_KIND) return null;
  const parsed = photoStateSchema.safeParse(c.data);
  return parsed.success ? parsed.data : null;
}

/** The words of every photo question (a reply that holds them needs no “仍在等待…” line). */
export const ASKED = '发送“完成”结束';

/** The same hazards at the same stage: asking for this step again continues it (the photos received are kept). */
export const sameStep = (s: Pick<PhotoState, 'hazardIds' | 'stage'>, ask: Pick<PhotoAsk, 'hazardIds' | 'stage'>) =>
  s.stage === ask.stage &&
  s.hazardIds.length === ask.hazardIds.length &&
  s.hazardIds.every((id) => ask.hazardIds.includes(id));

/** “隐患#3、隐患#4”: the step's hazards, short (a reply to each photo names where it went). */
export const hazardsOf = (s: Pick<PhotoState, 'nos' | 'topic'>): string =>
  s.nos?.length ? s.nos.map((n) => `隐患#${n}`).join('、') : s.topic;

/** “照片 3”: the command that opens the step again (app/commands/hazard-commands.ts photosFor). */
export const photoCommandOf = (s: Pick<PhotoState, 'nos'>): string =>
  s.nos?.length ? s.nos.map((n) => `“照片 ${n}”`).join('或') : '“照片 隐患号”';

/**
 * Opens the photo step for the person who just acted; returns the question to send them. The
 * account's one waiting step is replaced: open it through app/commands/waiting.ts (openPhotoStep),
 * which first puts aside what waited there and says so.
 */
export async function askForPhotos(deps: PhotoDeps, account: ChatAccount, ask: PhotoAsk): Promise<string> {
  const labels: string[] = [];
  const nos: number[] = [];
  for (const id of ask.hazardIds) {
    const h = await deps.store.loadHazardContext(id);
    if (typeof h?.hazard.no === 'number') nos.push(h.hazard.no);
    labels.push(
      h
        ? `隐患${h.hazard.no !== null ? `#${h.hazard.no}` : ''}${h.ctx.device ? `（${h.ctx.device.name}）` : ''}`
        : '隐患',
    );
  }
  const topic = labels.join('、');
  const open = await photoStateOf(deps, account);
  const kept = open && ask.again && sameStep(open, ask) ? open.photos : [];
  const { again: _again, ...step } = ask;
  await save(deps, account, {
    ...step,
    required: ask.required || (kept.length > 0 && open?.required === true),
    topic,
    ...(nos.length === ask.hazardIds.length ? { nos } : {}),
    photos: kept,
  });
  const what = ask.stage === 'rectified' ? '整改后的现场照片' : '现场照片';
  const got = kept.length ? `（已收到 ${kept.length} 张，可继续发送）` : '';
  return ask.required
    ? `请为${topic}发送${what}（最多${PHOTOS_PER_STEP}张，此项必须附照片）${got}，${ASKED}。`
    : `请发送照片（最多${PHOTOS_PER_STEP}张）作为${topic}的${what}${got}，${ASKED}；不需要照片请发送“跳过”。`;
}

/**
 * An image the person sent: checked, kept, counted; the reply says what happened, for which
 * hazard, and what next. Null when no photo step is open (the caller says what waits instead).
 */
export async function receivePhoto(
  deps: PhotoDeps,
  account: ChatAccount,
  image: { download(): Promise<Uint8Array>; declaredSize?: number },
): Promise<string | null> {
  const s = await photoStateOf(deps, account);
  // Nothing is downloaded unless a step waits for it.
  if (!s) return null;
  if (s.photos.length >= PHOTOS_PER_STEP) return `每项最多 ${PHOTOS_PER_STEP} 张照片，这张没有保存：请发送“完成”结束。`;
  const early =
    image.declaredSize !== undefined && image.declaredSize > PHOTO_MAX_BYTES
      ? checkPhoto(new Uint8Array(0), image.declaredSize)
      : null;
  if (early && 'code' in early) return `${early.message}（这张没有保存；已收到 ${s.photos.length} 张）`;
  const bytes = await image.download();
  const checked = checkPhoto(bytes);
  if ('code' in checked) return `${checked.message}（这张没有保存；已收到 ${s.photos.length} 张）`;
  const { hash, size } = await deps.files.put(bytes, checked.mime);
  if (s.photos.some((p) => p.hash === hash)) return `这张照片已收到过，无需重复发送（已收到 ${s.photos.length} 张）。`;
  s.photos.push({ hash, size, mime: checked.mime, at: deps.clock.now().toISOString() });
  await save(deps, account, s);
  deps.log.info(
    {
      channel: account.channel,
      externalId: account.externalId,
      hash,
      size,
      mime: checked.mime,
      hazardIds: s.hazardIds,
    },
    'evidence: photo received',
  );
  const left = PHOTOS_PER_STEP - s.photos.length;
  return left > 0
    ? `已收到第 ${s.photos.length} 张照片（${hazardsOf(s)}）。继续发送（还可发 ${left} 张），或发送“完成”结束。`
    : `已收到第 ${s.photos.length} 张照片（${hazardsOf(s)}，已达上限）：请发送“完成”结束。`;
}

/**
 * Typed text while the photo step is open: “完成” records the photos, “跳过” ends an optional
 * step. Null: not a photo word, or no step open (the text is a command as usual; the step stays).
 */
export async function photoText(
  deps: PhotoDeps,
  account: ChatAccount,
  personId: string,
  text: string,
): Promise<string | null> {
  const t = text.trim();
  if (!DONE.test(t) && !SKIP.test(t)) return null;
  const s = await photoStateOf(deps, account);
  if (!s) return null;
  if (s.photos.length === 0) {
    if (s.required) {
      await save(deps, account, s);
      return `还没有收到照片：${s.topic}必须附${s.stage === 'rectified' ? '整改后的' : '现场'}照片，此步骤仍未完成。请拍照发送，再发送“完成”。`;
    }
    await deps.store.setConversation(account.channel, account.externalId, null);
    return SKIP.test(t) ? `已跳过照片（${s.topic}）。` : `没有收到照片，已结束（${s.topic}）。`;
  }
  if (SKIP.test(t)) return `已收到 ${s.photos.length} 张照片：发送“完成”保存，或继续发送照片。`;
  const count = await recordPhotos(deps, account, personId, s);
  await deps.store.setConversation(account.channel, account.externalId, null);
  return `已保存 ${count} 张照片（${s.topic}），照片的哈希已记入记录链。`;
}

/** ONE chain record listing the photos, and an Evidence row per photo and hazard, in one transaction. */
export async function recordPhotos(
  deps: Pick<PhotoDeps, 'store' | 'clock' | 'photosRecorded'> & { log?: PhotoDeps['log'] | undefined },
  account: ChatAccount,
  personId: string,
  s: PhotoState,
): Promise<number> {
  const now = deps.clock.now();
  const b = emptyBundle(s.unitId, s.unitKey, now);
  const photos: PhotoRef[] = s.photos.map(({ hash, size, mime }) => ({ hash, size, mime }));
  b.records.push({
    kind: EVIDENCE_RECORD,
    taskKey: null,
    personId,
    late: false,
    payload: { hazardIds: s.hazardIds, stage: s.stage, photos },
  });
  b.evidence = s.hazardIds.flatMap((hazardId) =>
    s.photos.map((p) => ({
      hash: p.hash,
      size: p.size,
      mime: p.mime,
      personId,
      channel: account.channel,
      at: new Date(p.at),
      hazardId,
      stage: s.stage,
      recordIndex: 0,
    })),
  );
  await deps.store.commitAnswer(b);
  deps.log?.info(
    { channel: account.channel, externalId: account.externalId, hazardIds: s.hazardIds, photos: photos.length },
    'evidence: photos recorded',
  );
  // e.g. the director's 核实 card stops saying the 整改后 photo is missing; a failure there loses no photo
  await deps
    .photosRecorded?.(s.hazardIds)
    .catch((err: unknown) =>
      deps.log?.warn({ hazardIds: s.hazardIds, err }, 'evidence: the prompts of the hazards could not be redrawn'),
    );
  return photos.length;
}
