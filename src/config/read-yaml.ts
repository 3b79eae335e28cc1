/** Reads a YAML file and validates it with a zod schema, turning every problem into ConfigIssues. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { type ConfigIssue, formatPath } from './config-error.js';

/** Path as shown to people: relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function readYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  issues: ConfigIssue[],
): z.output<S> | undefined {
  const shown = displayPath(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    issues.push({
      file: shown,
      path: '',
      message: `无法读取文件（${(e as NodeJS.ErrnoException).code ?? String(e)}）`,
    });
    return undefined;
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      issues.push({
        file: shown,
        path: pos ? `第 ${pos.line} 行第 ${pos.col} 列` : '',
        message: `YAML 语法错误：${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      });
    }
    return undefined;
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push({ file: shown, path: formatPath(i.path), message: i.message });
    return undefined;
  }
  return parsed.data;
}

/** The `.yaml`/`.yml` files of a folder, sorted; none when the folder does not exist. */
export function yamlFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}
