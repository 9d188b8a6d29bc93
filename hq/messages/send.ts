import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { channelVerdict } from '../../shared/domain/consent';
import { daysBetween } from '../../shared/domain/rules/days';
import type { HqDatabase } from '../db/schema';
import { writeAsHqIn } from '../repos/admin';
import { claimAttempt, claimSendLease, forgetOldAttempts, queuedMessages, releaseAttempt, releaseSendLease } from '../repos/messages';
import { getRows, lockStore } from '../repos/rows';
import { consentOf } from './consent';
import type { MessageGateway } from './gateway';

/** A message the gateway could not take for this long is given up: its moment (a month's tip) has passed. */
const GIVE_UP_DAYS = 31;
const ROUND = 200;
/**
 * How long a claim to send a store's messages lasts (renewed before each message): well beyond one
 * gateway call (10 s at most), so that a live sender never loses it mid-message.
 */
const LEASE_SECONDS = 120;
/** This process's name as a sender (a second `hq serve` on the same database has its own). */
const THIS_PROCESS = randomUUID();

export interface SendCounts {
  sent: number;
  refused: number;
  /** The customer withdrew consent (or is gone) before it went: not sent. */
  voided: number;
  expired: number;
  /** Left queued: the gateway did not answer, tried again next round. */
  waiting: number;
  /** Another HQ process is sending this store's messages: this one sent none. */
  busy: boolean;
}

/**
 * Sends a store's queued automatic messages through the gateway, each at most once: its consent is
 * read again just before (a withdrawal after it was queued wins), and its outcome is written in the
 * store's lock only if it is still queued. The gateway not answering stops the round (tried again
 * next round). One HQ process at a time sends a store's: it holds the store's lease
 * (repos/messages.ts claimSendLease), renewed before each message, and another finds it busy. The
 * message id goes to the gateway too (a gateway that took one but timed out may see it again).
 */
export async function sendAutoMessages(
  db: Kysely<HqDatabase>, storeId: string, gateway: MessageGateway, today: string, at: string, sender: string = THIS_PROCESS,
): Promise<SendCounts> {
  const counts: SendCounts = { sent: 0, refused: 0, voided: 0, expired: 0, waiting: 0, busy: false };
  if (!(await claimSendLease(db, storeId, sender, LEASE_SECONDS))) return { ...counts, busy: true };
  try {
    await sendQueued(db, storeId, gateway, today, at, sender, counts);
  } finally {
    await releaseSendLease(db, storeId, sender);
  }
  return counts;
}

async function sendQueued(db: Kysely<HqDatabase>, storeId: string, gateway: MessageGateway, today: string, at: string, sender: string, counts: SendCounts): Promise<void> {
  await forgetOldAttempts(db, storeId);
  const queued = await queuedMessages(db, storeId, ROUND);
  for (const [i, m] of queued.entries()) {
    const id = String(m.id);
    const customerId = String(m.customer_id);
    const held = await getRows(db, storeId, [{ tbl: 'auto_messages', pk: id }, { tbl: 'customers', pk: customerId }, { tbl: 'customer_channel_consents', pk: `${customerId}:sms` }]);
    // Read at the start of the round: another process may have sent it since.
    if (held.get(`auto_messages\u0000${id}`)?.data.status !== 'queued') continue;
    const customer = held.get(`customers\u0000${customerId}`);
    const sms = held.get(`customer_channel_consents\u0000${customerId}:sms`);
    let outcome: Partial<Record<string, unknown>>;
    if (!customer || customer.deleted || customer.data.deleted_at) outcome = { status: 'void', error: 'customer removed' };
    else if (!channelVerdict(consentOf(customer.data, sms && !sms.deleted ? sms.data : undefined), 'sms', 'marketing').allowed) outcome = { status: 'void', error: 'no consent to marketing by SMS' };
    else if (daysBetween(String(m.due_date), today) > GIVE_UP_DAYS) outcome = { status: 'failed', error: 'expired: not sent in time' };
    else {
      // Still ours? (A pause longer than the lease, a stopped process's, lets another take over.)
      if (!(await claimSendLease(db, storeId, sender, LEASE_SECONDS))) {
        counts.busy = true;
        counts.waiting += queued.length - i;
        return;
      }
      // Claimed for good before the call: a lease taken over while this process waits (on the gateway, on
      // the store's lock below) cannot hand the same message to the gateway again.
      if (!(await claimAttempt(db, storeId, id, sender))) continue;
      const answer = await gateway.send({ id, to: String(customer.data.phone), template: String(m.rule), params: { name: String(customer.data.name), occurrence: String(m.occurrence) } });
      if (answer.outcome === 'later') {
        await releaseAttempt(db, id, sender);
        counts.waiting += queued.length - i;
        break;
      }
      outcome = answer.outcome === 'sent' ? { status: 'sent', sent_at: at, error: null } : { status: 'failed', error: answer.error };
    }
    const written = await db.transaction().execute(async (trx) => {
      await lockStore(trx, storeId);
      const now = (await getRows(trx, storeId, [{ tbl: 'auto_messages', pk: id }])).get(`auto_messages\u0000${id}`);
      if (!now || now.data.status !== 'queued') return false;
      await writeAsHqIn(trx, storeId, [{ tbl: 'auto_messages', pk: id, data: { ...now.data, ...outcome, updated_at: at } }]);
      return true;
    });
    if (!written) continue;
    if (outcome.status === 'sent') counts.sent++;
    else if (outcome.status === 'void') counts.voided++;
    else if (outcome.error === 'expired: not sent in time') counts.expired++;
    else counts.refused++;
  }
}
