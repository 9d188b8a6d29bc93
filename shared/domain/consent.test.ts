import { describe, expect, it } from 'vitest';
import { allowedChannels, channelVerdict, purposeOfRule, type ConsentState } from './consent';

const state = (s: Partial<ConsentState>): ConsentState => ({ marketingConsent: true, doNotContact: false, channels: {}, ...s });

describe('contact consent', () => {
  it.each([
    ['consent, no channel choice', state({}), 'sms', { allowed: true }],
    ['no consent, no channel choice', state({ marketingConsent: false }), 'sms', { allowed: false, reason: 'no_marketing_consent' }],
    ['consent, SMS opted out', state({ channels: { sms: false } }), 'sms', { allowed: false, reason: 'channel_opt_out' }],
    ['consent, SMS opted out, call still fine', state({ channels: { sms: false } }), 'call', { allowed: true }],
    ['no general consent but this channel allowed', state({ marketingConsent: false, channels: { wechat: true } }), 'wechat', { allowed: true }],
    ['do not contact beats a channel allowed', state({ doNotContact: true, channels: { call: true } }), 'call', { allowed: false, reason: 'do_not_contact' }],
  ] as const)('%s: marketing on %s', (_name, s, channel, expected) => {
    expect(channelVerdict(s, channel, 'marketing')).toEqual(expected);
  });

  it('always allows service notices, even to a do-not-contact customer', () => {
    expect(channelVerdict(state({ doNotContact: true, channels: { sms: false } }), 'sms', 'service')).toEqual({ allowed: true });
  });

  it('lists the allowed channels in the order asked', () => {
    expect(allowedChannels(state({ channels: { sms: false } }), ['call', 'sms', 'wechat'], 'marketing')).toEqual(['call', 'wechat']);
    expect(allowedChannels(state({ doNotContact: true }), ['call', 'sms'], 'marketing')).toEqual([]);
  });

  it('treats the first-service reminder and survey as service notices, the rest as marketing', () => {
    expect(purposeOfRule('d30_first_service')).toBe('service');
    expect(purposeOfRule('first_service_survey')).toBe('service');
    // Answering their complaint or their low score is service too (recovery.ts).
    expect(purposeOfRule('complaint_visit')).toBe('service');
    expect(purposeOfRule('low_score_visit')).toBe('service');
    expect(purposeOfRule('care_call_90')).toBe('marketing');
    expect(purposeOfRule('winback_plan')).toBe('marketing');
  });
});
