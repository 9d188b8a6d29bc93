import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDayClock } from '../../clock';
import { createCore, type Core } from '../../core';
import { deskClient } from '../../testing/client';
import { addCustomer, createTestStore } from '../../testing/fixture';

/** Consent (area `consent`) and what it changes: the follow-ups the core accepts, the channels tasks are offered on, the planner's contact tasks. */
describe('consent: marketing consent, do-not-contact and per-channel opt-outs', () => {
  let core: Core;
  let desk: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const get = async (id = 'c-1') => (await desk.call('customers', 'get', { id })).value;
  const log = (args: Record<string, unknown>) => desk.call('notes', 'logFollowUp', { customerId: 'c-1', outcome: 'reached', ...args });

  beforeAll(async () => {
    const fixture = await createTestStore();
    // Delivered 2026-11-10: the D15 meetup invitation (a contact task) is due within the planner's 30 days.
    await addCustomer(fixture.opened, { id: 'c-1', name: '刘洋', phone: '13700002222', plates: ['粤A88888'], deliveryDate: '2026-11-10' });
    await fixture.opened.close();
    core = createCore({ dbFile: fixture.file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
    await core.context.planner.runAll();
    desk = deskClient(core);
    await desk.signIn('adv-1');
  });
  afterAll(async () => {
    desk.close();
    await core.close();
  });

  it('records an SMS opt-out with who and when; SMS care contact is refused naming the channel, service and inbound notes still allowed', async () => {
    expect(await desk.call('consent', 'setChannel', { customerId: 'c-1', channel: 'sms', choice: 'refuse' })).toEqual({ ok: true, value: { customerId: 'c-1' } });
    const c = await get();
    expect(c.consent.channels).toEqual({ sms: false });
    expect(c.consent.choices).toEqual([{ channel: 'sms', allowed: false, recordedBy: '李顾问', recordedAt: expect.any(String) }]);
    expect(sql().prepare("SELECT action, detail FROM audit_log WHERE entity = 'consent' ORDER BY seq DESC LIMIT 1").get()).toEqual({ action: 'update', detail: '{"channel":"sms","choice":"refuse"}' });
    expect(sql().prepare('SELECT name FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get()).toBe('consent.setChannel');

    const interactions = () => sql().prepare('SELECT count(*) FROM interactions').pluck().get();
    const before = interactions();
    expect(await log({ channel: 'sms', purpose: 'care' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel', reason: 'channel_opt_out' } } });
    expect(interactions()).toBe(before);
    expect(await log({ channel: 'sms', purpose: 'service' })).toMatchObject({ ok: true });
    expect(await log({ channel: 'sms', purpose: 'inbound' })).toMatchObject({ ok: true });
    expect(await log({ channel: 'call', purpose: 'care' })).toMatchObject({ ok: true });

    // Open tasks offer every channel but SMS, and say why.
    const invite = c.tasks.find((t: { rule: string }) => t.rule === 'd15_meetup');
    expect(invite.channels).toEqual({ allowed: ['call', 'wechat'], refused: [{ channel: 'sms', reason: 'channel_opt_out' }], blocked: null, inPerson: false, asNotice: false });
    // The service notice (first-service reminder) still offers SMS.
    const reminder = c.tasks.find((t: { rule: string }) => t.rule === 'd30_first_service');
    expect(reminder.channels.allowed).toEqual(['sms', 'wechat', 'mail']);

    expect(await desk.call('consent', 'setChannel', { customerId: 'c-1', channel: 'sms', choice: 'default' })).toMatchObject({ ok: true });
    expect((await get()).consent.channels).toEqual({});
  });

  it('do-not-contact refuses every care channel, voids the planned contact tasks and says why; service stays allowed', async () => {
    expect(sql().prepare("SELECT count(*) FROM tasks WHERE customer_id = 'c-1' AND rule = 'd15_meetup' AND status = 'open'").pluck().get()).toBe(1);
    expect(await desk.call('consent', 'setGeneral', { customerId: 'c-1', marketingConsent: true, doNotContact: true })).toMatchObject({ ok: true });
    expect(sql().prepare("SELECT status FROM tasks WHERE customer_id = 'c-1' AND rule = 'd15_meetup'").pluck().get()).toBe('void');
    const c = await get();
    expect(c.doNotContact).toBe(true);
    expect(c.consent.recordedAt).not.toBeNull();
    // Who changed it goes with the customer to HQ and every desk (the audit log stays on this desk).
    expect(c.consent.recordedBy).toBe('李顾问');
    expect(sql().prepare("SELECT consent_recorded_by FROM customers WHERE id = 'c-1'").pluck().get()).toBe('adv-1');
    // (Set first by the channel choice above, which went to HQ with it.)
    const pushed = JSON.parse(sql().prepare("SELECT ops FROM outbox WHERE name = 'consent.setChannel' ORDER BY mutation_id LIMIT 1").pluck().get() as string) as { table: string; fields: Record<string, unknown> }[];
    expect(pushed.find((op) => op.table === 'customers')?.fields).toMatchObject({ consent_recorded_by: 'adv-1' });
    for (const channel of ['call', 'wechat', 'sms', 'mail', 'card', 'home_visit']) {
      expect(await log({ channel, purpose: 'care' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel', reason: 'do_not_contact' } } });
    }
    expect(await log({ channel: 'visit', purpose: 'care' })).toMatchObject({ ok: true }); // a talk at the store is no contact we make
    expect(await log({ channel: 'call', purpose: 'service' })).toMatchObject({ ok: true });
    expect(await desk.call('consent', 'setGeneral', { customerId: 'c-1', marketingConsent: false, doNotContact: false })).toMatchObject({ ok: true });
    expect(await log({ channel: 'wechat', purpose: 'care' })).toMatchObject({ ok: false, error: { details: { field: 'channel', reason: 'no_marketing_consent' } } });
    // One channel allowed explicitly beats the missing general consent.
    await desk.call('consent', 'setChannel', { customerId: 'c-1', channel: 'wechat', choice: 'allow' });
    expect(await log({ channel: 'wechat', purpose: 'care' })).toMatchObject({ ok: true });
  });

  it('refuses bad consent input naming the field', async () => {
    const cases: [string, unknown, string, string][] = [
      ['setChannel', { customerId: 'c-1', channel: 'fax', choice: 'refuse' }, 'channel', 'validation'],
      ['setChannel', { customerId: 'c-1', channel: 'sms', choice: 'maybe' }, 'choice', 'validation'],
      ['setGeneral', { customerId: 'c-1', marketingConsent: 'yes', doNotContact: false }, 'marketingConsent', 'validation'],
      ['setGeneral', { customerId: 'c-1', marketingConsent: true }, 'doNotContact', 'validation'],
      ['setGeneral', { customerId: 'ghost', marketingConsent: true, doNotContact: false }, 'customerId', 'not_found'],
      ['setChannel', { customerId: 'ghost', channel: 'sms', choice: 'refuse' }, 'customerId', 'not_found'],
    ];
    for (const [verb, args, field, code] of cases) expect(await desk.call('consent', verb, args)).toMatchObject({ ok: false, error: { code, details: { field } } });
  });
});
