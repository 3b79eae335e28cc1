/** Every configuration mistake as one line: `file: path: message`. */
export interface ConfigIssue {
  file: string;
  path: string;
  message: string;
}

export function formatIssue(i: ConfigIssue): string {
  return [i.file, i.path, i.message].filter((s) => s !== '').join(': ');
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly issues: ConfigIssue[]) {
    super(`配置有 ${issues.length} 处错误，未做任何改动：\n${issues.map(formatIssue).join('\n')}`);
  }
}

/** zod path → `equipment[2].officer` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
