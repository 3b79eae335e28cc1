/**
 * Reads the 《X安全总监职责》《X安全员守则》 texts: the built-in files, a configuration folder's duties/
 * (for every unit), and the files a unit names in its `duties:` (for that unit). Each problem names
 * the file it is in (`file: path: message`), like every configuration error.
 */
import path from 'node:path';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../domain/model.js';
import type { CategoryDuties, DutiesLookup, DutyText } from '../domain/reports/role-duties.js';
import type { ConfigIssue } from './config-error.js';
import { type DutiesFile, dutiesFileSchema } from './duties-file.js';
import { displayPath, readYamlFile, yamlFilesIn } from './read-yaml.js';

export interface DutiesConfig {
  /** by category: the built-in text, or the configuration folder's duties/ file */
  defaults: Map<Category, CategoryDuties>;
  /** by unit key, the categories a unit replaced */
  units: Map<string, Map<Category, CategoryDuties>>;
}

type Partial2 = Omit<CategoryDuties, 'director' | 'officer'> & { director?: DutyText; officer?: DutyText };

/** Built-in files first, then the folders that replace them; every category must end with both texts. */
export function readDefaultDuties(
  builtinDir: string,
  overrideDirs: string[],
  issues: ConfigIssue[],
): Map<Category, CategoryDuties> {
  const merged = new Map<Category, Partial2>();
  const from = new Map<Category, string>();
  [builtinDir, ...overrideDirs].forEach((dir, n) => {
    for (const f of yamlFilesIn(dir)) {
      const shown = displayPath(f);
      const file = readYamlFile(f, dutiesFileSchema, issues);
      if (!file) continue;
      const name = path.basename(f).replace(/\.ya?ml$/, '');
      const category = (CATEGORIES as readonly string[]).includes(name) ? (name as Category) : null;
      if (!category) {
        issues.push({
          file: shown,
          path: '',
          message: `文件名应为设备类别代码，例如 elevator.yaml（可选 ${CATEGORIES.join('、')}）`,
        });
        continue;
      }
      if (file.category && file.category !== category) {
        issues.push({ file: shown, path: 'category', message: `文件名应为 ${file.category}.yaml` });
        continue;
      }
      merged.set(category, merge(merged.get(category), file, category, n === 0 ? 'default' : 'unit', shown));
      from.set(category, shown);
    }
  });
  const out = new Map<Category, CategoryDuties>();
  for (const c of CATEGORIES) {
    const d = merged.get(c);
    if (d?.director && d.officer) out.set(c, { ...d, director: d.director, officer: d.officer });
    else
      issues.push({
        file: from.get(c) ?? displayPath(path.join(builtinDir, `${c}.yaml`)),
        path: d?.director ? 'officer' : 'director',
        message: `缺少${CATEGORY_LABELS[c]}的${d?.director ? '安全员守则（officer）' : '安全总监职责（director）'}`,
      });
  }
  return out;
}

/**
 * A unit's own texts: `duties: { elevator: duties/elevator.yaml }` in its file, paths relative to the
 * unit file. A file may replace one of the two documents; the other stays the default.
 */
export function readUnitDuties(
  unitFile: string,
  refs: Partial<Record<Category, string>>,
  defaults: ReadonlyMap<Category, CategoryDuties>,
  issues: ConfigIssue[],
): Map<Category, CategoryDuties> {
  const out = new Map<Category, CategoryDuties>();
  for (const [category, ref] of Object.entries(refs) as [Category, string][]) {
    const f = path.resolve(path.dirname(unitFile), ref);
    const shown = displayPath(f);
    const file = readYamlFile(f, dutiesFileSchema, issues);
    if (!file) continue;
    if (file.category && file.category !== category) {
      issues.push({
        file: shown,
        path: 'category',
        message:
          `本文件写的是 ${file.category}，而单位文件 ${displayPath(unitFile)} 把它用作 ${category}` +
          `（${CATEGORY_LABELS[category]}）：请改正其一`,
      });
      continue;
    }
    const base = defaults.get(category);
    const d = merge(base, file, category, 'unit', shown);
    if (d.director && d.officer) out.set(category, { ...d, director: d.director, officer: d.officer });
  }
  return out;
}

function merge(
  base: Partial2 | undefined,
  file: DutiesFile,
  category: Category,
  kind: 'default' | 'unit',
  shown: string,
): Partial2 {
  const doc = (d: NonNullable<DutiesFile['director']>): DutyText => ({ ...d, origin: { kind, file: shown } });
  const director = file.director ? doc(file.director) : base?.director;
  const officer = file.officer ? doc(file.officer) : base?.officer;
  return {
    category,
    source:
      file.source ?? base?.source ?? '《特种设备使用单位落实使用安全主体责任监督管理规定》（市场监管总局令第74号）',
    ...(director ? { director } : {}),
    ...(officer ? { officer } : {}),
  };
}

/** The texts in force for a unit's category: the unit's own, else the defaults. */
export function dutiesLookup(c: DutiesConfig): DutiesLookup {
  return (unitKey, category) => c.units.get(unitKey)?.get(category) ?? c.defaults.get(category);
}
