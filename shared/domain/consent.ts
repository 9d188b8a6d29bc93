import { COMPLAINT_VISIT_RULE, LOW_SCORE_VISIT_RULE } from './recovery';
import type { Channel } from './types';

/**
 * Contact consent (DOMAIN.md "Data the app handles", PIPL): never contact a customer who
 * opted out. Marketing and relationship contact (care calls, invites, offers, cards,
 * surprises) needs consent; service notices (first-service reminder, a survey about a
 * service they had, an appointment confirmation) stay allowed on any channel.
 */
export type ContactPurpose = 'marketing' | 'service';

export interface ConsentState {
  marketingConsent: boolean;
  /** Do not contact at all for marketing, on any channel. */
  doNotContact: boolean;
  /** Per-channel choice; a channel without one follows marketingConsent. */
  channels: Partial<Record<Channel, boolean>>;
}

/** A customer no longer on file: nothing is consented. */
export const NO_CONSENT: ConsentState = { marketingConsent: false, doNotContact: false, channels: {} };

export type ChannelVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'do_not_contact' | 'channel_opt_out' | 'no_marketing_consent' };

export function channelVerdict(state: ConsentState, channel: Channel, purpose: ContactPurpose): ChannelVerdict {
  if (purpose === 'service') return { allowed: true };
  if (state.doNotContact) return { allowed: false, reason: 'do_not_contact' };
  const choice = state.channels[channel];
  if (choice === false) return { allowed: false, reason: 'channel_opt_out' };
  if (choice === true) return { allowed: true };
  return state.marketingConsent ? { allowed: true } : { allowed: false, reason: 'no_marketing_consent' };
}

/** The channels a marketing or service contact may use, in the order given. */
export function allowedChannels(state: ConsentState, channels: readonly Channel[], purpose: ContactPurpose): Channel[] {
  return channels.filter((c) => channelVerdict(state, c, purpose).allowed);
}

/**
 * Rules whose contact is a service notice rather than marketing (tasks.rule values): the planner's
 * first-service reminder and survey, and the visit answering a complaint or a low score (recovery.ts).
 */
export const SERVICE_NOTICE_RULES: ReadonlySet<string> = new Set(['d30_first_service', 'first_service_survey', COMPLAINT_VISIT_RULE, LOW_SCORE_VISIT_RULE]);

/**
 * The service notice the planner still makes for a customer who opted out: the first-service
 * reminder and its coupon, about their new car. Not the survey after it: asking for feedback is not
 * a notice (decision), though a survey, once there, may use any channel like every service notice.
 */
export const PLANNED_DESPITE_DO_NOT_CONTACT: ReadonlySet<string> = new Set(['d30_first_service']);

export function purposeOfRule(rule: string): ContactPurpose {
  return SERVICE_NOTICE_RULES.has(rule) ? 'service' : 'marketing';
}
