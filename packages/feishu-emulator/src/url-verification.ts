/**
 * The check Feishu runs when a developer saves a webhook URL: POST
 * `{"challenge", "token", "type": "url_verification"}` (encrypted when an Encrypt Key is set) and
 * expect `{"challenge": <same>}` back within one second. The request is not signed (only events and
 * callbacks carry X-Lark-Signature). Doc (配置请求地址): https://open.feishu.cn/document/ukTMukTMukTM/uYzMxEjL2MTMx4iNzETM
 */
import type { EmulatorCore } from './emulator-core.js';
import { EmulatorInputError } from './feishu-error.js';
import { newId } from './ids.js';
import { postToWebhook } from './webhook-sender.js';

const CHALLENGE_DEADLINE_MS = 1000;

export interface UrlVerificationResult {
  ok: boolean;
  challenge: string;
  /** the receiver's answer body */
  answer?: string;
  detail?: string;
}

export async function verifyWebhookUrl(core: EmulatorCore): Promise<UrlVerificationResult> {
  const { webhookUrl, encryptKey, verificationToken } = core.opts.delivery;
  if (!webhookUrl) throw new EmulatorInputError('set delivery.webhookUrl first');
  const challenge = newId.ticket();
  const payload = { challenge, token: verificationToken, type: 'url_verification' };
  const r = await postToWebhook(
    { url: webhookUrl, encryptKey, sign: false },
    payload,
    core.now(),
    CHALLENGE_DEADLINE_MS,
  );
  if (r.status !== 'answered') return { ok: false, challenge, detail: r.detail };
  let echoed: unknown;
  try {
    echoed = (JSON.parse(r.body) as { challenge?: unknown }).challenge;
  } catch {
    echoed = undefined;
  }
  const ok = r.httpStatus === 200 && echoed === challenge;
  return {
    ok,
    challenge,
    answer: r.body,
    ...(ok
      ? {}
      : { detail: `expected HTTP 200 {"challenge":"${challenge}"}, got HTTP ${r.httpStatus} ${r.body.slice(0, 120)}` }),
  };
}
