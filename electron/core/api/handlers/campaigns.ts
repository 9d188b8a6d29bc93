import { v7 } from 'uuid';
import { campaignWarnings, type Campaign } from '../../../../shared/domain/campaigns';
import { TIERS } from '../../../../shared/domain/types';
import { getCampaign, insertCampaign, listCampaigns } from '../../repos/campaigns';
import { getStore } from '../../repos/stores';
import { DeskFailure } from '../failure';
import { mutate } from '../mutate';
import type { HandlerArea } from '../types';

export const campaigns: HandlerArea<'campaigns'> = {
  list: (_args, call) => listCampaigns(call.core.database.sqlite),

  /**
   * Saves an offer or campaign. One for new customers only is refused until the manager has seen
   * the warning (DOMAIN.md pitfall 1: "loyal customers will see this"): details name the field to
   * confirm (acknowledgeLoyalWarning) and the warning, so the form can show it and ask again.
   */
  create: async (args, call) => {
    if (args.endsOn < args.startsOn) throw new DeskFailure('validation', 'The end is before the start', { field: 'endsOn', rule: 'before_start' });
    const tiers = TIERS.filter((t) => args.tiers.includes(t));
    if (args.audience === 'tiers' && tiers.length === 0) throw new DeskFailure('validation', 'Choose at least one tier', { field: 'tiers' });
    if (args.audience !== 'tiers' && tiers.length > 0) throw new DeskFailure('validation', 'Tiers are chosen only for a tier audience', { field: 'tiers' });
    const warnings = campaignWarnings({ kind: args.kind, audience: args.audience, tiers });
    if (warnings.length > 0 && !args.acknowledgeLoyalWarning) {
      const who = warnings[0] === 'new_customers_only' ? 'new customers only' : 'lower tiers only';
      throw new DeskFailure('validation', `A campaign for ${who}: loyal customers will see it. Give them at least as much, then confirm.`, {
        field: 'acknowledgeLoyalWarning',
        warning: warnings[0],
      });
    }
    const sqlite = call.core.database.sqlite;
    const id = args.id ?? v7();
    if (getCampaign(sqlite, id)) throw new DeskFailure('conflict', 'This campaign was saved already', { field: 'id' });
    const store = await getStore(call.core.database.db);
    if (!store) throw new DeskFailure('not_found', 'No store on this desk', { field: 'store' });
    const acknowledged = warnings.length > 0 && args.acknowledgeLoyalWarning;
    await mutate(
      call,
      {
        name: 'campaigns.create',
        args: { ...args, id, tiers },
        audit: { action: 'create', entity: 'campaign', entityId: id, detail: { audience: args.audience, loyalWarningAcknowledged: acknowledged } },
        tables: ['campaigns'],
      },
      async ({ trx, staff, at }) => {
        await insertCampaign(trx, {
          id, storeId: store.id, kind: args.kind, name: args.name, benefit: args.benefit, audience: args.audience, tiers, startsOn: args.startsOn,
          endsOn: args.endsOn, loyalWarningAcknowledged: acknowledged, createdBy: staff.id, at,
        });
      },
    );
    return getCampaign(sqlite, id) as Campaign;
  },
};
