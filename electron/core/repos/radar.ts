import type BetterSqlite3 from 'better-sqlite3';
import type { RedCustomerRow } from '../../../shared/api/areas/radar';
import type { RiskFlag, RiskReason } from '../../../shared/domain/rules/radar';
import { RECOVERY_RULES } from '../../../shared/domain/recovery';
import type { ChurnReason } from '../../../shared/domain/tasks';
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

/**
 * "No win-back plan started" (DOMAIN.md: the plan is an exclusive offer and an advisor home visit):
 * no win-back task done and no home visit logged since the customer's last purchase (or, without
 * one, their first delivery). Both read from the partial indexes of migration 0010.
 */
const NOT_STARTED = `s.flag = 'red'
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.customer_id = s.customer_id AND t.rule = 'winback_plan' AND t.status = 'done'
    AND t.completed_at >= coalesce(s.last_purchase_on, s.first_delivery_on, ''))
  AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = s.customer_id AND i.channel = 'home_visit'
    AND i.occurred_at >= coalesce(s.last_purchase_on, s.first_delivery_on, ''))`;

export interface RadarTally {
  /** Per advisor ('' = none) and flag (red, yellow): customers carrying each kind of reason (an open and a recent complaint are one kind). */
  reasons: { advisorId: string; flag: 'red' | 'yellow'; kind: ReasonKind; count: number }[];
  /** Per advisor: red customers without a started win-back plan. */
  redWithoutWinBack: Map<string, number>;
}

/**
 * One pass over the red and yellow customers' stored reasons (JSON written by JSON.stringify, so a
 * code reads '"code":"..."'), and the few customers whose plan started, from the partial indexes.
 */
export function radarTally(sqlite: BetterSqlite3.Database): RadarTally {
  const started = new Map<string, string>();
  const latest = (sqlText: string) => {
    for (const [id, at] of sqlite.prepare(sqlText).raw().iterate() as Iterable<[string, string]>) {
      const known = started.get(id);
      if (known === undefined || known < at) started.set(id, at);
    }
  };
  latest("SELECT customer_id, max(completed_at) FROM tasks WHERE rule = 'winback_plan' AND status = 'done' GROUP BY customer_id");
  latest("SELECT customer_id, max(occurred_at) FROM interactions WHERE channel = 'home_visit' GROUP BY customer_id");
  const counts = new Map<string, number>();
  const redWithoutWinBack = new Map<string, number>();
  const rows = sqlite
    .prepare("SELECT customer_id, advisor_id, flag, reasons, coalesce(last_purchase_on, first_delivery_on, '') FROM customer_status WHERE flag IN ('red', 'yellow')")
    .raw()
    .iterate() as Iterable<[string, string, 'red' | 'yellow', string, string]>;
  for (const [id, advisorId, flag, reasons, since] of rows) {
    const add = (kind: ReasonKind) => {
      const key = `${advisorId}\t${flag}\t${kind}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    };
    if (reasons.includes('"code":"days_since_purchase"')) add('days_since_purchase');
    if (reasons.includes('"code":"satisfaction"')) add('satisfaction');
    if (reasons.includes('"code":"complaint_')) add('complaint');
    const plan = started.get(id);
    if (flag === 'red' && (plan === undefined || plan < since)) redWithoutWinBack.set(advisorId, (redWithoutWinBack.get(advisorId) ?? 0) + 1);
  }
  return {
    reasons: [...counts.entries()].map(([key, count]) => {
      const [advisorId, flag, kind] = key.split('\t') as [string, 'red' | 'yellow', ReasonKind];
      return { advisorId, flag, kind, count };
    }),
    redWithoutWinBack,
  };
}

/**
 * The red customers without a started win-back plan, the most urgent first; one advisor's ('' = none) or everyone's,
 * with the open task that plans it: the win-back plan, or the recovery visit a complaint or a low score asked (recovery.ts).
 */
export function redWithoutWinBack(sqlite: BetterSqlite3.Database, advisorId: string | null): RedCustomerRow[] {
  const rows = sqlite
    .prepare(
      `SELECT s.customer_id, s.name, s.plate, s.tier, s.flag, s.reasons, s.advisor_id, st.name, s.last_visit_on,
         (SELECT t.id FROM tasks t WHERE t.customer_id = s.customer_id AND t.rule IN (${RECOVERY_RULES.map((r) => `'${r}'`).join(', ')}) AND t.status = 'open' ORDER BY t.due_date LIMIT 1)
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

/** The churn reasons the win-back contacts recorded since `since` (an instant), most said first (migration 0025's partial index). */
export function churnReasonCounts(sqlite: BetterSqlite3.Database, since: string): { reason: ChurnReason; count: number }[] {
  const rows = sqlite
    .prepare('SELECT churn_reason, count(*) FROM interactions WHERE churn_reason IS NOT NULL AND occurred_at >= ? GROUP BY churn_reason ORDER BY 2 DESC, 1')
    .raw()
    .all(since) as [ChurnReason, number][];
  return rows.map(([reason, count]) => ({ reason, count }));
}
