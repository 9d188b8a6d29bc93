import type { RiskFlag, RiskReason } from '../../../shared/domain/rules/radar';
import type { TierPath } from '../../../shared/domain/rules/tier';
import { formatMetric, metricUnit } from '../../../shared/domain/rules/metric-format';
import type { Metric } from '../../../shared/domain/rules/metrics';
import type { TaskReason } from '../../../shared/domain/tasks';
import type { ExportedCard, ExportedTask } from '../repos/plan-export';

/**
 * `desk export` without --json: one tab-separated line per row under a header, reasons in
 * words, so support staff can read (or paste into a spreadsheet) what the app decided and why.
 */

export interface RiskRow {
  customerId: string;
  name: string;
  flag: RiskFlag;
  reasons: RiskReason[];
}

export interface TierRow {
  customerId: string;
  name: string;
  /** The tier the rules give on the day exported; `storedTier` the one the planner last set. */
  tier: string;
  tierSince: string | null;
  storedTier: string;
  spendFen: number;
  visits: number;
  path: TierPath | null;
}

const yuan = (digits: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: digits, maximumFractionDigits: digits });
const WHOLE = yuan(0);
const WITH_FEN = yuan(2);
/** ¥1,200 for whole yuan, ¥17,082.50 with fen (not ¥17,082.5). */
const cny = (fen: number) => (Number.isInteger(fen / 100) ? WHOLE : WITH_FEN).format(fen / 100);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const line = (cells: readonly (string | number | null)[]) => cells.map((c) => (c === null ? '' : String(c).replace(/[\t\n]/g, ' '))).join('\t');

const FESTIVAL_NAMES: Record<string, string> = { spring_festival: 'the Spring Festival', mid_autumn: 'the Mid-Autumn Festival', winter_solstice: 'the Winter Solstice' };

/** Why a task exists, in words ("no visit since 2026-03-02"). */
export function taskWhy(reason: TaskReason): string {
  const s = (k: string) => String(reason[k] ?? '');
  switch (reason.code) {
    case 'new_owner':
      return `day ${s('day')} after delivery on ${s('deliveredOn')}`;
    case 'first_service':
      return `first service on ${s('servicedOn')}`;
    case 'growth_stage':
      return `growth stage (delivered ${s('deliveredOn')})`;
    case 'no_visit':
      return `no visit since ${s('since')} (the last visit, or a car delivered since)`;
    case 'at_risk':
      return reason.since === reason.deliveredOn ? `at risk: no visit since the car delivered on ${s('since')}` : `at risk: no visit since ${s('since')}`;
    case 'delivery_anniversary':
      return `${plural(Number(reason.years), 'year')} since delivery on ${s('deliveredOn')}`;
    case 'koi':
      return `koi draw on visit ${s('visitId')}`;
    case 'nth_visitor':
      return `visitor number ${s('n')} of the store`;
    case 'mileage_milestone':
      return `${Number(reason.km).toLocaleString('en-US')} km reached`;
    case 'membership_year':
      return `${plural(Number(reason.years), 'year')} a member on ${s('on')}`;
    case 'top_referrer':
      return `${plural(Number(reason.referrals), 'successful referral')}`;
    case 'festival_visit':
      return `visit on ${FESTIVAL_NAMES[s('festival')] ?? s('festival')} (${s('date')})`;
    case 'text':
      return s('text');
    default:
      return JSON.stringify(reason);
  }
}

/** One radar reason in words. */
export function riskWhy(r: RiskReason): string {
  switch (r.code) {
    case 'days_since_purchase':
      return r.basis === 'delivery' ? `${r.days} days since delivery (${r.since}), nothing bought since` : `${r.days} days since the last paid visit (${r.since})`;
    case 'satisfaction':
      return `satisfaction ${r.score / 10}/10 on ${r.surveyedOn}`;
    case 'complaint_open':
      return `complaint open since ${r.openedOn}`;
    case 'complaint_recent':
      return `complaint ${r.openedOn}, resolved ${r.resolvedOn}`;
  }
}

/** The way to the next tier, as the advisor sees it ("¥1,200 or 2 visits to gold"). */
export function pathWords(path: TierPath | null): string {
  if (path === null) return 'top tier';
  return `${cny(path.spendFenMissing)} or ${plural(path.visitsMissing, 'visit')} to ${path.next}`;
}

export function taskLines(rows: readonly ExportedTask[]): string[] {
  return [line(['due', 'status', 'kind', 'rule', 'customer', 'why', 'task id']), ...rows.map((t) => line([t.dueDate, t.status, t.kind, t.rule, t.name, taskWhy(t.reason), t.id]))];
}

/** Whose occasion a card is for, when not the customer's own ("child 小明", "car 粤A12345"). */
function whose(k: Pick<ExportedCard, 'occasion' | 'subject'>): string {
  if (k.subject === null) return '';
  return k.occasion === 'child_birthday' ? `child ${k.subject}` : k.occasion === 'purchase_anniversary' ? `car ${k.subject}` : k.subject;
}

export function cardLines(rows: readonly ExportedCard[]): string[] {
  return [
    line(['due', 'status', 'occasion', 'on', 'customer', 'whose', 'card id']),
    ...rows.map((k) => line([k.dueDate, k.status, k.occasion, k.lunarLabel ? `${k.occasionDate} (${k.lunarLabel})` : k.occasionDate, k.name, whose(k), k.id])),
  ];
}

export function riskLines(rows: readonly RiskRow[]): string[] {
  return [line(['flag', 'customer', 'why', 'customer id']), ...rows.map((r) => line([r.flag, r.name, r.reasons.map(riskWhy).join('; '), r.customerId]))];
}

export function tierLines(rows: readonly TierRow[]): string[] {
  return [
    line(['tier', 'since', 'stored tier', 'spend (12 months)', 'visits (12 months)', 'next', 'customer', 'customer id']),
    ...rows.map((r) => line([r.tier, r.tierSince, r.storedTier, cny(r.spendFen), r.visits, pathWords(r.path), r.name, r.customerId])),
  ];
}

/** A metric's numerator as read: money in yuan (the spend per customer's is in fen). */
const ofWhat = (m: Metric) => (metricUnit(m.key) === 'fen' ? cny(m.numerator) : String(Math.round(m.numerator)));

export function metricLines(rows: readonly Metric[]): string[] {
  const shown = (m: Metric, v: number | null) => (v === null ? '' : formatMetric(m.key, v, 'en-US'));
  return [
    line(['metric', 'value', 'target', 'met', 'of']),
    ...rows.map((m) => line([m.key, shown(m, m.value), m.target === null ? m.comparator : `${m.comparator} ${shown(m, m.target)}`, m.met === null ? '' : m.met ? 'yes' : 'no', `${ofWhat(m)} / ${Math.round(m.denominator)}`])),
  ];
}
