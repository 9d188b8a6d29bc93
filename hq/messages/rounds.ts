import type { Kysely } from 'kysely';
import { isoDateIn } from '../../shared/domain/calendar/dates';
import type { HqDatabase } from '../db/schema';
import { allStores } from '../repos/admin';
import { publishedRules } from '../rules/published';
import type { MessageGateway } from './gateway';
import { planAutoMessages } from './plan';
import { sendAutoMessages } from './send';

/** The store's hours in which automatic messages are sent: [from, to), local time. */
export const SENDING_HOURS = [9, 20] as const;

export function inSendingHours(now: Date, timezone: string): boolean {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  return hour >= SENDING_HOURS[0] && hour < SENDING_HOURS[1];
}

/** How often the server plans and sends each store's automatic messages. */
export const ROUND_MS = 10 * 60_000;

/**
 * One round over every store: queue what is due on the store's own today, then send what is queued
 * (only with a gateway: without one the log says "waiting to be sent" on every desk). A store that
 * fails is logged and the next one goes on.
 */
export async function messageRound(db: Kysely<HqDatabase>, gateway: MessageGateway | null, now: Date, log: (line: string) => void): Promise<void> {
  const rules = await publishedRules(db);
  const at = now.toISOString();
  for (const store of await allStores(db)) {
    try {
      const today = isoDateIn(now, store.timezone);
      const queued = await planAutoMessages(db, store.storeId, today, rules, at);
      // Marketing messages by day only (they went out just after midnight, when the day's became due).
      const sent = gateway && inSendingHours(now, store.timezone) ? await sendAutoMessages(db, store.storeId, gateway, today, at) : null;
      if (sent?.busy && sent.sent + sent.refused + sent.voided + sent.expired === 0) {
        if (queued > 0) log(`messages ${store.code}: ${queued} queued; another HQ process is sending this store's`);
      } else if (queued > 0 || (sent && sent.sent + sent.refused + sent.voided + sent.expired > 0)) {
        log(`messages ${store.code}: ${queued} queued${sent ? `, ${sent.sent} sent, ${sent.refused} refused, ${sent.voided} withdrawn, ${sent.expired} expired, ${sent.waiting} waiting` : ' (no SMS gateway configured: HQ_SMS_WEBHOOK_URL)'}`);
      }
    } catch (e) {
      log(`messages ${store.code} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** Rounds now and every ROUND_MS until stopped (one at a time). */
export function startMessageRounds(db: Kysely<HqDatabase>, gateway: MessageGateway | null, log: (line: string) => void): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = running.then(() => messageRound(db, gateway, new Date(), log));
  };
  round();
  const timer = setInterval(round, ROUND_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
