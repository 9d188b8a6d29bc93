import { channelVerdict, purposeOfRule, type ChannelVerdict, type ConsentState, type ContactPurpose } from './consent';
import { CHANNELS, type Channel } from './types';

/** What an advisor can do with a task on Today. */
export const TASK_OUTCOMES = ['reached', 'no_answer', 'booked', 'declined', 'other'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

export const SKIP_REASONS = ['not_relevant', 'customer_busy', 'duplicate', 'moved_away', 'other'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * The win-back plan's churn-reason survey (DOMAIN.md "At risk": win-back plan ... churn-reason
 * survey): why the customer stopped coming, asked when the win-back contact reached them.
 * 'not_said': they would not say (the advisor asked).
 */
export const CHURN_REASONS = ['price', 'service', 'waiting', 'distance', 'other_dealer', 'car_sold', 'no_need', 'not_said'] as const;
export type ChurnReason = (typeof CHURN_REASONS)[number];
/** Outcomes that reached the customer: the churn reason was asked. */
const REACHED: ReadonlySet<TaskOutcome> = new Set(['reached', 'booked', 'declined']);

/** Whether completing this task with this outcome records a churn reason (a win-back plan that reached the customer). */
export function asksChurnReason(task: { rule: string }, outcome: TaskOutcome): boolean {
  return task.rule === 'winback_plan' && REACHED.has(outcome);
}

/** Task kinds handed over in person when the customer is at the store: not outreach. */
const IN_PERSON_KINDS: ReadonlySet<string> = new Set(['gift', 'surprise']);

/** The channels a task of this kind can use when it names none (as the customer view offers them). */
const CANDIDATES: Record<string, readonly Channel[]> = {
  call: ['call'],
  message: ['sms', 'wechat', 'mail'],
  invite: ['call', 'sms', 'wechat'],
  offer: ['call', 'sms', 'wechat'],
  survey: ['call', 'sms', 'wechat'],
  thanks: ['call', 'sms', 'wechat', 'visit'],
  visit: ['visit'],
  gift: ['visit'],
  surprise: ['visit'],
};

/** The channels a task can be done on: the one it names, else those of its kind. */
export function taskChannels(task: { kind: string; channel: string | null }): Channel[] {
  if (task.channel !== null && (CHANNELS as readonly string[]).includes(task.channel)) return [task.channel as Channel];
  return [...(CANDIDATES[task.kind] ?? ['call', 'sms', 'wechat', 'visit'])];
}

/**
 * Why we contact: service notices stay allowed (consent.ts); a follow-up task people created
 * carries its purpose in its reason: a service one is a notice, any other is ours to start (the
 * next step after a contact the customer started too: calling them back about a new model is
 * marketing, and a customer who opted out is not called for it); a gift or surprise handed over
 * while the customer is at the store contacts no one, so consent does not hold it back.
 */
export function taskPurpose(task: { rule: string; kind: string; reason: unknown }): ContactPurpose {
  if (IN_PERSON_KINDS.has(task.kind)) return 'service';
  const r = task.reason as { code?: unknown; purpose?: unknown } | null;
  if (task.rule === 'manual_follow_up' && r && typeof r === 'object' && 'purpose' in r) return r.purpose === 'service' ? 'service' : 'marketing';
  return purposeOfRule(task.rule);
}

export type ChannelRefusal = Extract<ChannelVerdict, { allowed: false }>['reason'];

export interface TaskChannels {
  /** The channels this task may be done on for this customer now (possibly none). */
  allowed: Channel[];
  /** The task's channels consent rules out, each with why ("not offered for that channel"). */
  refused: { channel: Channel; reason: ChannelRefusal }[];
  /** When none is allowed: why (the first refusal among the task's channels). */
  blocked: ChannelRefusal | null;
  /** Handed over while the customer is at the store (a gift, a surprise): it contacts no one. */
  inPerson: boolean;
  /** A service notice the customer's marketing choices would refuse (opted out, no consent): allowed only as a notice, and the screens say so. */
  asNotice: boolean;
}

/** Consent applied to a task: "tasks that would contact an opted-out customer are not offered for that channel". */
export function channelsForTask(task: { rule: string; kind: string; channel: string | null; reason: unknown }, consent: ConsentState): TaskChannels {
  const purpose = taskPurpose(task);
  const out: TaskChannels = { allowed: [], refused: [], blocked: null, inPerson: IN_PERSON_KINDS.has(task.kind), asNotice: false };
  for (const channel of taskChannels(task)) {
    const verdict = channelVerdict(consent, channel, purpose);
    if (verdict.allowed) out.allowed.push(channel);
    else out.refused.push({ channel, reason: verdict.reason });
  }
  if (out.allowed.length === 0) out.blocked = out.refused[0]?.reason ?? null;
  out.asNotice = purpose === 'service' && !out.inPerson && out.allowed.some((channel) => !channelVerdict(consent, channel, 'marketing').allowed);
  return out;
}

/** The customer's contact preferences (preferences table), shown on each task. */
export interface ContactPrefs {
  channel: string[];
  time: string[];
  doNotDisturb: string[];
}

/** A task's reason as the tasks table holds it: the planner's structured `{ code, ... }`. */
export type TaskReason = { code: string; [k: string]: unknown };

/**
 * A task's stored reason (JSON written by the planner or a mutation): `{ code: 'unknown' }` for
 * JSON without a code, and `{ code: 'text', text }` for plain text (a row from elsewhere), so
 * nothing stored is lost when it is shown or exported.
 */
export function parseTaskReason(raw: string): TaskReason {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { code: 'text', text: raw };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { code: 'text', text: raw };
  return typeof (value as TaskReason).code === 'string' ? (value as TaskReason) : { code: 'unknown' };
}
