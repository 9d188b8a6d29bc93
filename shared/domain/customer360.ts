import type { Benefit } from './benefits';
import { channelVerdict, type ChannelVerdict, type ConsentState } from './consent';
import type { RiskResult } from './rules/radar';
import type { TierPath } from './rules/tier';
import type { ChurnReason, TaskChannels } from './tasks';
import { type Birthday, type Channel, type CustomerDetail, type Instant, type IsoDate, type Tier } from './types';

/** Customer 360: everything an advisor sees about one customer, and the rules of their notes. */

// ---------------------------------------------------------------- follow-ups

/** How a follow-up happened (interactions.channel). 'visit' = at the store; 'home_visit' = at the customer's. */
export const FOLLOW_UP_CHANNELS = ['visit', 'call', 'wechat', 'sms', 'card', 'home_visit', 'mail'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];

export const FOLLOW_UP_OUTCOMES = ['reached', 'no_answer', 'booked', 'declined', 'other'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/**
 * Why the contact happened, which decides whether consent applies:
 * - 'care': we reached out for the relationship or marketing (care call, invitation, offer, card):
 *   needs consent on that channel (consent.ts, purpose 'marketing');
 * - 'service': a service notice (reminder, a survey about a service they had, an appointment): always allowed;
 * - 'inbound': the customer came to us (called, wrote, walked in): always allowed, we only write it down.
 */
export const FOLLOW_UP_PURPOSES = ['care', 'service', 'inbound'] as const;
export type FollowUpPurpose = (typeof FOLLOW_UP_PURPOSES)[number];

/**
 * The consent channel a follow-up reaches the customer through: a mailed card is mail, a home
 * visit is an in-person visit. A talk at the store is not a contact we make: null, consent does
 * not apply (the customer chose to come).
 */
export function consentChannelOf(channel: FollowUpChannel): Channel | null {
  switch (channel) {
    case 'call': return 'call';
    case 'sms': return 'sms';
    case 'wechat': return 'wechat';
    case 'mail': case 'card': return 'mail';
    case 'home_visit': return 'visit';
    case 'visit': return null;
  }
}

/**
 * The rule for logging a follow-up (the core refuses what this refuses, naming `channel`): an
 * outgoing 'care' contact needs marketing consent on its channel; service notices and inbound
 * contacts are always allowed, as is anything said at the store.
 */
export function followUpVerdict(consent: ConsentState, channel: FollowUpChannel, purpose: FollowUpPurpose): ChannelVerdict {
  const via = consentChannelOf(channel);
  if (via === null || purpose === 'inbound') return { allowed: true };
  return channelVerdict(consent, via, purpose === 'care' ? 'marketing' : 'service');
}

/** The task a follow-up's next date creates: its kind and channel follow the follow-up's channel. */
export function nextTaskOf(channel: FollowUpChannel): { kind: 'call' | 'message' | 'visit' | 'other'; channel: Channel | null } {
  switch (channel) {
    case 'call': return { kind: 'call', channel: 'call' };
    case 'sms': return { kind: 'message', channel: 'sms' };
    case 'wechat': return { kind: 'message', channel: 'wechat' };
    case 'mail': case 'card': return { kind: 'message', channel: 'mail' };
    case 'home_visit': return { kind: 'visit', channel: 'visit' };
    case 'visit': return { kind: 'other', channel: null };
  }
}

// ---------------------------------------------------------------- tasks and consent

/** Rules of tasks people create (the planner never voids them). */
export const MANUAL_FOLLOW_UP_RULE = 'manual_follow_up';
export const SUGGESTION_THANKS_RULE = 'suggestion_thanks';

/** tasks.reason of the tasks created here (the planner's reasons are TouchpointReason / surprise reasons). */
export type NoteTaskReason =
  | { code: 'manual_follow_up'; interactionId: string; nextStep: string | null; purpose: FollowUpPurpose }
  | { code: 'suggestion_adopted'; preferenceId: string; suggestion: string };

// ---------------------------------------------------------------- the 360 view

export interface TierStatus {
  tier: Tier;
  since: IsoDate | null;
  /** Trailing-12-month spend (fen) and visits. */
  spendFen: number;
  visits: number;
  /** Null at Diamond. */
  path: TierPath | null;
  /** Earned below the held tier: kept until the membership anniversary (then one level down). */
  heldUntil: { earned: Tier; anniversary: IsoDate | null } | null;
  bookingDaysAhead: number;
  pointsMultiplier: number;
  benefits: Benefit[];
  /** What the next tier adds. */
  nextBenefits: Benefit[];
}

export interface FamilyMember {
  id: string;
  relation: 'spouse' | 'child' | 'parent' | 'other';
  name: string;
  birthday: Birthday | null;
  /** The next birthday on or after today (solar date), with its lunar label when kept lunar. */
  nextBirthday: { date: IsoDate; lunarLabel: string | null; age: number | null } | null;
  note: string | null;
}

export interface CustomerTask {
  id: string;
  rule: string;
  kind: string;
  channel: Channel | null;
  dueDate: IsoDate;
  status: 'open' | 'done' | 'skipped' | 'void';
  snoozedUntil: IsoDate | null;
  /** The structured reason (TouchpointReason, a surprise reason, or NoteTaskReason). */
  reason: unknown;
  channels: TaskChannels;
}

export interface CustomerCard {
  id: string;
  occasion: string;
  /** The child (family member id) of a child's birthday, the vehicle of a purchase anniversary. */
  subjectId: string | null;
  occasionDate: IsoDate;
  lunarLabel: string | null;
  dueDate: IsoDate;
  status: 'to_write' | 'written' | 'mailed' | 'handed_over' | 'skipped';
}

export interface FollowUp {
  id: string;
  channel: FollowUpChannel;
  purpose: FollowUpPurpose;
  outcome: FollowUpOutcome;
  note: string | null;
  nextStep: string | null;
  nextDate: IsoDate | null;
  staffName: string | null;
  occurredAt: Instant;
  /** Why they stopped coming, as a win-back contact heard it (the churn-reason survey); null otherwise. */
  churnReason: ChurnReason | null;
}

export interface SurveyNote {
  id: string;
  surveyedOn: IsoDate;
  score: number;
  comment: string | null;
  recordedBy: string | null;
}

export interface ComplaintNote {
  id: string;
  openedOn: IsoDate;
  resolvedOn: IsoDate | null;
  summary: string;
  resolution: string | null;
  recordedBy: string | null;
}

export interface ChannelConsent {
  channel: Channel;
  allowed: boolean;
  recordedBy: string | null;
  recordedAt: Instant;
}

export interface ConsentView extends ConsentState {
  /** The latest consent choice (general or a channel's): when, and who recorded it. */
  recordedAt: Instant | null;
  recordedBy: string | null;
  /** The per-channel choices on file, with who recorded them and when. */
  choices: ChannelConsent[];
}

/** What `customers.get` answers: the customer detail and everything around it, as of `today`. */
export interface Customer360 extends CustomerDetail {
  today: IsoDate;
  weddingDate: IsoDate | null;
  nextBirthday: { date: IsoDate; lunarLabel: string | null; age: number | null } | null;
  tierStatus: TierStatus;
  risk: RiskResult;
  family: FamilyMember[];
  /** Open tasks (and snoozed ones), soonest first. */
  tasks: CustomerTask[];
  /** Cards still to write or to send. */
  cards: CustomerCard[];
  followUps: FollowUp[];
  /** The automatic messages HQ sent or is to send (the D7 guide, the monthly tip), newest first. */
  autoMessages: AutoMessageNote[];
  surveys: SurveyNote[];
  complaints: ComplaintNote[];
  consent: ConsentView;
}

/** One automatic message as the desk shows it (HQ's log, pulled). */
export interface AutoMessageNote {
  id: string;
  rule: 'd7_guide' | 'monthly_tip';
  dueDate: IsoDate;
  status: 'queued' | 'sent' | 'failed' | 'void';
  sentAt: string | null;
  error: string | null;
}

/** The consent state the rules read, from the 360's consent view. */
export function consentStateOf(c: Pick<ConsentView, 'marketingConsent' | 'doNotContact' | 'channels'>): ConsentState {
  return { marketingConsent: c.marketingConsent, doNotContact: c.doNotContact, channels: c.channels };
}
