import { normalizePhone } from '../../../shared/domain/phone';
import { KEY_KIND, type KeyKind } from './keys';

export interface KeyRange {
  kind: KeyKind;
  prefix: string;
}

const HAN = /\p{Script=Han}/u;

/**
 * Which key spaces a front-desk query can mean. "5678" is a phone tail or a
 * plate fragment; "zw" initials or pinyin; "王伟" a name; "粤A1" a plate.
 * ASCII queries need two characters: one letter would match everyone.
 */
export function planSearch(raw: string): KeyRange[] {
  // Full-width digits and letters (a Chinese IME in 全角 mode) as the ASCII ones the keys hold.
  const text = raw.normalize('NFKC');
  // A phone number as people write it (+86 138 1234 5678, (138)1234-5678, 8613812345678): as the keys hold it.
  const q = /^[\d\s()+-]+$/.test(text) ? normalizePhone(text) : text.replace(/[\s·\-_.]/g, '');
  if (q === '') return [];
  const ranges: KeyRange[] = [];
  if (HAN.test(q)) {
    // A name as the keys hold it: without spaces, with its dot (阿卜杜拉·买买提); and without the dot too,
    // for a name stored without one.
    const name = text.replace(/\s/g, '');
    ranges.push({ kind: 'name', prefix: name });
    if (q !== name) ranges.push({ kind: 'name', prefix: q });
    if (/^\p{Script=Han}[A-Za-z0-9]/u.test(q)) ranges.push({ kind: 'plate', prefix: q.toUpperCase() });
    return ranges;
  }
  if (q.length < 2) return [];
  if (/^\d+$/.test(q)) {
    if (q.length >= 3) ranges.push({ kind: 'phone', prefix: q });
    if (q.length <= 8) ranges.push({ kind: 'plate', prefix: q });
    return ranges;
  }
  if (/^[A-Za-z0-9]+$/.test(q)) {
    if (q.length <= 8) ranges.push({ kind: 'plate', prefix: q.toUpperCase() });
    if (/^[A-Za-z]+$/.test(q)) {
      ranges.push({ kind: 'initials', prefix: q.toLowerCase() });
      ranges.push({ kind: 'pinyin', prefix: q.toLowerCase() });
    }
  }
  return ranges;
}

export const kindNumber = (kind: KeyKind) => KEY_KIND[kind];
