import { pinyin } from 'pinyin-pro';
import { normalizePhone } from '../../../shared/domain/phone';
import { normalizePlate } from '../../../shared/domain/plate';

/**
 * Front-desk search keys. Substring search over short strings is served as a
 * prefix range over their suffixes: "A12" finds "粤A12345" through the suffix
 * "A12345". Each kind has its own key space (kind, key) in `search_keys`.
 */
export const KEY_KIND = { plate: 1, phone: 2, name: 3, pinyin: 4, initials: 5 } as const;
export type KeyKind = keyof typeof KEY_KIND;
export const KIND_BY_NUMBER: Record<number, KeyKind> = { 1: 'plate', 2: 'phone', 3: 'name', 4: 'pinyin', 5: 'initials' };

const MIN_PLATE_SUFFIX = 2;
const MIN_PHONE_SUFFIX = 3;

export interface SearchKey {
  kind: number;
  key: string;
}

export interface SearchableCustomer {
  name: string;
  phones: string[];
  plates: string[];
}

export interface NamePinyin {
  syllables: string[];
  full: string;
  initials: string;
}

export function namePinyin(name: string): NamePinyin {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'removed' }).map((s) =>
    s.toLowerCase(),
  );
  return { syllables, full: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}

function suffixes(text: string, minLength: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i + minLength <= chars.length; i++) out.push(chars.slice(i).join(''));
  return out;
}

/** All keys for one customer, deduplicated. */
export function searchKeysFor(customer: SearchableCustomer, py: NamePinyin = namePinyin(customer.name)): SearchKey[] {
  const keys = new Map<string, SearchKey>();
  const add = (kind: number, key: string) => {
    if (key) keys.set(`${kind}\u0000${key}`, { kind, key });
  };
  for (const plate of customer.plates) for (const s of suffixes(normalizePlate(plate), MIN_PLATE_SUFFIX)) add(KEY_KIND.plate, s);
  for (const phone of customer.phones) for (const s of suffixes(normalizePhone(phone), MIN_PHONE_SUFFIX)) add(KEY_KIND.phone, s);
  for (const s of suffixes(customer.name.replace(/\s/g, ''), 1)) add(KEY_KIND.name, s);
  // Pinyin and initials from each syllable on: "zhangwei" and "wei"; "zw" and "w".
  for (let i = 0; i < py.syllables.length; i++) {
    add(KEY_KIND.pinyin, py.syllables.slice(i).join(''));
    add(KEY_KIND.initials, py.syllables.slice(i).map((s) => s[0]).join(''));
  }
  return [...keys.values()];
}
