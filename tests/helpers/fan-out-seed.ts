/**
 * A fan-out as the engine writes one: `n` people of the demo unit, each with a Feishu account in the
 * emulator and one due notice in the outbox. Returns the open_ids in order.
 */

import type { FeishuEmulator } from '@safeduty/feishu-emulator';
import type { PrismaStore } from '../../src/adapters/store/prisma-store.js';

export async function seedFanOut(
  store: PrismaStore,
  emu: FeishuEmulator,
  n: number,
  now: Date,
  opts: { urgent?: (i: number) => boolean; tag?: string } = {},
): Promise<string[]> {
  const tag = opts.tag ?? 'fan';
  const unit = await store.db.unit.findFirstOrThrow();
  const people = Array.from({ length: n }, (_, i) => ({
    id: `${tag}${i}`,
    name: `员工${tag}${i}`,
    mobile: `139${String(i).padStart(8, '0')}`,
  }));
  const openIds = people.map(
    (p, i) => emu.createUser({ name: p.name, openId: `ou_${tag}${String(i).padStart(6, '0')}` }).openId,
  );
  for (let i = 0; i < n; i += 1000) {
    const slice = people.slice(i, i + 1000);
    await store.db.person.createMany({ data: slice });
    await store.db.channelIdentity.createMany({
      data: slice.map((p, j) => ({ personId: p.id, channel: 'feishu', externalId: openIds[i + j]! })),
    });
    await store.db.message.createMany({
      data: slice.map((p, j) => ({
        key: `msg:${unit.key}:notice:${tag}:0:${p.id}`,
        groupKey: `${unit.key}:notice:${tag}`,
        unitId: unit.id,
        personId: p.id,
        purpose: 'notice',
        urgent: opts.urgent?.(i + j) ?? false,
        payload: { type: 'notice', unitName: unit.name, text: '请于本周五前完成特种设备安全培训签到' },
        taskKeys: [],
        notBefore: now,
        createdAt: now,
      })),
    });
  }
  return openIds;
}
