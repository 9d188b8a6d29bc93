import type BetterSqlite3 from 'better-sqlite3';
import type { Transaction } from 'kysely';
import type { Campaign, CampaignAudience, CampaignKind } from '../../../shared/domain/campaigns';
import type { Tier } from '../../../shared/domain/types';
import type { Database } from '../db/schema';

type Row = [string, CampaignKind, string, string, CampaignAudience, string, string, string, 0 | 1, string | null, string | null, string];

const toCampaign = (r: Row): Campaign => ({
  id: r[0], kind: r[1], name: r[2], benefit: r[3], audience: r[4], tiers: JSON.parse(r[5]) as Tier[], startsOn: r[6], endsOn: r[7],
  loyalWarningAcknowledged: r[8] === 1, createdBy: r[9], createdByName: r[10], createdAt: r[11],
});

const SELECT = `SELECT c.id, c.kind, c.name, c.benefit, c.audience, c.tiers, c.starts_on, c.ends_on, c.loyal_warning_acknowledged, c.created_by, s.name, c.created_at
  FROM campaigns c LEFT JOIN staff s ON s.id = c.created_by WHERE c.deleted_at IS NULL`;

/** Live campaigns, the latest start first. */
export function listCampaigns(sqlite: BetterSqlite3.Database): Campaign[] {
  return (sqlite.prepare(`${SELECT} ORDER BY c.starts_on DESC, c.created_at DESC`).raw().all() as Row[]).map(toCampaign);
}

export function getCampaign(sqlite: BetterSqlite3.Database, id: string): Campaign | null {
  const row = sqlite.prepare(`${SELECT} AND c.id = ?`).raw().get(id) as Row | undefined;
  return row ? toCampaign(row) : null;
}

export interface NewCampaign {
  id: string;
  storeId: string;
  kind: CampaignKind;
  name: string;
  benefit: string;
  audience: CampaignAudience;
  tiers: readonly Tier[];
  startsOn: string;
  endsOn: string;
  loyalWarningAcknowledged: boolean;
  createdBy: string;
  at: string;
}

export async function insertCampaign(trx: Transaction<Database>, c: NewCampaign): Promise<void> {
  await trx
    .insertInto('campaigns')
    .values({
      id: c.id, store_id: c.storeId, kind: c.kind, name: c.name, benefit: c.benefit, audience: c.audience, tiers: JSON.stringify(c.tiers),
      starts_on: c.startsOn, ends_on: c.endsOn, loyal_warning_acknowledged: c.loyalWarningAcknowledged ? 1 : 0, created_by: c.createdBy,
      created_at: c.at, updated_at: c.at, deleted_at: null,
    })
    .execute();
}
