import { describe, expect, it } from 'vitest';
import { KEY_KIND, namePinyin, searchKeysFor } from './keys';

describe('searchKeysFor', () => {
  const keys = searchKeysFor({ name: '张伟', phones: ['138 1234 5678'], plates: ['粤A·12345'] });
  const of = (kind: number) => keys.filter((k) => k.kind === kind).map((k) => k.key);

  it('indexes every plate suffix of two or more characters, normalised', () => {
    expect(of(KEY_KIND.plate)).toEqual(['粤A12345', 'A12345', '12345', '2345', '345', '45']);
  });
  it('indexes phone suffixes so a tail or any fragment is a prefix of one', () => {
    expect(of(KEY_KIND.phone)).toContain('5678');
    expect(of(KEY_KIND.phone)).toContain('13812345678');
    expect(of(KEY_KIND.phone)).not.toContain('78');
  });
  it('indexes names, full pinyin and initials from each syllable', () => {
    expect(of(KEY_KIND.name)).toEqual(['张伟', '伟']);
    expect(of(KEY_KIND.pinyin)).toEqual(['zhangwei', 'wei']);
    expect(of(KEY_KIND.initials)).toEqual(['zw', 'w']);
  });
  it('reads surnames with their surname pronunciation', () => {
    expect(namePinyin('曾小贤').full).toBe('zengxiaoxian');
    expect(namePinyin('单雄信').initials).toBe('sxx');
  });
});
