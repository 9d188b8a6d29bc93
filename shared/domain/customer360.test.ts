import { describe, expect, it } from 'vitest';
import { benefitsGained, benefitsOf } from './benefits';
import type { ConsentState } from './consent';
import { consentChannelOf, followUpVerdict, nextTaskOf } from './customer360';

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

describe('tier benefits', () => {
  it('accumulates benefits up the tiers', () => {
    expect(benefitsOf('normal')).toEqual(['basic_service', 'birthday_greeting']);
    expect(benefitsOf('gold')).toEqual(['basic_service', 'birthday_greeting', 'quarterly_offer', 'dedicated_advisor', 'loaner_car', 'monthly_event_invite']);
    expect(benefitsOf('diamond')).toHaveLength(10);
    expect(benefitsGained('diamond')).toEqual(['hotline_24x7', 'pickup_delivery', 'vip_lounge', 'annual_event_gift']);
  });
});
