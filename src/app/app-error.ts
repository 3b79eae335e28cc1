/** Errors with a stable code and a message that says what to do; handled once per entry point. */
export type AppErrorCode =
  | 'CONFIG_INVALID'
  | 'DB_UNREACHABLE'
  | 'DB_MIGRATION_FAILED'
  | 'DEV_TOOLS_MISSING'
  | 'EQUIPMENT_IN_OTHER_UNIT'
  | 'NOT_FOUND'
  | 'RECORD_KEY'
  | 'USAGE';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
