import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardMetrics } from '../../../../shared/api/areas/dashboard';
import type { MetricKey } from '../../../../shared/domain/rules/config';
import type { Core } from '../../core';
import { deskClient } from '../../testing/client';
import { addVisit } from '../../testing/fixture';
import { managerDesk } from '../../testing/manager-store';
import { metricRowsChanged, warmDashboardAfterPlan } from '../../status/metrics-warm';

/**
 * Every metric of DOMAIN.md on a hand-computed store (testing/manager-store.ts), today 2026-11-24.
 * Windows: trailing 2025-11-25..2026-11-24, previous 2024-11-25..2025-11-24; active = last purchase on or
 * after 2026-08-27, silent 2026-05-28..2026-08-26, churn risk before; 30-day cohort = first purchase on or
 * before 2026-10-25, 90-day cohort on or before 2026-08-26.
 *
 *   A first 2024-12-10, next 2025-01-05 (26 days), last 2026-10-01: 30d and 90d retained, 12m cohort and
 *     retained, active; previous window 2 buys ¥3,000, trailing 1 buy ¥3,600 (a retained customer).
 *   B first 2026-09-01, next 2026-11-20 (80 days): 30d cohort not retained, not in the 90d cohort (after
 *     08-26), not in the 12m cohort; trailing 2 buys ¥2,000 + 1 free visit; active.
 *   C one purchase 2025-06-01: in every cohort, retained in none; bought in the previous window only
 *     (churned); churn risk.
 *   D one purchase 2026-07-01: 30d and 90d cohorts, not retained; trailing ¥800; silent.
 *   E no purchase, delivery 2026-07-15: silent.  F no purchase, no vehicle: in no recency band.
 */
const EXPECTED: Record<MetricKey, number> = {
  retention_30d: 1 / 4, // A of A, B, C, D
  retention_90d: 1 / 3, // A of A, C, D
  retention_12m: 1 / 2, // A of A, C
  monthly_visit_frequency: 5 / (6 * 12), // A 1, B 3 (one free), D 1 in the trailing window; 6 customers
  annual_spend_per_customer: (360_000 + 200_000 + 80_000) / 3, // fen, over A, B, D
  active_ratio: 2 / 6, // A, B
  silent_ratio: 2 / 6, // D, E
  churn_risk_count: 1, // C
  annual_churn_rate: 1 / 2, // C of A, C
  repurchase_rate: 2 / 4, // A, B of A, B, C, D
  ltv_growth: 360_000 / 300_000 - 1, // A: trailing ¥3,600 / previous ¥3,000
  average_ticket_growth: (360_000 / 1) / (300_000 / 2) - 1, // A: ¥3,600 a purchase now, ¥1,500 before
  nps: ((2 - 1) / 4) * 100, // A 10, B 9 promoters; C 5 detractor; D 7; A's 2025-01-01 survey is outside the window
  referral_conversion: 1 / 6, // A brought E and F
  referred_new_customers: 2, // E, F
};

describe('dashboard metrics, trend, tiers, program effect and export', () => {
  let core: Core;
  let manager: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;

  beforeAll(async () => {
    ({ core, manager } = await managerDesk());
  });
  afterAll(async () => {
    manager.close();
    await core.close();
  });

  const metrics = async (): Promise<DashboardMetrics> => {
    const r = await manager.call('dashboard', 'metrics', {});
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.value as DashboardMetrics;
  };
  const valueOf = (d: DashboardMetrics, key: MetricKey) => d.metrics.find((m) => m.key === key)!;
  const trendOf = (d: DashboardMetrics, key: MetricKey, month: string) => valueOf(d, key).trend.find((p) => p.month === month)!.value;

  it('every metric equals its hand-computed value, with its target and whether it is met', async () => {
    const d = await metrics();
    expect(d.today).toBe('2026-11-24');
    expect(d.metrics.map((m) => m.key)).toEqual(Object.keys(EXPECTED));
    for (const [key, value] of Object.entries(EXPECTED) as [MetricKey, number][]) expect(valueOf(d, key).value, key).toBeCloseTo(value, 10);
    expect(valueOf(d, 'retention_30d')).toMatchObject({ target: 0.8, comparator: '>', met: false, numerator: 1, denominator: 4 });
    expect(valueOf(d, 'ltv_growth').met).toBe(true); // 20% > 15%
    expect(valueOf(d, 'average_ticket_growth').met).toBe(true); // 140% > 10%
    expect(valueOf(d, 'churn_risk_count').met).toBeNull(); // watch
    // Silent 33.3% > 20%: the alarm is on.
    expect(d.silentAlarm).toEqual({ on: true, value: 2 / 6, threshold: 0.2 });
  });

  it('the trend has 12 month-end values, the current month as of today', async () => {
    const d = await metrics();
    const trend = valueOf(d, 'churn_risk_count').trend;
    expect(trend.map((p) => p.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(trend[5]).toMatchObject({ month: '2026-05', asOf: '2026-05-31' });
    expect(trend[11]).toMatchObject({ month: '2026-11', asOf: '2026-11-24', value: 1 });
    // As of 2026-10-31 (active from 08-03, silent from 05-04): A (10-01) and B (09-01; 11-20 not yet) active,
    // D (07-01) and E (delivery 07-15) silent, C churn risk.
    expect(trendOf(d, 'active_ratio', '2026-10')).toBeCloseTo(2 / 6, 10);
    expect(trendOf(d, 'silent_ratio', '2026-10')).toBeCloseTo(2 / 6, 10);
    expect(trendOf(d, 'churn_risk_count', '2026-10')).toBe(1);
    // As of 2026-06-30 (churn risk = before 2026-01-01): A (2025-01-05), B and D (no purchase yet: delivery
    // 2024-05-01), C (2025-06-01); E not delivered yet, F nothing: 4.
    expect(trendOf(d, 'churn_risk_count', '2026-06')).toBe(4);
    expect(trendOf(d, 'active_ratio', '2026-06')).toBe(0);
  });

  const dirty = () => sql().prepare('SELECT customer_id FROM metric_agg_dirty ORDER BY customer_id').pluck().all() as string[];

  it("a row written (as HQ's pull would write it) shows from its day on, in the trend and today", async () => {
    await metrics();
    expect(dirty()).toEqual([]);
    // A purchase by C on 2026-10-10: the triggers list C; the next open folds C in.
    await addVisit(core.context.database, { id: 'c2', customerId: 'C', date: '2026-10-10', amountFen: 50_000 });
    expect(dirty()).toEqual(['C']);
    const d = await metrics();
    expect(dirty()).toEqual([]);
    expect(trendOf(d, 'churn_risk_count', '2026-10')).toBe(0);
    expect(trendOf(d, 'churn_risk_count', '2026-06')).toBe(4);
    expect(valueOf(d, 'churn_risk_count').value).toBe(0);
    sql().prepare("DELETE FROM visits WHERE id = 'c2'").run();
    expect((await metrics()).metrics.find((m) => m.key === 'churn_risk_count')!.value).toBe(1);
  });

  it('the warm-up after the daily plan builds the aggregates on a desk that has none, then only folds in what was written', async () => {
    sql().exec('DELETE FROM metric_agg_state; DELETE FROM metric_agg_days; DELETE FROM metric_agg_facts');
    expect(await warmDashboardAfterPlan(sql(), '2026-11-24')).toBeGreaterThan(0);
    expect(sql().prepare('SELECT cursor FROM metric_agg_state').pluck().get()).toBeNull();
    expect(sql().prepare('SELECT count(*) FROM metric_agg_facts').pluck().get()).toBe(6);
    expect(await warmDashboardAfterPlan(sql(), '2026-11-24')).toBe(0);
    // Served from the aggregates: a change altered by hand shows (proof that nothing was recomputed).
    sql().prepare('UPDATE metric_agg_days SET churn_risk = churn_risk + 98 WHERE day = (SELECT min(day) FROM metric_agg_days)').run();
    expect(valueOf(await metrics(), 'churn_risk_count').value).toBe(99);
    // Without them (a desk where the warm-up has not run yet), the first open builds them.
    sql().exec('DELETE FROM metric_agg_state');
    expect(valueOf(await metrics(), 'churn_risk_count').value).toBe(1);
  });

  it('the program effect on any days stores nothing per day', async () => {
    await metrics();
    const rows = () => sql().prepare('SELECT count(*) FROM metric_agg_days').pluck().get() as number;
    const before = rows();
    for (let d = 1; d <= 28; d++) {
      const day = `2026-02-${String(d).padStart(2, '0')}`;
      expect(await manager.call('dashboard', 'compare', { a: { from: day, to: day }, b: { from: `2026-03-${String(d).padStart(2, '0')}`, to: `2026-04-${String(d).padStart(2, '0')}` } })).toMatchObject({ ok: true });
    }
    expect(rows()).toBe(before);
  });

  it('while a manager watches the dashboard, rows pulled from HQ are folded in in the background', async () => {
    await metrics();
    const wait = () => new Promise((r) => setTimeout(r, 1300));
    // The core's clock (the store's day, real times of day), as the core stamps the dashboard's opening.
    await addVisit(core.context.database, { id: 'd2', customerId: 'D', date: '2026-11-01', amountFen: 0 });
    expect(dirty()).toEqual(['D']);
    metricRowsChanged(sql(), ['interactions'], core.context.clock.now().getTime());
    await wait();
    expect(dirty()).toEqual(['D']); // not a table the metrics read
    metricRowsChanged(sql(), ['visits'], core.context.clock.now().getTime() + 31 * 60_000);
    await wait();
    expect(dirty()).toEqual(['D']); // nobody looked at the dashboard for more than half an hour
    metricRowsChanged(sql(), ['visits'], core.context.clock.now().getTime());
    await wait();
    expect(dirty()).toEqual([]);
    sql().prepare("DELETE FROM visits WHERE id = 'd2'").run();
  });

  it('tiers: distribution now and upgrades / downgrades per month', async () => {
    const r = await manager.call('dashboard', 'tiers', {});
    expect(r.ok).toBe(true);
    expect(r.value.distribution).toEqual([
      { tier: 'normal', count: 5, share: 5 / 6 },
      { tier: 'silver', count: 0, share: 0 },
      { tier: 'gold', count: 1, share: 1 / 6 },
      { tier: 'diamond', count: 0, share: 0 },
    ]);
    const month = (m: string) => r.value.months.find((x: { month: string }) => x.month === m);
    expect(month('2026-09')).toEqual({ month: '2026-09', upgrades: 1, downgrades: 0 }); // B to silver
    expect(month('2026-10')).toEqual({ month: '2026-10', upgrades: 1, downgrades: 0 }); // A to silver
    expect(month('2026-11')).toEqual({ month: '2026-11', upgrades: 1, downgrades: 1 }); // A to gold, B back to normal
    expect(month('2026-08')).toEqual({ month: '2026-08', upgrades: 0, downgrades: 0 });
  });

  it('program effect: the same metrics as of each period start and end', async () => {
    const r = await manager.call('dashboard', 'compare', { a: { from: '2026-06-30', to: '2026-10-31' }, b: { from: '2026-10-31', to: '2026-11-24' } });
    expect(r.ok).toBe(true);
    const churn = (ms: { key: string; value: number | null }[]) => ms.find((m) => m.key === 'churn_risk_count')!.value;
    expect(churn(r.value.a.atStart)).toBe(4);
    expect(churn(r.value.a.atEnd)).toBe(1);
    expect(churn(r.value.b.atEnd)).toBe(1);
    expect(r.value.b.atEnd.find((m: { key: string }) => m.key === 'retention_30d').value).toBeCloseTo(0.25, 10);
  });

  it('program effect refuses a period ending after today or a reversed one, naming the field', async () => {
    expect(await manager.call('dashboard', 'compare', { a: { from: '2026-01-01', to: '2026-12-31' }, b: { from: '2026-01-01', to: '2026-02-01' } })).toMatchObject({
      ok: false, error: { code: 'validation', details: { field: 'a.to' } },
    });
    expect(await manager.call('dashboard', 'compare', { a: { from: '2026-03-01', to: '2026-02-01' }, b: { from: '2026-01-01', to: '2026-02-01' } })).toMatchObject({
      ok: false, error: { code: 'validation', details: { field: 'a.to' } },
    });
  });

  it('the xlsx export has the dashboard figures as numbers, Chinese headers by default', async () => {
    const d = await metrics();
    const r = await manager.call('exports', 'workbook', { what: ['dashboard', 'team'], format: 'xlsx' });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value.fileName).toBe('门店数据-2026-11-24.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.value.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标', '会员等级', '团队']);
    const ws = wb.getWorksheet('指标')!;
    expect(ws.getRow(2).values).toEqual([undefined, '指标', '当前值', '目标', '达标', '警报', ...valueOf(d, 'nps').trend.map((p) => p.month)]);
    d.metrics.forEach((m, i) => {
      const row = ws.getRow(3 + i);
      const expected = m.value === null ? null : m.key === 'annual_spend_per_customer' ? m.value / 100 : m.value;
      expect(row.getCell(2).value, m.key).toBe(expected);
      expect(typeof row.getCell(2).value).toBe('number');
      expect(row.getCell(5 + 12).value, `${m.key} current month in the trend`).toBe(expected);
    });
    expect(ws.getRow(3).getCell(1).value).toBe('30天留存率');
    expect(ws.getRow(3).getCell(2).numFmt).toBe('0.0%');
    expect(ws.getRow(3 + 6).getCell(5).value).toBe('沉默客户占比超过警戒线');
    const team = wb.getWorksheet('团队')!;
    expect(team.getRow(2).getCell(1).value).toBe('顾问');
    // Who took which lists out of the app, and how many rows (PIPL: who viewed what).
    const logged = core.context.database.sqlite.prepare("SELECT staff_id, entity_id, detail FROM audit_log WHERE action = 'export' ORDER BY seq DESC LIMIT 1").get() as { staff_id: string; entity_id: string; detail: string };
    expect(logged.entity_id).toBe('门店数据-2026-11-24.xlsx');
    expect(logged.staff_id).not.toBeNull();
    expect(JSON.parse(logged.detail)).toMatchObject({ what: ['dashboard', 'team'], format: 'xlsx', rows: { 指标: d.metrics.length, 团队: expect.any(Number) } });
  });

  it('English headers on request; CSV with a UTF-8 BOM', async () => {
    const x = await manager.call('exports', 'workbook', { what: ['dashboard'], format: 'xlsx', language: 'en' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.value.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Metrics')!.getRow(3).getCell(1).value).toBe('30-day retention');
    const c = await manager.call('exports', 'workbook', { what: ['dashboard'], format: 'csv' });
    expect(c.ok).toBe(true);
    expect(c.value.fileName).toBe('门店数据-2026-11-24.csv');
    const bytes = Buffer.from(c.value.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[1]!.startsWith('指标,当前值,目标,达标,警报,2025-12')).toBe(true);
    expect(lines[2]!.startsWith('30天留存率,25%,80%,否,')).toBe(true);
  });
});
