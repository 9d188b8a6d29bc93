import { describe, expect, it } from 'vitest';
import { formatBirthday, formatInstantDate, formatInstantTime, formatLunar, formatLunarOf } from './format';

describe('lunar dates in the user language', () => {
  it('names lunar days the Chinese way and numbers them in English', () => {
    expect(formatLunar(8, 15, false, 'zh-CN')).toBe('农历八月十五');
    expect(formatLunar(4, 1, true, 'zh-CN')).toBe('农历闰四月初一');
    expect(formatLunar(12, 29, false, 'zh-CN')).toBe('农历腊月廿九');
    expect(formatLunar(8, 15, false, 'en')).toBe('Lunar 8/15');
    expect(formatLunar(4, 1, true, 'en')).toBe('Lunar leap 4/1');
  });

  it('gives the lunar form of a solar date (Mid-Autumn 2026 is 2026-09-25)', () => {
    expect(formatLunarOf('2026-09-25', 'zh-CN')).toBe('农历八月十五');
    expect(formatLunarOf('2026-09-25', 'en')).toBe('Lunar 8/15');
  });

  it('shows a solar birthday as its date and a lunar one by its lunar day', () => {
    const t = (k: string) => k;
    expect(formatBirthday({ calendar: 'solar', date: '1980-02-29' }, t, 'en')).toBe('1980-02-29');
    expect(formatBirthday({ calendar: 'lunar', year: 1980, month: 11, day: 30, leap: false }, t, 'zh-CN')).toBe('农历冬月三十');
  });
});

describe('an instant as the store\'s day', () => {
  it('is the day in the store\'s time zone, not the UTC day', () => {
    expect(formatInstantDate('2026-11-23T23:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-24');
    expect(formatInstantDate('2026-11-23T15:59:59.000Z', 'Asia/Shanghai')).toBe('2026-11-23');
    expect(formatInstantDate('2026-11-23T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-11-24');
    expect(formatInstantDate('2026-11-23T22:30:00.000Z', 'Europe/Berlin')).toBe('2026-11-23');
  });
});

describe("an instant as the store's time of day", () => {
  it('is the wall clock in the store, whatever the PC is set to', () => {
    expect(formatInstantTime('2026-11-24T04:15:00.000Z', 'Asia/Shanghai')).toBe('12:15');
    expect(formatInstantTime('2026-11-23T16:05:00.000Z', 'Asia/Shanghai')).toBe('00:05');
  });
});
