import type { z } from 'zod';
import { contract, type Access } from '../../../shared/api/contract';
import { fail, ok, type Result } from '../../../shared/api/result';
import { getStaff } from '../repos/staff';
import { DeskFailure } from './failure';
import { handlers } from './handlers';
import type { CallContext } from './types';

type AnySpec = { input: z.ZodType; access: Access };
type AnyHandler = (args: unknown, call: CallContext) => unknown;

function lookup(area: unknown, verb: unknown): { spec: AnySpec; handler: AnyHandler } | null {
  if (typeof area !== 'string' || typeof verb !== 'string') return null;
  if (!Object.hasOwn(contract, area)) return null;
  const verbs = contract[area as keyof typeof contract] as Record<string, AnySpec>;
  if (!Object.hasOwn(verbs, verb)) return null;
  const areaHandlers = handlers[area as keyof typeof handlers] as unknown as Record<string, AnyHandler>;
  return { spec: verbs[verb]!, handler: areaHandlers[verb]! };
}

/**
 * Runs one call from an untrusted renderer: the verb must exist, the caller must
 * be allowed, the argument must parse. Every outcome is a Result value.
 */
export async function dispatch(call: CallContext, area: unknown, verb: unknown, rawArgs: unknown): Promise<Result<unknown>> {
  const found = lookup(area, verb);
  if (!found) return fail('validation', `Unknown API verb ${String(area)}.${String(verb)}`, { field: 'verb' });

  const { access } = found.spec;
  if (access !== 'anyone' && !call.session.staff) return fail('forbidden', 'Sign in first', { field: 'session' });
  if (access !== 'anyone') {
    // The staff row as it is now, not as it was at sign-in: HQ may have deactivated the person (they left)
    // or changed their role since, and the open window kept writing and reading as before.
    const now = await getStaff(call.core.database.db, call.session.staff!.id);
    if (!now || !now.active) {
      call.session.staff = null;
      call.emit('session:changed', { staff: null });
      return fail('forbidden', 'This staff member is no longer active: sign in again', { field: 'session' });
    }
    const before = call.session.staff!;
    call.session.staff = now;
    // The window shows the role too (the manager's screens): told when HQ changed it.
    if (before.role !== now.role || before.name !== now.name) call.emit('session:changed', { staff: now });
  }
  if (access === 'manager' && call.session.staff?.role !== 'manager') {
    return fail('forbidden', `${String(area)}.${String(verb)} is for store managers`, { field: 'role' });
  }

  const parsed = found.spec.input.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail('validation', issue.message, {
      field: issue.path.join('.') || 'args',
      ...boundOf(issue),
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }

  try {
    return ok(await found.handler(parsed.data, call));
  } catch (error) {
    if (error instanceof DeskFailure) return fail(error.code, error.message, error.details);
    console.error(`[core] ${String(area)}.${String(verb)} failed`, error);
    return fail('internal', 'Something went wrong in the desk core; nothing was changed.');
  }
}

/** A limit the input crossed (3,000 customers at most, 200 characters), for the window to say it in words. */
function boundOf(issue: z.core.$ZodIssue): { bound?: 'max' | 'min'; limit?: number; of?: string } {
  // "At most 3,000" only: a limit the value may not reach (.positive(): more than 0) keeps the plain message.
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.inclusive === false) return {};
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return { bound: 'max', limit: issue.maximum, of: issue.origin };
  if (issue.code === 'too_small' && typeof issue.minimum === 'number') return { bound: 'min', limit: issue.minimum, of: issue.origin };
  return {};
}
