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
