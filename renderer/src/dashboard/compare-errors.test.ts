import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { periodError } from './compare-errors';

const t = i18next.getFixedT('zh-CN');

describe('a program-compare period refused, in words', () => {
  it('says which period, which date and why', () => {
    expect(periodError({ code: 'validation', message: 'A period cannot end after today', details: { field: 'b.to', rule: 'not_after_today' } }, t)).toBe('时期 B（之后）：结束日期不能晚于今天');
    expect(periodError({ code: 'validation', message: 'from must not be after to', details: { field: 'a.to' } }, t)).toBe('时期 A（之前）：结束日期不能早于开始日期');
    expect(periodError({ code: 'validation', message: 'must be a date YYYY-MM-DD', details: { field: 'b.from' } }, t)).toBe('时期 B（之后）：请填写有效的开始日期');
    expect(periodError({ code: 'forbidden', message: 'x', details: { field: 'role' } }, t)).toBeNull();
  });
});
