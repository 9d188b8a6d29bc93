import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { taskTitle } from './task-title';

const zh = i18next.getFixedT('zh-CN');
const en = i18next.getFixedT('en');

describe('task titles', () => {
  it("say the day and the quiet days the planner's reason carries (the rules config's), not the defaults", () => {
    const call = { rule: 'd3_call', reason: { code: 'new_owner', deliveredOn: '2026-11-20', day: 2 } };
    const care = { rule: 'care_call_90', reason: { code: 'no_visit', since: '2026-08-01', quietDays: 60 } };
    expect(taskTitle(call, zh)).toBe('交车2天回访电话');
    expect(taskTitle(care, zh)).toBe('60天未到店关怀电话');
    expect(taskTitle(care, en)).toBe('Care call: 60 days without a visit');
    expect(taskTitle({ rule: 'care_call_90' }, zh)).toBe('未到店关怀电话');
    expect(taskTitle({ rule: 'offer_180', reason: { code: 'no_visit', quietDays: 180 } }, zh)).toBe('“好久不见”专属优惠');
  });
});
