import { describe, expect, it } from 'vitest';
import { cardDelivery, type CardItem } from '../../../shared/domain/cards';
import { i18next } from '../i18n';
import { cardWay, nextActions } from './delivery';

type Card = Pick<CardItem, 'status' | 'delivery' | 'address' | 'city'>;
const ok = { allowed: true } as const;
const CONSENTING = { marketingConsent: true, doNotContact: false, channels: {} };
/** A card as the core sends it: its delivery decided from consent and the address (cardDelivery), unless given. */
const card = (over: Partial<Card> = {}): Card => {
  const address = over.address === undefined ? '天河区体育西路 100 号' : over.address;
  return { status: 'written', delivery: cardDelivery(CONSENTING, address), address, city: '广州', ...over };
};

describe('how a card goes: by post only with consent for mail and an address, otherwise handed over', () => {
  it('mails a card with consent and an address; hands over one without consent for mail or without an address; neither to do-not-contact', () => {
    expect(cardWay(card())).toEqual({ way: 'mail' });
    expect(cardWay(card({ delivery: { mail: { allowed: false, reason: 'no_marketing_consent' }, handOver: ok } }))).toEqual({ way: 'handOver', reason: 'no_marketing_consent' });
    expect(cardWay(card({ delivery: { mail: { allowed: false, reason: 'channel_opt_out' }, handOver: ok } }))).toEqual({ way: 'handOver', reason: 'channel_opt_out' });
    expect(cardWay(card({ address: null }))).toEqual({ way: 'handOver', reason: 'no_address' });
    expect(cardWay(card({ address: '  ', city: '广州' }))).toEqual({ way: 'handOver', reason: 'no_address' });
    // Without consent and without an address: consent is the reason given (it holds whatever address is added).
    expect(cardWay(card({ address: null, delivery: { mail: { allowed: false, reason: 'no_marketing_consent' }, handOver: ok } }))).toEqual({ way: 'handOver', reason: 'no_marketing_consent' });
    const dnc = { allowed: false, reason: 'do_not_contact' } as const;
    expect(cardWay(card({ delivery: { mail: dnc, handOver: dnc } }))).toEqual({ way: 'none', reason: 'do_not_contact' });
  });

  it('offers "mailed" first only for a card that can be mailed; "handed over" is the next step otherwise', () => {
    expect(nextActions(card({ status: 'to_write', address: null }))).toEqual(['written']);
    expect(nextActions(card())).toEqual(['mailed', 'handed_over']);
    expect(nextActions(card({ address: null }))).toEqual(['handed_over']);
    expect(nextActions(card({ delivery: { mail: { allowed: false, reason: 'no_marketing_consent' }, handOver: ok } }))).toEqual(['handed_over']);
    const dnc = { allowed: false, reason: 'do_not_contact' } as const;
    expect(nextActions(card({ delivery: { mail: dnc, handOver: dnc } }))).toEqual([]);
    expect(nextActions(card({ status: 'mailed' }))).toEqual([]);
  });

  it('says why a card cannot be mailed for want of an address, in both languages', () => {
    expect(i18next.getFixedT('zh-CN')('cards.delivery.no_address')).toBe('没有地址，不能邮寄：到店时当面交给');
    expect(i18next.getFixedT('en')('cards.delivery.no_address')).toBe('No address on file, so not by post: hand it over when they come in');
  });
});
