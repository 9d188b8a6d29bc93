import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseRulesConfig } from './config';

type Json = Record<string, unknown>;
const clone = (): Json => JSON.parse(JSON.stringify(DEFAULT_RULES)) as Json;

/** Sets (or with `undefined`, deletes) the value at a dotted path of a fresh default config. */
function withValue(path: string, value: unknown): Json {
  const config = clone();
  const keys = path.split('.');
  let node = config;
  for (const key of keys.slice(0, -1)) node = node[key] as Json;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return config;
}

describe('parseRulesConfig', () => {
  it('accepts the defaults unchanged', () => {
    const result = parseRulesConfig(clone());
    expect(result).toEqual({ ok: true, config: DEFAULT_RULES });
  });

  it('holds every number of DOMAIN.md', () => {
    const r = DEFAULT_RULES;
    expect([r.radar.yellowMinDays, r.radar.redAfterDays, r.radar.satisfactionFineAbove, r.radar.satisfactionRedBelow, r.radar.complaintWindowDays]).toEqual([90, 180, 70, 50, 180]);
    expect([r.lifecycle.d3CallDay, r.lifecycle.d7GuideDay, r.lifecycle.d15MeetupDay, r.lifecycle.d30FirstServiceDay]).toEqual([3, 7, 15, 30]);
    expect([r.lifecycle.careCallQuietDays, r.lifecycle.offerQuietDays, r.lifecycle.atRiskQuietDays, r.lifecycle.matureStageEndDay + 1]).toEqual([90, 180, 180, 366]);
    expect([r.points.perCny, r.points.referral, r.points.mileageStepPoints, r.points.mileageStepKm]).toEqual([1, 6000, 10, 100]);
    expect(1000 * r.points.redeemFenPerPoint).toBe(200 * 100);
    expect([r.surprises.nthVisitorEvery, r.surprises.mileageMilestoneKm, r.surprises.topReferrerCount, r.calendar.cardLeadDays]).toEqual([1000, 10000, 5, 7]);
    expect(r.metrics.targets.retention_30d).toEqual({ target: 0.8, comparator: '>' });
    expect(r.metrics.targets.silent_ratio).toEqual({ target: 0.2, comparator: '<=' });
    expect(r.metrics.targets.annual_spend_per_customer.target).toBe(500_000);
  });

  it.each([
    ['tiers.gold.minVisits', -1, 'tiers.gold.minVisits'],
    ['tiers.gold.minVisits', 2.5, 'tiers.gold.minVisits'],
    ['tiers.gold.minVisits', '6', 'tiers.gold.minVisits'],
    ['tiers.silver.pointsMultiplier', 0, 'tiers.silver.pointsMultiplier'],
    ['tiers.gold', 'x', 'tiers.gold'],
    ['tiers.diamond', undefined, 'tiers.diamond'],
    ['version', 0, 'version'],
    ['trailingDays', 0, 'trailingDays'],
    ['radar.complaintWindowDays', undefined, 'radar.complaintWindowDays'],
    ['radar.satisfactionFineAbove', 101, 'radar.satisfactionFineAbove'],
    ['lifecycle.d3CallDay', -3, 'lifecycle.d3CallDay'],
    ['points.redeemFenPerPoint', 0, 'points.redeemFenPerPoint'],
    ['points.activities', { survey_completed: -5 }, 'points.activities.survey_completed'],
    ['surprises.koiProbability', 1.5, 'surprises.koiProbability'],
    ['surprises.festivals', ['dragon_boat'], 'surprises.festivals.0'],
    ['metrics.targets.nps.comparator', '>=', 'metrics.targets.nps.comparator'],
    ['metrics.targets.nps', undefined, 'metrics.targets.nps'],
    ['calendar.cardLeadDays', null, 'calendar.cardLeadDays'],
    ['booking.openDaysAhead', -1, 'booking.openDaysAhead'],
    ['booking.reservedMinTier', 'normal', 'booking.reservedMinTier'],
    ['booking.extra', 1, 'booking.extra'],
    ['calendar.occasionHorizonDays', 3, 'calendar.occasionHorizonDays'], // shorter than cardLeadDays (the calendar's own check)
  ] as const)('refuses %s = %j, naming %s', (path, value, field) => {
    const result = parseRulesConfig(withValue(path, value));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.field).toBe(field);
  });

  it('refuses an unknown (misspelt) key, naming it', () => {
    const config = withValue('tiers.gold.minVisit', 6);
    expect(parseRulesConfig(config)).toMatchObject({ ok: false, field: 'tiers.gold.minVisit' });
  });

  it('booking: everyone books 7 days ahead, tiers add 3 / 7 / 14, reserved slots from gold; a config without booking gets these', () => {
    expect(DEFAULT_RULES.booking).toEqual({ openDaysAhead: 7, reservedMinTier: 'gold' });
    expect([DEFAULT_RULES.tiers.silver.bookingDaysAhead, DEFAULT_RULES.tiers.gold.bookingDaysAhead, DEFAULT_RULES.tiers.diamond.bookingDaysAhead]).toEqual([3, 7, 14]);
    expect(parseRulesConfig(withValue('booking', undefined))).toEqual({ ok: true, config: DEFAULT_RULES });
  });

  it('refuses a value that is not an object', () => {
    expect(parseRulesConfig(null)).toMatchObject({ ok: false, field: '' });
    expect(parseRulesConfig('rules')).toMatchObject({ ok: false, field: '' });
  });

  describe('cross-field checks', () => {
    it.each([
      ['tiers.gold.minVisits', 3, 'tiers.gold.minVisits'], // equal to silver: not ascending
      ['tiers.gold.minVisits', 2, 'tiers.gold.minVisits'],
      ['tiers.diamond.minSpendFen', 800_000, 'tiers.diamond.minSpendFen'],
      ['tiers.silver.minSpendFen', 900_000, 'tiers.gold.minSpendFen'], // silver above gold: gold is the one out of order
      ['radar.yellowMinDays', 181, 'radar.yellowMinDays'],
      ['radar.satisfactionRedBelow', 71, 'radar.satisfactionRedBelow'],
      ['lifecycle.growthStageEndDay', 30, 'lifecycle.growthStageEndDay'],
      ['lifecycle.matureStageEndDay', 180, 'lifecycle.matureStageEndDay'],
      ['lifecycle.offerQuietDays', 90, 'lifecycle.offerQuietDays'],
      ['lifecycle.atRiskQuietDays', 60, 'lifecycle.atRiskQuietDays'], // the win-back plan before the care call
      ['lifecycle.atRiskQuietDays', 179, 'lifecycle.atRiskQuietDays'],
      ['metrics.npsDetractorMax', 9, 'metrics.npsDetractorMax'],
      ['tiers.silver.pointsMultiplier', 1.2345, 'tiers.silver.pointsMultiplier'], // 12,345 points would be earned as 12,350
      ['points.perCny', 0.0001, 'points.normalMultiplier'], // would earn nothing at all
      ['points.normalMultiplier', 0.0004, 'points.normalMultiplier'],
    ] as const)('refuses %s = %j, naming %s', (path, value, field) => {
      const result = parseRulesConfig(withValue(path, value));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.field).toBe(field);
        expect(result.message).toMatch(/must/);
      }
    });

    it('accepts points rates in whole thousandths', () => {
      expect(parseRulesConfig(withValue('tiers.silver.pointsMultiplier', 1.25)).ok).toBe(true);
      expect(parseRulesConfig(withValue('points.perCny', 0.5)).ok).toBe(true);
    });

    it('accepts the yellow band of a single day (yellowMinDays = redAfterDays)', () => {
      expect(parseRulesConfig(withValue('radar.yellowMinDays', 180)).ok).toBe(true);
    });
  });
});
