import { describe, expect, it } from 'vitest';
import type { DesiredTask } from './rows';
import { tasksDigest } from './task-digest';

const task = (over: Partial<DesiredTask> = {}): DesiredTask => ({
  id: '',
  customerId: 'c-1',
  storeId: 'store-1',
  advisorId: 'adv-1',
  rule: 'care_call_90',
  occurrence: '2026-08-26',
  kind: 'call',
  channel: 'call',
  dueDate: '2026-11-24',
  reason: '{"code":"no_visit","since":"2026-08-26"}',
  ...over,
});

describe('tasksDigest', () => {
  it('is a sha1 in base64, the same for the same tasks, and does not depend on the id or the customer (kept per customer)', () => {
    const d = tasksDigest([task(), task({ rule: 'offer_180' })]);
    expect(d).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(tasksDigest([task({ id: 'x' }), task({ rule: 'offer_180', customerId: 'c-2' })])).toBe(d);
    expect(tasksDigest([])).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('changes with every field the planner writes, with the order of the tasks and with how the text is cut into fields', () => {
    const base = [task(), task({ rule: 'offer_180', occurrence: '2026-05-28' })];
    const variants: DesiredTask[][] = [
      [task({ rule: 'care_call_9' }), base[1]!],
      [task({ occurrence: '2026-08-27' }), base[1]!],
      [task({ storeId: 'store-2' }), base[1]!],
      [task({ advisorId: null }), base[1]!],
      [task({ advisorId: 'adv-2' }), base[1]!],
      [task({ kind: 'visit' }), base[1]!],
      [task({ channel: null }), base[1]!],
      [task({ channel: 'sms' }), base[1]!],
      [task({ dueDate: '2026-11-25' }), base[1]!],
      [task({ reason: '{"code":"no_visit","since":"2026-08-27"}' }), base[1]!],
      // The same characters, cut at another field boundary.
      [task({ rule: 'care_call_902026-08-26', occurrence: '' }), base[1]!],
      [base[1]!, base[0]!],
      [base[0]!],
      [base[0]!, base[1]!, base[1]!],
    ];
    const digests = new Set([tasksDigest(base), ...variants.map(tasksDigest)]);
    expect(digests.size).toBe(variants.length + 1);
  });

  it('tells similar answers apart: no two of 20,000 due dates and advisors meet', () => {
    const seen = new Set<string>();
    for (let day = 0; day < 2_000; day++) {
      for (let advisor = 0; advisor < 10; advisor++) {
        const due = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
        seen.add(tasksDigest([task({ dueDate: due, advisorId: `adv-${advisor}` })]));
      }
    }
    expect(seen.size).toBe(20_000);
  });
});
