import type { CardItem, CardTarget } from '../../../shared/domain/cards';

/** Why a card cannot go by post: the customer's consent, or no address to send it to (shared/domain/cards.ts cardDelivery). */
export type MailRefusal = Extract<CardItem['delivery']['mail'], { allowed: false }>['reason'];

/**
 * How a card reaches its customer (DOMAIN.md: by post only with consent for mail, never to one who
 * opted out; with no address it can only be handed over):
 * - `mail`: by post (handing it over is still allowed);
 * - `handOver`: only handed over when the customer comes in, with why it cannot be mailed;
 * - `none`: neither (the customer asked not to be contacted): skipped with a reason.
 * From the core's verdicts (cardDelivery), which cards.setStatus also applies.
 */
export type CardWay = { way: 'mail' } | { way: 'handOver'; reason: MailRefusal } | { way: 'none'; reason: MailRefusal };

export function cardWay(card: Pick<CardItem, 'delivery'>): CardWay {
  const { mail, handOver } = card.delivery;
  if (!handOver.allowed) return { way: 'none', reason: handOver.reason };
  if (!mail.allowed) return { way: 'handOver', reason: mail.reason };
  return { way: 'mail' };
}

/** The statuses a person may move an open card to next, the expected one first (skipping aside). */
export function nextActions(card: Pick<CardItem, 'status' | 'delivery'>): CardTarget[] {
  if (card.status === 'to_write') return ['written'];
  if (card.status !== 'written') return [];
  const { way } = cardWay(card);
  return way === 'mail' ? ['mailed', 'handed_over'] : way === 'handOver' ? ['handed_over'] : [];
}
