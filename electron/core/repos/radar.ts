import type BetterSqlite3 from 'better-sqlite3';
import type { RedCustomerRow } from '../../../shared/api/areas/radar';
import type { RiskFlag, RiskReason } from '../../../shared/domain/rules/radar';
import type { Tier } from '../../../shared/domain/types';

/** The risk radar over customer_status (today's flag and reasons per customer; fresh before the read). */

export interface FlagRow {
  /** '' = no advisor. */
  advisorId: string;
  flag: RiskFlag;
  count: number;
}

export function flagCounts(sqlite: BetterSqlite3.Database): FlagRow[] {
  return (sqlite.prepare('SELECT advisor_id, flag, count(*) FROM customer_status GROUP BY advisor_id, flag').raw().all() as [string, RiskFlag, number][]).map(
    ([advisorId, flag, count]) => ({ advisorId, flag, count }),
  );
}

export type ReasonKind = 'days_since_purchase' | 'satisfaction' | 'complaint';

/** Per advisor and flag (red, yellow), how many customers carry each kind of reason (an open and a recent complaint are one kind). */
export function reasonCounts(sqlite: BetterSqlite3.Database): { advisorId: string; flag: 'red' | 'yellow'; kind: ReasonKind; count: number }[] {
  const rows = sqlite
    .prepare(
      `SELECT s.advisor_id, s.flag,
         CASE WHEN json_extract(j.value, '$.code') LIKE 'complaint%' THEN 'complaint' ELSE json_extract(j.value, '$.code') END AS kind,
         count(DISTINCT s.customer_id)
       FROM customer_status s, json_each(s.reasons) j
       WHERE s.flag IN ('red', 'yellow') GROUP BY 1, 2, 3`,
    )
    .raw()
    .all() as [string, 'red' | 'yellow', ReasonKind, number][];
  return rows.map(([advisorId, flag, kind, count]) => ({ advisorId, flag, kind, count }));
}

/**
 * "No win-back plan started" (DOMAIN.md: the plan is an exclusive offer and an advisor home visit):
 * no win-back task done and no home visit logged since the customer's last purchase (or, without
 * one, their first delivery).
 */
const NOT_STARTED = `s.flag = 'red'
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.customer_id = s.customer_id AND t.rule = 'winback_plan' AND t.status = 'done'
    AND t.completed_at >= coalesce(s.last_purchase_on, s.first_delivery_on, ''))
  AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = s.customer_id AND i.channel = 'home_visit'
    AND i.occurred_at >= coalesce(s.last_purchase_on, s.first_delivery_on, ''))`;

export function redWithoutWinBackCounts(sqlite: BetterSqlite3.Database): Map<string, number> {
  return new Map(sqlite.prepare(`SELECT s.advisor_id, count(*) FROM customer_status s WHERE ${NOT_STARTED} GROUP BY s.advisor_id`).raw().all() as [string, number][]);
}

/** The red customers without a started win-back plan, the most urgent first; one advisor's ('' = none) or everyone's. */
export function redWithoutWinBack(sqlite: BetterSqlite3.Database, advisorId: string | null): RedCustomerRow[] {
  const rows = sqlite
    .prepare(
      `SELECT s.customer_id, s.name, s.plate, s.tier, s.flag, s.reasons, s.advisor_id, st.name, s.last_visit_on,
         (SELECT t.id FROM tasks t WHERE t.customer_id = s.customer_id AND t.rule = 'winback_plan' AND t.status = 'open' ORDER BY t.due_date LIMIT 1)
       FROM customer_status s LEFT JOIN staff st ON st.id = s.advisor_id
       WHERE ${advisorId === null ? '' : 's.advisor_id = @advisor AND'} ${NOT_STARTED}
       ORDER BY s.risk_rank DESC, s.name`,
    )
    .raw()
    .all(advisorId === null ? {} : { advisor: advisorId }) as [string, string, string | null, Tier, RiskFlag, string, string, string | null, string | null, string | null][];
  return rows.map(([id, name, plate, tier, flag, reasons, advisor, advisorName, lastVisitOn, task]) => ({
    id, name, plate, tier, flag, reasons: JSON.parse(reasons) as RiskReason[], advisorId: advisor === '' ? null : advisor, advisorName, lastVisitOn, openWinBackTaskId: task,
  }));
}
