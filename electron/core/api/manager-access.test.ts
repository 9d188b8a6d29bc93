import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/api/contract';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';
import { deskClient } from '../testing/client';
import { addCustomer, createTestStore } from '../testing/fixture';

/** Every verb of the contract whose access is 'manager', read from the contract itself. */
const managerVerbs = Object.entries(contract).flatMap(([area, verbs]) =>
  Object.entries(verbs as Record<string, { access: string }>)
    .filter(([, spec]) => spec.access === 'manager')
    .map(([verb]) => [area, verb] as const),
);

/** The store manager's areas (issue 6): every verb in them is for managers only. */
const MANAGER_AREAS = ['team', 'radar', 'dashboard', 'campaigns', 'exports'] as const;

/**
 * Roles are enforced in the core, not only hidden in the UI: an advisor's session gets 'forbidden'
 * from every manager-only verb (and nothing is written), a manager's does not.
 */
describe('manager-only verbs refuse advisors in the core', () => {
  let core: Core;
  const sql = () => core.context.database.sqlite;
  const writes = () => sql().prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM customer_assignments) + (SELECT count(*) FROM campaigns)').pluck().get() as number;

  beforeAll(async () => {
    const f = await createTestStore();
    await addCustomer(f.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold' });
    await f.opened.close();
    core = createCore({ dbFile: f.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, autoSync: false });
  });
  afterAll(async () => {
    await core.close();
  });

  it('every verb of the store manager areas is manager-only', () => {
    for (const area of MANAGER_AREAS) {
      for (const [verb, spec] of Object.entries(contract[area] as Record<string, { access: string }>)) expect(`${area}.${verb}:${spec.access}`).toBe(`${area}.${verb}:manager`);
    }
    expect(managerVerbs.length).toBeGreaterThanOrEqual(14);
    expect(managerVerbs).toContainEqual(['tasks', 'reassign']);
  });

  // Arguments that would pass validation, so the refusal can only come from the role check.
  const validArgs: Record<string, unknown> = {
    'team.overview': { period: 'week' },
    'team.advisorCustomers': { advisorId: 'adv-1' },
    'team.customerHistory': { customerId: 'c-1' },
    'team.reassign': { customerIds: ['c-1'], toAdvisorId: 'mgr-1', reason: '顾问离职' },
    'dashboard.compare': { a: { from: '2026-01-01', to: '2026-03-31' }, b: { from: '2026-04-01', to: '2026-06-30' } },
    'campaigns.create': { kind: 'offer', name: '新客首保', benefit: '首保免费', audience: 'new_customers', startsOn: '2026-12-01', endsOn: '2026-12-31', acknowledgeLoyalWarning: true },
    'exports.workbook': { what: ['dashboard'], format: 'csv' },
    'tasks.reassign': { taskId: 't-1', advisorId: 'mgr-1' },
  };

  it.each(managerVerbs)('an advisor calling %s.%s gets forbidden (field role) and nothing is written', async (area, verb) => {
    const advisor = deskClient(core);
    await advisor.signIn('adv-1');
    const before = writes();
    const r = await advisor.call(area, verb, validArgs[`${area}.${verb}`] ?? {});
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'role' } } });
    expect(writes()).toBe(before);
    advisor.close();
  });

  it.each(managerVerbs.filter(([area]) => (MANAGER_AREAS as readonly string[]).includes(area)))('a manager calling %s.%s is not refused for the role', async (area, verb) => {
    const manager = deskClient(core);
    await manager.signIn('mgr-1');
    const r = await manager.call(area, verb, validArgs[`${area}.${verb}`] ?? {});
    if (!r.ok) expect(['forbidden', 'internal'], `${area}.${verb}: ${r.error.message}`).not.toContain(r.error.code);
    manager.close();
  });

  it("an advisor's Today and My customers default to their own work, and another advisor's is refused", async () => {
    const advisor = deskClient(core);
    await advisor.signIn('adv-1');
    expect(await advisor.call('today', 'get', {})).toMatchObject({ ok: true, value: { advisorId: 'adv-1' } });
    expect(await advisor.call('roster', 'list', {})).toMatchObject({ ok: true, value: { advisorId: 'adv-1' } });
    expect(await advisor.call('roster', 'list', { advisorId: 'mgr-1' })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'advisorId' } } });
    // The front desk still finds every store customer.
    expect(await advisor.call('customers', 'search', { query: '王伟' })).toMatchObject({ ok: true, value: [expect.objectContaining({ id: 'c-1' })] });
    advisor.close();
  });
});
