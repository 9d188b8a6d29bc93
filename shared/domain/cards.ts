import type { OccasionKind } from './calendar/occasions';
import { channelVerdict, type ChannelVerdict, type ConsentState } from './consent';
import { solarToLunar } from './calendar/lunar';
import type { RulesConfig } from './rules/config';
import { odometerSteps, type FactVisit } from './rules/facts';
import { anniversaryIn, yearOf } from './rules/days';
import { mileageMilestones } from './rules/surprises';
import type { IsoDate, Tier } from './types';

/**
 * Handwritten cards (手写卡片): the queue an advisor works through and what to mention.
 * Prompts are facts about the customer to weave into a card the advisor writes by hand;
 * the app never drafts the greeting itself (DOMAIN.md pitfall 3: no templated care).
 */

export const CARD_STATUSES = ['to_write', 'written', 'mailed', 'handed_over', 'skipped'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];
/** States a person can move a card to. */
export const CARD_TARGETS = ['written', 'mailed', 'handed_over', 'skipped'] as const;
export type CardTarget = (typeof CARD_TARGETS)[number];

const NEXT: Record<CardStatus, readonly CardStatus[]> = {
  to_write: ['written', 'skipped'],
  written: ['mailed', 'handed_over', 'skipped'],
  mailed: [],
  handed_over: [],
  skipped: [],
};

/** Status only moves forward: to_write -> written -> mailed | handed_over; skipped (with a reason) before it is sent. */
export function canMoveCard(from: CardStatus, to: CardStatus): boolean {
  return NEXT[from].includes(to);
}

/** The lunar form of an occasion's solar date, e.g. '农历冬月初五' (the planner's label when it kept one). */
export function lunarOf(date: IsoDate, stored: string | null): string {
  if (stored) return stored;
  try {
    return solarToLunar(date).label;
  } catch {
    return '';
  }
}

export interface VehiclePrompt {
  vehicleId: string;
  plate: string;
  brand: string;
  model: string;
  deliveryDate: IsoDate;
  /** Whole years since delivery, as of the occasion. */
  yearsOwned: number;
  mileageKm: number | null;
  /** Mileage milestones (10,000 km marks) crossed between known readings, latest first. */
  milestones: { km: number; date: IsoDate }[];
}

export interface ServicePrompt {
  date: IsoDate;
  type: string;
  plate: string | null;
}

export interface FamilyPrompt {
  relation: 'spouse' | 'child' | 'parent' | 'other';
  name: string;
  note: string | null;
}

export interface CardPrompts {
  vehicles: VehiclePrompt[];
  recentServices: ServicePrompt[];
  preferences: { category: string; value: string }[];
  family: FamilyPrompt[];
}

export interface CardItem {
  id: string;
  customerId: string;
  customerName: string;
  tier: Tier;
  advisorId: string | null;
  advisorName: string | null;
  occasion: OccasionKind;
  /** The family member a child's birthday card is for, or the vehicle of a purchase anniversary. */
  subjectName: string | null;
  occasionDate: IsoDate;
  lunarLabel: string;
  /** Whether the customer keeps this occasion by the lunar calendar (the planner stored a label). */
  keptLunar: boolean;
  dueDate: IsoDate;
  status: CardStatus;
  skipReason: string | null;
  writtenAt: string | null;
  sentAt: string | null;
  address: string | null;
  city: string | null;
  prompts: CardPrompts;
  /** Whether the card may be mailed or handed over (cardDelivery). */
  delivery: CardDelivery;
}

/**
 * How a card may reach the customer (consent.ts: a card is relationship contact). By post it
 * needs consent for mail (a mail opt-out, or no marketing consent and no choice for mail, refuses
 * it) and an address to send it to (without one it is handed over; consent is named first, as it
 * holds whatever address is added); handed over when the customer comes in, it is a contact they
 * started: refused only to a customer who asked not to be contacted at all.
 */
export interface CardDelivery {
  mail: ChannelVerdict | { allowed: false; reason: 'no_address' };
  handOver: ChannelVerdict;
}

export function cardDelivery(state: ConsentState, address: string | null): CardDelivery {
  const consent = channelVerdict(state, 'mail', 'marketing');
  return {
    mail: consent.allowed && !address?.trim() ? { allowed: false, reason: 'no_address' } : consent,
    handOver: state.doNotContact ? { allowed: false, reason: 'do_not_contact' } : { allowed: true },
  };
}

/** The delivery a status records ('mailed', 'handed_over'), or null for a status that reaches no one. */
export function deliveryOf(status: CardStatus): keyof CardDelivery | null {
  return status === 'mailed' ? 'mail' : status === 'handed_over' ? 'handOver' : null;
}

export interface CardQueue {
  today: IsoDate;
  items: CardItem[];
  /** More cards matched than were returned (the list is capped). */
  truncated: boolean;
  /** How many cards match in all. */
  total: number;
}

/** Inputs for one customer's prompts, read by the core. */
export interface PromptInputs {
  vehicles: { id: string; plate: string; brand: string; model: string; deliveryDate: IsoDate; mileageKm: number | null }[];
  /** Visits with readings, any order (milestones are computed from them). */
  visits: (FactVisit & { type: string; plate: string | null })[];
  preferences: { category: string; value: string }[];
  family: FamilyPrompt[];
}

const RECENT_SERVICES = 3;

/**
 * What the advisor can mention on a card: readings and services up to `asOf` (today: what has
 * happened), years owned as of the occasion (a card falls due a week before a car's 5th
 * anniversary: it is the 5th).
 */
export function cardPrompts(input: PromptInputs, asOf: IsoDate, occasionDate: IsoDate, rules: RulesConfig): CardPrompts {
  const milestonesBy = new Map<string, { km: number; date: IsoDate }[]>();
  const steps = odometerSteps(input.visits, asOf, rules.points.mileageMaxKmPerDay);
  for (const step of steps) {
    const vehicleId = step.visit.vehicleId ?? '';
    for (const m of mileageMilestones({ vehicleId, previousKm: step.previousKm, currentKm: step.visit.mileageKm }, rules)) {
      if (m.reason.code !== 'mileage_milestone') continue;
      milestonesBy.set(vehicleId, [{ km: m.reason.km, date: step.visit.date }, ...(milestonesBy.get(vehicleId) ?? [])]);
    }
  }
  const latestKm = new Map<string, number>();
  for (const step of steps) latestKm.set(step.visit.vehicleId ?? '', step.visit.mileageKm ?? 0);
  const vehicles = input.vehicles.map((v): VehiclePrompt => ({
    vehicleId: v.id,
    plate: v.plate,
    brand: v.brand,
    model: v.model,
    deliveryDate: v.deliveryDate,
    yearsOwned: wholeYears(v.deliveryDate, occasionDate),
    mileageKm: Math.max(v.mileageKm ?? 0, latestKm.get(v.id) ?? 0) || null,
    milestones: milestonesBy.get(v.id) ?? [],
  }));
  const recentServices = input.visits
    .filter((v) => v.date <= asOf)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, RECENT_SERVICES)
    .map((v) => ({ date: v.date, type: v.type, plate: v.plate }));
  return { vehicles, recentServices, preferences: input.preferences, family: input.family };
}

/** Whole years from `from` to `to`; a Feb 29 date has its anniversary on Feb 28 in other years (as tiers and cards do). */
function wholeYears(from: IsoDate, to: IsoDate): number {
  if (to < from) return 0;
  const years = yearOf(to) - yearOf(from);
  return anniversaryIn(from, yearOf(to)) <= to ? years : years - 1;
}
