/** Errors cross the API boundary as values, never as thrown exceptions. */
export const ERROR_CODES = ['validation', 'not_found', 'conflict', 'forbidden', 'offline', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DeskError {
  code: ErrorCode;
  /** English, for logs and support; the UI shows its own translation keyed by code and field. */
  message: string;
  details?: { field?: string; [key: string]: unknown };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: DeskError['details']): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});
