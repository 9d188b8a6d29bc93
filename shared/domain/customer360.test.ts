import { describe, expect, it } from 'vitest';
import { benefitsGained, benefitsOf } from './benefits';
import type { ConsentState } from './consent';
import { consentChannelOf, followUpVerdict, nextTaskOf, taskChannels, taskPurpose } from './customer360';

const consent = (s: Partial<ConsentState>): ConsentState => ({ marketingConsent: true, doNotContact: false, channels: {}, ...s });

describe('follow-up consent rule', () => {
  it('maps follow-up channels to consent channels; a talk at the store is none', () => {
    expect(['call', 'sms', 'wechat', 'mail', 'card', 'home_visit', 'visit'].map((c) => consentChannelOf(c as never))).toEqual(['call', 'sms', 'wechat', 'mail', 'mail', 'visit', null]);
  });

  it('refuses care contact on an opted-out channel, allows service notices and inbound contact', () => {
    const smsOut = consent({ channels: { sms: false } });
    expect(followUpVerdict(smsOut, 'sms', 'care')).toEqual({ allowed: false, reason: 'channel_opt_out' });
    expect(followUpVerdict(smsOut, 'sms', 'service')).toEqual({ allowed: true });
    expect(followUpVerdict(smsOut, 'sms', 'inbound')).toEqual({ allowed: true });
    expect(followUpVerdict(smsOut, 'call', 'care')).toEqual({ allowed: true });
    const dnc = consent({ doNotContact: true });
    expect(followUpVerdict(dnc, 'card', 'care')).toEqual({ allowed: false, reason: 'do_not_contact' });
    expect(followUpVerdict(dnc, 'visit', 'care')).toEqual({ allowed: true });
  });

  it('gives a next-date task the kind and channel of the follow-up', () => {
    expect(nextTaskOf('wechat')).toEqual({ kind: 'message', channel: 'wechat' });
    expect(nextTaskOf('visit')).toEqual({ kind: 'other', channel: null });
  });
});

describe('task channels under consent', () => {
  it('offers the allowed candidates of the kind and lists the refused ones with the reason', () => {
    expect(taskChannels({ rule: 'care_call_90', kind: 'call', channel: null, reason: {} }, consent({ channels: { call: false } }))).toEqual({ offered: [], refused: [{ channel: 'call', reason: 'channel_opt_out' }] });
    expect(taskChannels({ rule: 'quarterly_invite', kind: 'invite', channel: null, reason: {} }, consent({ channels: { sms: false } }))).toEqual({
      offered: ['call', 'wechat'],
      refused: [{ channel: 'sms', reason: 'channel_opt_out' }],
    });
    expect(taskChannels({ rule: 'surprise_koi', kind: 'surprise', channel: null, reason: {} }, consent({ doNotContact: true }))).toEqual({ offered: [], refused: [] });
  });

  it('keeps service notices on every channel and takes a manual task purpose from its reason', () => {
    expect(taskChannels({ rule: 'd30_first_service', kind: 'message', channel: null, reason: {} }, consent({ doNotContact: true })).offered).toEqual(['sms', 'wechat', 'mail']);
    expect(taskPurpose('manual_follow_up', { code: 'manual_follow_up', purpose: 'inbound' })).toBe('service');
    expect(taskPurpose('manual_follow_up', { code: 'manual_follow_up', purpose: 'care' })).toBe('marketing');
    expect(taskPurpose('suggestion_thanks', { code: 'suggestion_adopted' })).toBe('marketing');
  });
});

describe('tier benefits', () => {
  it('accumulates benefits up the tiers', () => {
    expect(benefitsOf('normal')).toEqual(['basic_service', 'birthday_greeting']);
    expect(benefitsOf('gold')).toEqual(['basic_service', 'birthday_greeting', 'quarterly_offer', 'dedicated_advisor', 'loaner_car', 'monthly_event_invite']);
    expect(benefitsOf('diamond')).toHaveLength(10);
    expect(benefitsGained('diamond')).toEqual(['hotline_24x7', 'pickup_delivery', 'vip_lounge', 'annual_event_gift']);
  });
});
