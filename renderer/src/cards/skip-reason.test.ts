import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { skipReasonText } from './skip-reason';

describe('why a card was skipped', () => {
  it("says the planner's lapse in words (the queue showed 'lapsed' on the Chinese screen), a person's reason as typed", () => {
    expect(skipReasonText('lapsed', i18next.getFixedT('zh-CN'))).toBe('纪念日前没有写好，已过期');
    expect(skipReasonText('lapsed', i18next.getFixedT('en'))).toBe('Not written before the day: lapsed');
    expect(skipReasonText('客户已搬家', i18next.getFixedT('zh-CN'))).toBe('客户已搬家');
  });
});
