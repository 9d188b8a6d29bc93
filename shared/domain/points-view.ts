import type { LinkedFamily } from './family';
import type { HeldReading, LedgerKind } from './rules/points';
import type { IsoDate, Tier } from './types';

/**
 * Points as the desk shows them. The database's ledger kinds (points_ledger.kind) and the
 * pure rules' LedgerKind names differ; this is the one place that maps them.
 */
export const DB_LEDGER_KINDS = ['earn_visit', 'referral', 'mileage', 'activity', 'redeem', 'transfer_in', 'transfer_out', 'reversal', 'adjustment'] as const;
export type DbLedgerKind = (typeof DB_LEDGER_KINDS)[number];

const TO_DB: Record<LedgerKind, DbLedgerKind> = {
  visit: 'earn_visit',
  referral: 'referral',
  mileage: 'mileage',
  activity: 'activity',
  redemption: 'redeem',
  transfer_out: 'transfer_out',
  transfer_in: 'transfer_in',
  reversal: 'reversal',
};

export function dbLedgerKind(kind: LedgerKind): DbLedgerKind {
  return TO_DB[kind];
}

/** The rules' name for a stored kind; 'adjustment' (HQ corrections) has none. */
export function ledgerKindOf(kind: DbLedgerKind): LedgerKind | null {
  for (const [k, v] of Object.entries(TO_DB)) if (v === kind) return k as LedgerKind;
  return null;
}

export interface LedgerEntryView {
  id: string;
  date: IsoDate;
  kind: DbLedgerKind;
  points: number;
  /** The visit it was earned on, when it was. */
  visit: { id: string; date: IsoDate; amountFen: number } | null;
  /** The other customer of a transfer. */
  counterparty: { id: string; name: string } | null;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  /** An HQ 'adjustment': of the visit's spend (its amount corrected), or of the car's mileage points (a reading corrected; it names the entry it adjusts). */
  corrects: 'amount' | 'mileage' | null;
}

/** What an HQ adjustment corrects: one that names the entry it adjusts (reverses_id) follows a corrected mileage reading. */
export function correctionOf(kind: string, reversesId: string | null): LedgerEntryView['corrects'] {
  return kind !== 'adjustment' ? null : reversesId === null ? 'amount' : 'mileage';
}

/**
 * An activity entry's note is its code, then ': ' and the advisor's words if any: the ledger
 * has no column of its own for it, and the code names the activity in every language.
 */
export function activityNote(code: string, words: string | null | undefined): string {
  return words ? `${code}: ${words}` : code;
}

export function splitActivityNote(note: string | null): { code: string; words: string | null } | null {
  if (note === null || note === '') return null;
  const at = note.indexOf(': ');
  return at < 0 ? { code: note, words: null } : { code: note.slice(0, at), words: note.slice(at + 2) };
}

/** A referral that brought a new customer in, its points not earned yet. */
export interface EarnableReferral {
  id: string;
  /** The customer referred (their name as a customer, else as HQ noted it). */
  name: string | null;
  referredOn: IsoDate;
  points: number;
}

/** A purchase visit that has earned no points yet. */
export interface EarnableVisit {
  id: string;
  date: IsoDate;
  amountFen: number;
  plate: string | null;
  /** What it earns in all: its spend at the customer's current tier, and its mileage. */
  points: number;
  /** Of which for the kilometres since the vehicle's last reading (10 per 100 km by default). */
  mileagePoints: number;
  /** Its reading, when the count holds it back (further on than a car is driven in the days since the one before). */
  readingHeld: HeldReading | null;
}

export interface PointsAccount {
  customerId: string;
  tier: Tier;
  multiplier: number;
  balance: number;
  /** What the balance is worth when redeemed, in fen (1,000 points = ¥200 by default). */
  valueFen: number;
  redeemFenPerPoint: number;
  /** The day the store's points programme started (stores.points_from): visits before it earn nothing. */
  pointsFrom: string | null;
  entries: LedgerEntryView[];
  /** Successful referrals (HQ records them) whose points were not earned yet. */
  referrals: EarnableReferral[];
  /** The activities HQ's rules config pays points for (code, points), e.g. survey_completed 100. */
  activities: { code: string; points: number }[];
  /** How many entries exist in all (entries holds the latest ones). */
  entryCount: number;
  /** The store's customers linked as this one's family: the ones points may go to without naming a relation. */
  family: LinkedFamily[];
  earnable: EarnableVisit[];
}
