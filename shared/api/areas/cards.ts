import { z } from 'zod';
import { CARD_TARGETS, type CardItem, type CardQueue } from '../../domain/cards';
import { id, isoDate, returns, text, verb } from '../verb';

/** Handwritten cards (手写卡片): the queue with what to mention, status, the print sheet. */
export const cardsArea = {
  /**
   * The signed-in advisor's cards (a manager: everyone's, or one advisor's), due by `to`
   * (default: a week from today), overdue first. `from` limits the sheet to a week.
   */
  queue: verb(
    'staff',
    z
      .object({
        advisorId: id.optional(),
        /** Only these customers' cards (My customers: "print their cards"). */
        customerIds: z.array(id).min(1).max(3_000).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        include: z.enum(['open', 'all']).default('open'),
        limit: z.number().int().min(1).max(3_000).default(200),
      })
      .strict(),
    returns<CardQueue>(),
  ),
  setStatus: verb('staff', z.object({ id, status: z.enum(CARD_TARGETS), reason: text(200).optional() }).strict(), returns<CardItem>()),
};
