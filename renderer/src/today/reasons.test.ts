import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { blockedReason, taskReason } from './reasons';
import { zh } from './i18n';

describe('taskReason: a win-back plan', () => {
  it('says the customer enters win-back on its due day while it is still to come, and that they are in it from then on', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'zh', resources: { zh: { translation: { today: zh } } } });
    const t = (key: string, o?: Record<string, unknown>) => i18n.t(key, o);
    const task = { reason: { code: 'at_risk', since: '2026-05-29', quietDays: 180, deliveredOn: '2021-01-12' }, dueDate: '2026-11-25' };
    expect(taskReason(task, '2026-11-24', t)).toBe('179 天未到店（上次 2026-05-29），2026-11-25 进入挽回');
    expect(taskReason(task, '2026-11-25', t)).toBe('180 天未到店（上次 2026-05-29），已进入挽回');
  });
});

describe('blockedReason', () => {
  it('names the reason of each channel when they differ, the one reason when they agree', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'zh', resources: { zh: { translation: { today: zh } } } });
    const t = (key: string, o?: Record<string, unknown>) => i18n.t(key, o);
    const mixed = {
      blocked: 'channel_opt_out' as const,
      refused: [
        { channel: 'call' as const, reason: 'channel_opt_out' as const },
        { channel: 'sms' as const, reason: 'no_marketing_consent' as const },
        { channel: 'wechat' as const, reason: 'no_marketing_consent' as const },
      ],
    };
    expect(blockedReason(mixed, t)).toBe('电话：客户已退订这些渠道；短信、微信：客户未同意营销联系');
    const same = { blocked: 'do_not_contact' as const, refused: [{ channel: 'call' as const, reason: 'do_not_contact' as const }, { channel: 'sms' as const, reason: 'do_not_contact' as const }] };
    expect(blockedReason(same, t)).toBe('客户要求勿联系');
  });
});
