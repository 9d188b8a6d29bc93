import type { PendingEntry } from '../repos/outbox';

/**
 * HQ refuses a request body above 32 MiB (hq/server.ts maxBody). One push carries up to
 * `pushBatch` outbox entries, and an entry's row operations can be large (a reassignment of 1,000
 * customers, a planner.align of 1,000 rows), so a batch is also cut at this many bytes of ops.
 */
export const PUSH_MAX_OPS_BYTES = 8 * 1024 * 1024;

/** The leading entries whose ops fit in `maxBytes` (at least one, so an entry larger than the budget still goes, alone). */
export function withinBytes(entries: readonly PendingEntry[], maxBytes = PUSH_MAX_OPS_BYTES): PendingEntry[] {
  let bytes = 0;
  for (let i = 0; i < entries.length; i++) {
    bytes += JSON.stringify(entries[i]!.ops).length;
    if (i > 0 && bytes > maxBytes) return entries.slice(0, i);
  }
  return [...entries];
}
