import { describe, expect, it } from 'vitest';
import type { CustomerHistoryEntry } from '../../../shared/api/areas/team';
import { i18next } from '../i18n';
import { historyText } from './history-text';

const t = i18next.getFixedT('zh-CN');
const exists = (k: string) => i18next.exists(k, { lng: 'zh-CN' });
const base = { at: '2026-11-20T02:00:00Z', staffName: '李顾问', assignment: null };

describe('history entries in words', () => {
  it('translates a follow-up and keeps the note as written', () => {
    const e: CustomerHistoryEntry = { ...base, kind: 'follow_up', summary: 'call · booked · 周六来', followUp: { channel: 'call', outcome: 'booked', note: '周六来' } };
    expect(historyText(e, t, exists)).toBe('电话 · 已预约到店 · 周六来');
  });

  it('gives a task its title, how it ended and the skip reason with its note', () => {
    const e: CustomerHistoryEntry = { ...base, kind: 'task', summary: '', task: { rule: 'care_call_90', status: 'skipped', outcome: null, skipReason: 'customer_busy: 出差到月底', reason: { code: 'no_visit', since: '2026-08-01', quietDays: 90 } } };
    expect(historyText(e, t, exists)).toBe('90天未到店关怀电话 · 已跳过 · 客户近期不便：出差到月底');
  });

  it('shows an unknown code as it is, and an advisor change as its reason', () => {
    const e: CustomerHistoryEntry = { ...base, kind: 'follow_up', summary: '', followUp: { channel: 'fax', outcome: 'reached', note: null } };
    expect(historyText(e, t, exists)).toBe('fax · 已联系上');
    expect(historyText({ ...base, kind: 'assignment', summary: '顾问离职' }, t, exists)).toBe('顾问离职');
  });
});
