import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RadarOverview } from '../../../../shared/api/areas/radar';
import type { Core } from '../../core';
import { deskClient } from '../../testing/client';
import { managerDesk } from '../../testing/manager-store';

/**
 * The risk radar on the hand-computed store (testing/manager-store.ts), today 2026-11-24:
 * A green (bought 54 days ago, satisfaction 100); B red (complaint open since 11-01); C red (541 days
 * since its only purchase); D yellow (146 days, satisfaction 70); E yellow (132 days since delivery, no purchase yet);
 * F green (no purchase, no vehicle: nothing to count from). adv-1: A, B, C, F; adv-3: D, E.
 */
describe('risk radar: flags for the store and per advisor, reasons, red without a win-back plan', () => {
  let core: Core;
  let manager: ReturnType<typeof deskClient>;

  beforeAll(async () => {
    ({ core, manager } = await managerDesk());
  });
  afterAll(async () => {
    manager.close();
    await core.close();
  });

  it('counts and shares green / yellow / red for the store and per advisor, with the reasons', async () => {
    const r = await manager.call('radar', 'overview', {});
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const o = r.value as RadarOverview;
    expect(o.store).toEqual({ green: 2, yellow: 2, red: 2, total: 6, greenShare: 2 / 6, yellowShare: 2 / 6, redShare: 2 / 6 });
    expect(o.redReasons).toEqual({ daysSincePurchase: 1, satisfaction: 0, complaint: 1 });
    // D is yellow twice over: 146 days and satisfaction 70 (50-70 is the yellow band).
    expect(o.yellowReasons).toEqual({ daysSincePurchase: 2, satisfaction: 1, complaint: 0 });
    const adv1 = o.advisors.find((a) => a.advisorId === 'adv-1')!;
    expect(adv1).toMatchObject({ name: '李顾问', green: 2, yellow: 0, red: 2, total: 4, redShare: 0.5, redWithoutWinBack: 1 });
    expect(adv1.redReasons).toEqual({ daysSincePurchase: 1, satisfaction: 0, complaint: 1 });
    const adv3 = o.advisors.find((a) => a.advisorId === 'adv-3')!;
    expect(adv3).toMatchObject({ name: '张顾问', green: 0, yellow: 2, red: 0, yellowShare: 1, redWithoutWinBack: 0 });
    // The advisor with the most red customers first.
    expect(o.advisors[0]!.advisorId).toBe('adv-1');
    // C's win-back task was done after its last purchase: only B has no plan started.
    expect(o.redWithoutWinBack).toBe(1);
  });

  it('lists the red customers with no win-back plan started, with reasons and advisor', async () => {
    const r = await manager.call('radar', 'redWithoutWinBack', {});
    expect(r.value).toEqual([
      expect.objectContaining({ id: 'B', flag: 'red', advisorId: 'adv-1', advisorName: '李顾问', reasons: [{ code: 'complaint_open', openedOn: '2026-11-01' }], openWinBackTaskId: null }),
    ]);
    expect((await manager.call('radar', 'redWithoutWinBack', { advisorId: 'adv-3' })).value).toEqual([]);
  });

  it('a home visit logged starts the plan', async () => {
    const advisor = deskClient(core);
    await advisor.signIn('adv-1');
    expect(await advisor.call('roster', 'logFollowUp', { customerIds: ['B'], channel: 'visit', outcome: 'reached' })).toMatchObject({ ok: true });
    advisor.close();
    expect((await manager.call('radar', 'redWithoutWinBack', {})).value).toEqual([]);
    expect((await manager.call('radar', 'overview', {})).value.redWithoutWinBack).toBe(0);
  });
});
