import { z } from 'zod';
import { CAMPAIGN_AUDIENCES, CAMPAIGN_KINDS, type Campaign } from '../../domain/campaigns';
import { TIERS } from '../../domain/types';
import { id, isoDate, noArgs, returns, text, verb } from '../verb';

/**
 * Store manager, offers and campaigns. create refuses a new-customers-only campaign that is not
 * acknowledged: code 'validation', details { field: 'acknowledgeLoyalWarning', warning: 'new_customers_only' }.
 */
export const campaignsArea = {
  list: verb('manager', noArgs, returns<Campaign[]>()),
  create: verb(
    'manager',
    z
      .object({
        /** Client-generated id, so a replay writes it once. */
        id: id.optional(),
        kind: z.enum(CAMPAIGN_KINDS),
        name: text(100),
        benefit: text(500),
        audience: z.enum(CAMPAIGN_AUDIENCES),
        tiers: z.array(z.enum(TIERS)).max(TIERS.length).default([]),
        startsOn: isoDate,
        endsOn: isoDate,
        acknowledgeLoyalWarning: z.boolean().default(false),
      })
      .strict(),
    returns<Campaign>(),
  ),
};
