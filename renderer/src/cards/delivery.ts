import type { CardItem, CardTarget } from '../../../shared/domain/cards';
import { fullAddress } from './filter';

/** Why a card cannot go by post: the customer's consent (the core's verdict), or no address to send it to. */
export type MailRefusal = Extract<CardItem['delivery']['mail'], { allowed: false }>['reason'] | 'no_address';

/**
 * How a card reaches its customer (DOMAIN.md: by post only with consent for mail, never to one who
 * opted out; with no address it can only be handed over):
 * - `mail`: by post (handing it over is still allowed);
 * - `handOver`: only handed over when the customer comes in, with why it cannot be mailed;
 * - `none`: neither (the customer asked not to be contacted): skipped with a reason.
 * The core refuses the same (cards.setStatus).
 */
export type CardWay = { way: 'mail' } | { way: 'handOver'; reason: MailRefusal } | { way: 'none'; reason: MailRefusal };

export function cardWay(card: Pick<CardItem, 'delivery' | 'address' | 'city'>): CardWay {
  const { mail, handOver } = card.delivery;
  if (!handOver.allowed) return { way: 'none', reason: handOver.reason };
  if (!mail.allowed) return { way: 'handOver', reason: mail.reason };
  if (fullAddress(card) === null) return { way: 'handOver', reason: 'no_address' };
  return { way: 'mail' };
}

/** The statuses a person may move an open card to next, the expected one first (skipping aside). */
export function nextActions(card: Pick<CardItem, 'status' | 'delivery' | 'address' | 'city'>): CardTarget[] {
  if (card.status === 'to_write') return ['written'];
  if (card.status !== 'written') return [];
  const { way } = cardWay(card);
  return way === 'mail' ? ['mailed', 'handed_over'] : way === 'handOver' ? ['handed_over'] : [];
}
