/** What `config check` prints: units, people by role, equipment by category and status, checklists. */

import { redactUrl } from '../adapters/store/db.js';
import { activeChannels } from '../config/channels.js';
import type { Config } from '../config/load-config.js';
import {
  CATEGORY_LABELS,
  type Category,
  EQUIPMENT_STATUS_LABELS,
  ROLES,
  roleTitle,
  UNIT_KIND_LABELS,
} from '../domain/model.js';

export function summarizeConfig(c: Readonly<Config>): string[] {
  const out: string[] = [`配置检查通过：${c.dir}`, `单位 ${c.units.length} 个`];
  for (const u of c.units) {
    out.push(
      `  ${u.name}（${u.key}，${UNIT_KIND_LABELS[u.kind]}，${u.timeZone}，` +
        `日管控${u.dailyDays === 'every_day' ? '每日' : '仅工作日'}）`,
    );
    const roleCounts = ROLES.map(
      (r) => `${roleTitle(r, u.kind)} ${u.people.filter((p) => p.roles.some((x) => x.role === r)).length}`,
    );
    out.push(`    人员 ${u.people.length}：${roleCounts.join(' · ')}`);
    const cats = [...new Set(u.equipment.map((e) => e.category))];
    const eq = cats.map((cat) => {
      const list = u.equipment.filter((e) => e.category === cat);
      const byStatus = [...new Set(list.map((e) => e.status))].map(
        (s) => `${EQUIPMENT_STATUS_LABELS[s]} ${list.filter((e) => e.status === s).length}`,
      );
      return `${CATEGORY_LABELS[cat]} ${list.length}（${byStatus.join('，')}）`;
    });
    out.push(`    设备 ${u.equipment.length}：${eq.join(' · ') || '无'}`);
    for (const cl of u.checklists) {
      const n = (f: string) => cl.items.filter((i) => i.frequency === f).length;
      out.push(
        `    清单：${cl.title}（日 ${n('daily')} 项 · 周 ${n('weekly')} 项 · 月 ${n('monthly')} ` +
          `项${cl.effectiveDate ? `，${cl.effectiveDate} 起` : ''}）`,
      );
    }
    if (u.suspensions.length)
      out.push(`    停产：${u.suspensions.map((s) => `${s.from}～${s.to ?? '未定'} ${s.reason}`).join('；')}`);
  }
  const defaults = [...c.checklists.keys()].map((k: Category) => CATEGORY_LABELS[k]);
  out.push(`默认清单 ${defaults.length} 类：${defaults.join('、')}`);
  out.push(
    `节假日日历：${
      c.calendars
        .map((k) => k.year)
        .sort()
        .join('、') || '无'
    }`,
  );
  out.push(`数据库：${redactUrl(c.service.database.url)}`);
  const ch = activeChannels(c.service);
  out.push(`消息渠道：${ch.length ? ch.join('、') : '未配置（消息写入日志）'}`);
  for (const w of c.warnings) out.push(`提醒：${w}`);
  return out;
}
