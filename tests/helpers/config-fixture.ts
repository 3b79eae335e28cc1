/** A copy of the demo configuration in a temp folder, with the unit file editable as YAML text. */
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './tmp.js';

export const DEMO_UNIT = fs.readFileSync('config/demo/units/wanjia-property.yaml', 'utf8');

export function demoConfigDir(
  edit: (unitYaml: string) => string = (s) => s,
  files: Record<string, string> = {},
): string {
  const dir = tmpDir('cfg');
  fs.mkdirSync(path.join(dir, 'units'));
  fs.writeFileSync(path.join(dir, 'units', 'wanjia-property.yaml'), edit(DEMO_UNIT));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Every checklist category (config/checklists). */
export const ALL_CATEGORIES = fs.readdirSync('config/checklists').map((f) => f.replace(/\.yaml$/, ''));

/**
 * The demo unit with one device of every other category, 赵敏 the officer of them all: its weekly
 * and monthly cards are too big for one Feishu card and come in parts.
 */
export function everyCategory(yaml: string): string {
  const others = ALL_CATEGORIES.filter((c) => !['elevator', 'boiler', 'field_vehicle'].includes(c));
  const devices = others.map(
    (c, i) =>
      `  - { code: "9910120116000${i}", registration_no: 测11津BH000${i}(25), category: ${c}, name: 测试设备${i}, ` +
      `location: 厂区, officer: 赵敏, next_inspection: "2027-09-30" }`,
  );
  const all = yaml.replace(
    'categories: [boiler, field_vehicle]',
    `categories: [boiler, field_vehicle, ${others.join(', ')}]`,
  );
  return `${all}\n${devices.join('\n')}\n`;
}
