import type { IsoDate } from './types';

/** Today as the store marked it (migration 0021): rainy means umbrellas for every visitor. */
export interface StoreDayView {
  date: IsoDate;
  rainy: boolean;
  /** Whether today's visitors get an umbrella (shared/domain/rules/surprises.ts rainyDayUmbrella). */
  umbrellas: boolean;
  /** Who set the mark last (or cleared it), and when (ISO UTC); null if nobody marked the day. */
  markedBy: { id: string; name: string } | null;
  markedAt: string | null;
}
