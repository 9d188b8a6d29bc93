import { z } from 'zod';
import { REJECTION_CODES, type RejectionCode } from '../../sync/protocol';
import { id, returns, text, verb } from '../verb';

/** Where this desk stands with HQ (the Sync screen and the first-run progress bar). */
export type SyncState =
  /** Never connected to HQ (a demo store, or a fresh desk). */
  | 'not_connected'
  /** Connected; nothing going on. */
  | 'idle'
  | 'syncing'
  /** HQ did not answer; retrying with backoff, the desk keeps working and queues changes. */
  | 'offline'
  /** HQ answered but what it sent could not be applied (rolled back) or it refused the request; retrying with backoff. */
  | 'failing'
  /** HQ speaks another sync schema version: nothing is applied until this app is updated. */
  | 'update_needed'
  /** HQ refused the device token (revoked), or it cannot be read back: reconnect with a new code. */
  | 'unauthorized'
  /** A pull page would have deleted too much of a table: refused, waiting for support. */
  | 'refused';

export interface AttentionItem {
  id: string;
  mutationId: number;
  /** The mutation's name, e.g. 'points.redeem', and its args (for the "what was it" line). */
  name: string;
  args: Record<string, unknown>;
  code: RejectionCode | string;
  message: string;
  details: Record<string, unknown>;
  /** Whether the desk undid the refused change locally (false: it could not and the row is still here). */
  undone: boolean;
  receivedAt: string;
}

export interface SyncStatus {
  state: SyncState;
  connected: boolean;
  hqUrl: string | null;
  deviceId: string | null;
  storeName: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** When the next automatic attempt is due (ISO UTC). */
  nextAttemptAt: string | null;
  /** The last failure, in English, for support (the UI shows its own text by state). */
  lastError: string | null;
  /** Local changes not yet settled by HQ. */
  pending: number;
  /** The initial sync's progress (rows applied of HQ's total), while it runs; null otherwise. */
  initial: { applied: number; total: number } | null;
  /** The address HQ answered from instead (a redirect), while rounds fail for it: reconnect there. */
  movedTo: string | null;
  /** The mass-delete guard's refusal, when state is 'refused'. */
  refusal: { table: string; deletes: number; rows: number } | null;
  attention: AttentionItem[];
}

export const ATTENTION_CODES = REJECTION_CODES;

/** Sync with HQ: status, connect a new desk, sync now, mark a refused change handled. */
export const syncArea = {
  status: verb('anyone', z.object({}).strict(), returns<SyncStatus>()),
  /** First run: HQ's address and a one-time enrolment code from the HQ admin; the store arrives by the initial sync. */
  connect: verb(
    'anyone',
    z
      .object({
        hqUrl: text(300),
        code: z.string().trim().min(4, { message: 'must be at least 4 characters' }).max(64),
        deviceName: text(80).optional(),
      })
      .strict(),
    returns<SyncStatus>(),
  ),
  /**
   * HQ no longer takes this desk's token (revoked, or the token could not be read back), or answers from
   * another address (a redirect: `hqUrl` the new one): enrol again with a new code of the same store,
   * keeping the store, the cursor and the changes not yet sent.
   */
  reconnect: verb(
    'staff',
    z.object({ code: z.string().trim().min(4, { message: 'must be at least 4 characters' }).max(64), deviceName: text(80).optional(), hqUrl: text(300).optional() }).strict(),
    returns<SyncStatus>(),
  ),
  syncNow: verb('staff', z.object({}).strict(), returns<SyncStatus>()),
  /** The person dealt with a refused change (e.g. told the customer, redeemed again): off the list, kept in the record. */
  resolve: verb('staff', z.object({ id }).strict(), returns<SyncStatus>()),
  /**
   * Refused state (the mass-delete guard): a manager lets the next pull apply the refused page, for
   * exactly the refusal on screen (table and number of deletes; another one is a conflict), then syncs.
   */
  acceptRefused: verb('manager', z.object({ table: text(64), deletes: z.number().int().positive() }).strict(), returns<SyncStatus>()),
};
