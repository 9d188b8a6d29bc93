import type { FlagCounts, RadarAdvisor, RadarOverview, ReasonCounts } from '../../../../shared/api/areas/radar';
import { addDays } from '../../../../shared/domain/rules/days';
import { churnReasonCounts, flagCounts, radarTally, redWithoutWinBack, type ReasonKind } from '../../repos/radar';
import { staffNames } from '../../repos/team';
import { freshStatus } from '../../status/refresh';
import { dayStartInstant } from '../../../../shared/domain/manager-periods';
import { storeDay, storeToday } from '../mutate';
import type { CallContext, HandlerArea } from '../types';

const emptyFlags = () => ({ green: 0, yellow: 0, red: 0 });
const withShares = (f: { green: number; yellow: number; red: number }): FlagCounts => {
  const total = f.green + f.yellow + f.red;
  const share = (n: number) => (total === 0 ? 0 : n / total);
  return { ...f, total, greenShare: share(f.green), yellowShare: share(f.yellow), redShare: share(f.red) };
};
const emptyReasons = (): ReasonCounts => ({ daysSincePurchase: 0, satisfaction: 0, complaint: 0 });
const REASON_KEY: Record<ReasonKind, keyof ReasonCounts> = { days_since_purchase: 'daysSincePurchase', satisfaction: 'satisfaction', complaint: 'complaint' };

export async function radarOverview(call: CallContext): Promise<RadarOverview> {
  const { today, timezone } = await storeDay(call);
  const sqlite = call.core.database.sqlite;
  await freshStatus(sqlite, today, null);
  const flags = new Map<string, { green: number; yellow: number; red: number }>();
  const store = emptyFlags();
  for (const r of flagCounts(sqlite)) {
    const f = flags.get(r.advisorId) ?? emptyFlags();
    f[r.flag] += r.count;
    store[r.flag] += r.count;
    flags.set(r.advisorId, f);
  }
  const reasons = new Map<string, { red: ReasonCounts; yellow: ReasonCounts }>();
  const storeReasons = { red: emptyReasons(), yellow: emptyReasons() };
  const tally = radarTally(sqlite);
  for (const r of tally.reasons) {
    const a = reasons.get(r.advisorId) ?? { red: emptyReasons(), yellow: emptyReasons() };
    a[r.flag][REASON_KEY[r.kind]] += r.count;
    storeReasons[r.flag][REASON_KEY[r.kind]] += r.count;
    reasons.set(r.advisorId, a);
  }
  const withoutPlan = tally.redWithoutWinBack;
  const names = staffNames(sqlite);
  const advisors: RadarAdvisor[] = [...flags.entries()]
    .map(([advisorId, f]) => ({
      advisorId, name: names.get(advisorId) ?? null, ...withShares(f),
      redReasons: reasons.get(advisorId)?.red ?? emptyReasons(), yellowReasons: reasons.get(advisorId)?.yellow ?? emptyReasons(),
      redWithoutWinBack: withoutPlan.get(advisorId) ?? 0,
    }))
    .sort((a, b) => b.red - a.red || (a.name ?? '').localeCompare(b.name ?? ''));
  return {
    today, store: withShares(store), redReasons: storeReasons.red, yellowReasons: storeReasons.yellow, advisors,
    redWithoutWinBack: [...withoutPlan.values()].reduce((a, b) => a + b, 0),
    // Logged at UTC instants: the window starts at the store's midnight 364 days ago.
    churnReasons: churnReasonCounts(sqlite, dayStartInstant(addDays(today, -364), timezone)),
  };
}

export const radar: HandlerArea<'radar'> = {
  overview: (_args, call) => radarOverview(call),
  redWithoutWinBack: async (args, call) => {
    const today = await storeToday(call);
    const sqlite = call.core.database.sqlite;
    await freshStatus(sqlite, today, args.advisorId ?? null);
    return redWithoutWinBack(sqlite, args.advisorId ?? null);
  },
};
