import type BetterSqlite3 from 'better-sqlite3';
import { CARD_TARGETS } from '../../shared/domain/cards';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_OUTCOMES } from '../../shared/domain/customer360';
import { asksChurnReason, CHURN_REASONS, SKIP_REASONS, TASK_OUTCOMES } from '../../shared/domain/tasks';
import { CHANNELS } from '../../shared/domain/types';
import type { deskClient } from '../../electron/core/testing/client';

/**
 * Random edits a person could make at a desk, through the real desk API verbs (so each is one
 * mutate() transaction with its outbox entry), picked by a seeded generator. What to act on is
 * read from the desk's own database, as the screens would show it.
 */
export interface EditDesk {
  client: ReturnType<typeof deskClient>;
  sqlite: BetterSqlite3.Database;
}

const CATEGORIES = ['drink', 'contact_channel', 'contact_time', 'lounge', 'family', 'hobby', 'other'] as const;

export function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

const ids = (sqlite: BetterSqlite3.Database, sql: string, ...args: unknown[]) => sqlite.prepare(sql).pluck().all(...args) as string[];

export function balanceOf(sqlite: BetterSqlite3.Database, customerId: string): number {
  return Number(sqlite.prepare('SELECT coalesce(sum(points), 0) FROM points_ledger WHERE customer_id = ?').pluck().get(customerId));
}

/** One random edit; returns the verb tried and whether the desk accepted it. */
export async function randomEdit(desk: EditDesk, random: () => number, n: number): Promise<{ verb: string; ok: boolean; error?: string }> {
  const { client, sqlite } = desk;
  const customers = ids(sqlite, 'SELECT id FROM customers ORDER BY id');
  const customerId = pick(random, customers)!;
  const call = async (area: string, verb: string, args: Record<string, unknown>) => {
    const r = (await client.call(area, verb, args)) as { ok: boolean; error?: { code: string; message: string } };
    return { verb: `${area}.${verb}`, ok: r.ok, ...(r.error ? { error: `${r.error.code} ${r.error.message}` } : {}) };
  };
  const kinds = [
    'followUp', 'followUp', 'addPreference', 'addPreference', 'changePreference', 'removePreference', 'consentGeneral', 'consentChannel',
    'taskDone', 'taskSkip', 'card', 'earn', 'earn', 'redeem', 'transfer', 'book', 'cancel', 'arrive', 'complaint', 'resolveComplaint', 'survey',
    'reassignCustomers', 'reassignTask', 'campaign', 'rainy',
  ] as const;
  // Reassignments put OPEN planned tasks at HQ; a desk planner's later change to one (void, re-date) reaches HQ as a
  // 'planner.align' mutation (migration 0014). FAULT_REASSIGN=0 leaves them out (to tell a failure apart).
  const offered = process.env.FAULT_REASSIGN === '0' ? kinds.filter((k) => k !== 'reassignTask' && k !== 'reassignCustomers') : kinds;
  const kind = pick(random, offered)!;
  switch (kind) {
    case 'followUp': {
      const next = random() < 0.5 ? { nextDate: `2026-12-${String(1 + Math.floor(random() * 20)).padStart(2, '0')}` } : {};
      return call('notes', 'logFollowUp', { customerId, channel: random() < 0.7 ? 'visit' : pick(random, FOLLOW_UP_CHANNELS), outcome: pick(random, FOLLOW_UP_OUTCOMES), note: `回访 ${n}`, ...next });
    }
    case 'addPreference':
      return call('notes', 'addPreference', { customerId, category: pick(random, CATEGORIES), value: `偏好 ${n}` });
    case 'changePreference': {
      const id = pick(random, ids(sqlite, "SELECT id FROM preferences WHERE category <> 'suggestion' ORDER BY id"));
      if (!id) return { verb: 'notes.changePreference', ok: false };
      return call('notes', 'changePreference', { id, category: pick(random, CATEGORIES), value: `改过 ${n}` });
    }
    case 'removePreference': {
      const id = pick(random, ids(sqlite, "SELECT id FROM preferences WHERE category <> 'suggestion' ORDER BY id"));
      if (!id) return { verb: 'notes.removePreference', ok: false };
      return call('notes', 'removePreference', { id });
    }
    case 'consentGeneral':
      return call('consent', 'setGeneral', { customerId, marketingConsent: random() < 0.6, doNotContact: random() < 0.2 });
    case 'consentChannel':
      return call('consent', 'setChannel', { customerId, channel: pick(random, CHANNELS), choice: pick(random, ['allow', 'refuse', 'default'] as const) });
    case 'taskDone': {
      const task = pick(random, sqlite.prepare("SELECT id, rule, channel FROM tasks WHERE status = 'open' ORDER BY id").all() as { id: string; rule: string; channel: string | null }[]);
      if (!task) return { verb: 'tasks.complete', ok: false };
      const outcome = pick(random, TASK_OUTCOMES)!;
      // A win-back contact that reached the customer says why they stopped coming (the churn-reason survey).
      const churn = asksChurnReason(task, outcome) ? { churnReason: pick(random, CHURN_REASONS) } : {};
      return call('tasks', 'complete', { taskId: task.id, channel: task.channel ?? pick(random, CHANNELS), outcome, ...churn });
    }
    case 'taskSkip': {
      const taskId = pick(random, ids(sqlite, "SELECT id FROM tasks WHERE status = 'open' ORDER BY id"));
      if (!taskId) return { verb: 'tasks.skip', ok: false };
      return call('tasks', 'skip', { taskId, reason: pick(random, SKIP_REASONS) });
    }
    case 'card': {
      const id = pick(random, ids(sqlite, "SELECT id FROM card_reminders WHERE status IN ('to_write', 'written') ORDER BY id"));
      if (!id) return { verb: 'cards.setStatus', ok: false };
      return call('cards', 'setStatus', { id, status: pick(random, CARD_TARGETS) });
    }
    case 'earn': {
      const visit = sqlite.prepare('SELECT id, customer_id FROM visits ORDER BY id LIMIT 1 OFFSET ?').get(Math.floor(random() * customers.length)) as { id: string; customer_id: string } | undefined;
      if (!visit) return { verb: 'points.earnVisit', ok: false };
      return call('points', 'earnVisit', { customerId: visit.customer_id, visitId: visit.id });
    }
    case 'redeem': {
      const rich = ids(sqlite, 'SELECT customer_id FROM points_ledger GROUP BY customer_id HAVING sum(points) > 0 ORDER BY customer_id');
      const who = pick(random, rich);
      if (!who) return { verb: 'points.redeem', ok: false };
      const points = Math.max(1, Math.ceil(balanceOf(sqlite, who) * (0.3 + 0.7 * random())));
      return call('points', 'redeem', { customerId: who, points, forWhat: `兑换 ${n}` });
    }
    case 'transfer': {
      const rich = ids(sqlite, 'SELECT customer_id FROM points_ledger GROUP BY customer_id HAVING sum(points) > 0 ORDER BY customer_id');
      const who = pick(random, rich);
      const to = pick(random, customers.filter((c) => c !== who));
      if (!who || !to) return { verb: 'points.transfer', ok: false };
      // Family only: the advisor names the relation (the link is written with the transfer and syncs like it).
      const relation = pick(random, ['spouse', 'child', 'parent', 'other']);
      return call('points', 'transfer', { customerId: who, toCustomerId: to, points: Math.max(1, Math.floor(balanceOf(sqlite, who) * random())), relation });
    }
    case 'book': {
      const calendar = (await client.call('appointments', 'calendar', { customerId })) as { ok: boolean; value?: { days: { date: string; slots: { time: string; refusal: unknown }[] }[] } };
      const open = (calendar.value?.days ?? []).flatMap((d) => d.slots.filter((s) => s.refusal === null).map((s) => ({ date: d.date, time: s.time })));
      const slot = pick(random, open);
      if (!slot) return { verb: 'appointments.book', ok: false };
      return call('appointments', 'book', { customerId, ...slot });
    }
    case 'cancel':
    case 'arrive': {
      const id = pick(random, ids(sqlite, "SELECT id FROM appointments WHERE status = 'booked' ORDER BY id"));
      if (!id) return { verb: `appointments.${kind}`, ok: false };
      return call('appointments', kind, { id });
    }
    case 'complaint':
      return call('notes', 'openComplaint', { customerId, summary: `投诉 ${n}` });
    case 'resolveComplaint': {
      const id = pick(random, ids(sqlite, 'SELECT id FROM complaints WHERE resolved_on IS NULL ORDER BY id'));
      if (!id) return { verb: 'notes.resolveComplaint', ok: false };
      return call('notes', 'resolveComplaint', { id, resolution: `已处理 ${n}` });
    }
    case 'survey':
      return call('notes', 'recordSurvey', { customerId, score: Math.floor(random() * 11) });
    case 'reassignCustomers': {
      const to = pick(random, ids(sqlite, "SELECT id FROM staff WHERE active = 1 AND role = 'advisor' ORDER BY id"));
      const some = customers.filter(() => random() < 0.3).slice(0, 5);
      if (!to || some.length === 0) return { verb: 'team.reassign', ok: false };
      return call('team', 'reassign', { customerIds: some, toAdvisorId: to, reason: `调整 ${n}` });
    }
    case 'reassignTask': {
      const taskId = pick(random, ids(sqlite, "SELECT id FROM tasks WHERE status = 'open' ORDER BY id"));
      const to = pick(random, ids(sqlite, "SELECT id FROM staff WHERE active = 1 AND role = 'advisor' ORDER BY id"));
      if (!taskId || !to) return { verb: 'tasks.reassign', ok: false };
      return call('tasks', 'reassign', { taskId, advisorId: to });
    }
    case 'rainy':
      return call('appointments', 'markRainy', { rainy: random() < 0.5 });
    case 'campaign':
      return call('campaigns', 'create', {
        kind: pick(random, ['offer', 'campaign'] as const), name: `活动 ${n}`, benefit: '保养九折', audience: pick(random, ['everyone', 'existing_customers'] as const),
        startsOn: '2026-12-01', endsOn: '2026-12-31',
      });
  }
}

/** The same customer's whole balance redeemed on two desks that have not synced in between: HQ must refuse one. */
export async function conflictingRedemptions(a: EditDesk, b: EditDesk, random: () => number, n: number): Promise<boolean> {
  const shared = ids(a.sqlite, 'SELECT customer_id FROM points_ledger GROUP BY customer_id HAVING sum(points) > 0 ORDER BY customer_id').filter((c) => balanceOf(b.sqlite, c) > 0);
  const who = pick(random, shared);
  if (!who) return false;
  const ra = (await a.client.call('points', 'redeem', { customerId: who, points: balanceOf(a.sqlite, who), forWhat: `抢兑 A ${n}` })) as { ok: boolean };
  const rb = (await b.client.call('points', 'redeem', { customerId: who, points: balanceOf(b.sqlite, who), forWhat: `抢兑 B ${n}` })) as { ok: boolean };
  return ra.ok && rb.ok;
}
