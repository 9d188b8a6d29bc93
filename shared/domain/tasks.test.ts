import { describe, expect, it } from 'vitest';
import type { ConsentState } from './consent';
import { channelsForTask, parseTaskReason, taskPurpose } from './tasks';

const consent = (s: Partial<ConsentState> = {}): ConsentState => ({ marketingConsent: true, doNotContact: false, channels: {}, ...s });
const task = (rule: string, kind: string, reason: unknown = {}) => ({ rule, kind, channel: null, reason });

describe('task channels under consent (Today and the customer view use this one rule)', () => {
  it('offers the allowed channels of the kind and lists the refused ones with the reason', () => {
    expect(channelsForTask(task('care_call_90', 'call'), consent({ channels: { call: false } }))).toEqual({
      allowed: [], refused: [{ channel: 'call', reason: 'channel_opt_out' }], blocked: 'channel_opt_out', inPerson: false, asNotice: false,
    });
    expect(channelsForTask(task('quarterly_invite', 'invite'), consent({ channels: { sms: false } }))).toEqual({
      allowed: ['call', 'wechat'], refused: [{ channel: 'sms', reason: 'channel_opt_out' }], blocked: null, inPerson: false, asNotice: false,
    });
  });

  it('uses the channel a task names instead of its kind', () => {
    expect(channelsForTask({ ...task('manual_follow_up', 'message', { purpose: 'care' }), channel: 'wechat' }, consent()).allowed).toEqual(['wechat']);
  });

  it('hands gifts and surprises over in person, whatever the consent', () => {
    expect(channelsForTask(task('surprise_koi', 'surprise'), consent({ doNotContact: true }))).toEqual({ allowed: ['visit'], refused: [], blocked: null, inPerson: true, asNotice: false });
  });

  it('keeps service notices on every channel and takes a manual task purpose from its reason', () => {
    expect(channelsForTask(task('d30_first_service', 'message'), consent({ doNotContact: true }))).toMatchObject({ allowed: ['sms', 'wechat', 'mail'], asNotice: true });
    expect(channelsForTask(task('d30_first_service', 'message'), consent()).asNotice, 'a customer who agreed: a plain contact').toBe(false);
    expect(channelsForTask(task('d30_first_service', 'message'), consent({ marketingConsent: false })).asNotice, 'no marketing consent').toBe(true);
    // The customer called us; the call back we promise is ours to make: marketing unless logged as service.
    expect(taskPurpose(task('manual_follow_up', 'call', { code: 'manual_follow_up', purpose: 'inbound' }))).toBe('marketing');
    expect(taskPurpose(task('manual_follow_up', 'call', { code: 'manual_follow_up', purpose: 'care' }))).toBe('marketing');
    expect(taskPurpose(task('manual_follow_up', 'call', { code: 'manual_follow_up', purpose: 'service' }))).toBe('service');
    expect(taskPurpose(task('suggestion_thanks', 'thanks', { code: 'suggestion_adopted' }))).toBe('marketing');
  });
});

describe('parseTaskReason', () => {
  it.each([
    ['{"code":"no_visit","since":"2026-05-01","quietDays":90}', { code: 'no_visit', since: '2026-05-01', quietDays: 90 }],
    ['{"since":"2026-05-01"}', { code: 'unknown' }],
    ['call back after the trip', { code: 'text', text: 'call back after the trip' }],
    ['[1,2]', { code: 'text', text: '[1,2]' }],
    ['null', { code: 'text', text: 'null' }],
  ])('reads %s as %j', (raw, reason) => {
    expect(parseTaskReason(raw)).toEqual(reason);
  });
});
