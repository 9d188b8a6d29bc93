import type BetterSqlite3 from 'better-sqlite3';
import type { RiskFlag, RiskReason } from '../../../shared/domain/rules/radar';
import type { Tier } from '../../../shared/domain/types';

/** Customer rows for an export (today's stored flag and reasons; customer_status fresh before the read). */
export interface ExportCustomerRow {
  name: string;
  plate: string | null;
  tier: Tier;
  flag: RiskFlag;
  reasons: RiskReason[];
  advisorName: string | null;
  lastVisitOn: string | null;
}

const SELECT = `SELECT s.name, s.plate, s.tier, s.flag, s.reasons, st.name, s.last_visit_on FROM customer_status s LEFT JOIN staff st ON st.id = s.advisor_id`;

function toRows(rows: [string, string | null, Tier, RiskFlag, string, string | null, string | null][]): ExportCustomerRow[] {
  return rows.map(([name, plate, tier, flag, reasons, advisorName, lastVisitOn]) => ({
    name, plate, tier, flag, reasons: flag === 'green' ? [] : (JSON.parse(reasons) as RiskReason[]), advisorName, lastVisitOn,
  }));
}

/** Customers of one flag, the most urgent first. */
export function exportCustomersByFlag(sqlite: BetterSqlite3.Database, flag: 'red' | 'yellow'): ExportCustomerRow[] {
  return toRows(sqlite.prepare(`${SELECT} WHERE s.flag = ? ORDER BY s.risk_rank DESC, s.name`).raw().all(flag) as never);
}

/** These customers in the order given. */
export function exportCustomersByIds(sqlite: BetterSqlite3.Database, ids: readonly string[]): ExportCustomerRow[] {
  return toRows(
    sqlite
      .prepare(`${SELECT} JOIN json_each(?) j ON j.value = s.customer_id ORDER BY j.key`)
      .raw()
      .all(JSON.stringify(ids)) as never,
  );
}
