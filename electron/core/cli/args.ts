import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

/** Asked for a command's usage (--help): main prints it to stdout and exits 0. */
export class HelpRequested extends Error {}

/** Parses a command's flags; a flag given twice is refused (which one should win?). */
export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name} is given more than once`);
    seen.add(t.name);
  }
  return parsed;
}

/** A command without positional arguments: a stray word is refused rather than ignored. */
export function noPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}

export function requireString(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

export function optionalInt(value: unknown, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${String(value)}"`);
  return n;
}

/** The days the calendars (lunar years, festivals) are asked about: wide enough for any store's history and plans. */
const FIRST_DAY = '1900-01-01';
const LAST_DAY = '2199-12-31';

export function optionalDate(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD, got "${s}"`);
  }
  if (s < FIRST_DAY || s > LAST_DAY) throw new UsageError(`${flag} must be a date from ${FIRST_DAY} to ${LAST_DAY}, got "${s}"`);
  return s;
}
