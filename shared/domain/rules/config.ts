import { z } from 'zod';

/**
 * The rules config: every number of DOMAIN.md lives here, versioned, replaceable by HQ.
 * Code reads thresholds from a config object, never from literals.
 */
const tierThreshold = z.object({
  minSpendFen: z.number().int().nonnegative(),
  minVisits: z.number().int().nonnegative(),
  bookingDaysAhead: z.number().int().nonnegative(),
  pointsMultiplier: z.number().positive(),
});

export const rulesConfigSchema = z.object({
  version: z.number().int().positive(),
  tiers: z.object({
    silver: tierThreshold,
    gold: tierThreshold,
    diamond: tierThreshold,
  }),
  trailingDays: z.number().int().positive(),
});

export type RulesConfig = z.infer<typeof rulesConfigSchema>;

export const DEFAULT_RULES: RulesConfig = {
  version: 1,
  trailingDays: 365,
  tiers: {
    silver: { minSpendFen: 300_000, minVisits: 3, bookingDaysAhead: 3, pointsMultiplier: 1.2 },
    gold: { minSpendFen: 800_000, minVisits: 6, bookingDaysAhead: 7, pointsMultiplier: 1.5 },
    diamond: { minSpendFen: 1_500_000, minVisits: 10, bookingDaysAhead: 14, pointsMultiplier: 2.0 },
  },
};
