import { normalizePhone } from '../../../shared/domain/phone';
import { normalizePlate } from '../../../shared/domain/plate';
import type { CustomerSummary, SearchHit } from '../../../shared/domain/types';
import type { KeyKind } from './keys';

export interface Candidate {
  customerId: string;
  kind: KeyKind;
  /** The prefix that matched, as normalised for its key space. */
  prefix: string;
  pinyin: string;
  initials: string;
  /** Every phone of the customer (the list shows the one that matched, which may be the second). */
  phones: readonly string[];
}

/** Exact and leading matches first; a phone tail outranks a digit run inside a plate. */
function score(c: Candidate, s: CustomerSummary): { score: number; text: string } {
  const p = c.prefix;
  switch (c.kind) {
    case 'plate': {
      const plates = s.plates.map(normalizePlate);
      const exact = plates.find((pl) => pl === p || pl.slice(1) === p);
      if (exact) return { score: 100, text: exact };
      const lead = plates.find((pl) => pl.startsWith(p) || pl.slice(1).startsWith(p));
      if (lead) return { score: 80, text: lead };
      const tail = plates.find((pl) => pl.endsWith(p));
      return { score: tail ? 72 : 60, text: tail ?? plates.find((pl) => pl.includes(p)) ?? p };
    }
    case 'phone': {
      const phones = c.phones.length > 0 ? c.phones : [s.phone];
      const exact = phones.find((ph) => normalizePhone(ph) === p);
      if (exact) return { score: 100, text: exact };
      const tail = phones.find((ph) => normalizePhone(ph).endsWith(p));
      return { score: tail ? 85 : 50, text: tail ?? phones.find((ph) => normalizePhone(ph).includes(p)) ?? s.phone };
    }
    case 'name':
      if (s.name === p) return { score: 95, text: s.name };
      return { score: s.name.startsWith(p) ? 75 : 55, text: s.name };
    case 'pinyin':
      if (c.pinyin === p) return { score: 90, text: c.pinyin };
      return { score: c.pinyin.startsWith(p) ? 70 : 50, text: c.pinyin };
    case 'initials':
      if (c.initials === p) return { score: 88, text: c.initials };
      return { score: c.initials.startsWith(p) ? 68 : 45, text: c.initials };
  }
}

/** One collator for every search: `localeCompare` with a locale builds one per call (~0.5 ms a search of 200 hits). */
const byName = new Intl.Collator('zh-CN').compare;

export function rankHits(candidates: Candidate[], summaries: CustomerSummary[], limit: number): SearchHit[] {
  const byId = new Map(summaries.map((s) => [s.id, s]));
  const best = new Map<string, { hit: SearchHit; score: number }>();
  for (const c of candidates) {
    const s = byId.get(c.customerId);
    if (!s) continue;
    const { score: value, text } = score(c, s);
    const prev = best.get(s.id);
    if (!prev || value > prev.score) best.set(s.id, { hit: { ...s, ...(c.kind === 'phone' ? { phone: text } : {}), matchedBy: c.kind, matchedText: text }, score: value });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || byName(a.hit.name, b.hit.name) || (a.hit.id < b.hit.id ? -1 : a.hit.id > b.hit.id ? 1 : 0))
    .slice(0, limit)
    .map((e) => e.hit);
}
