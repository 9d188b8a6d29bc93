import { z } from 'zod';
import type { Customer360 } from '../domain/customer360';
import type { Role, SearchHit, Staff, Store } from '../domain/types';
import { id, noArgs, returns, verb, type VerbSpec } from './verb';
// Area files (one per feature), composed into the contract below.
// (areas: imports)
import { consentArea } from './areas/consent';
import { notesArea } from './areas/notes';
import { rosterArea } from './areas/roster';
import { tasksArea } from './areas/tasks';
import { todayArea } from './areas/today';
import { appointmentsArea } from './areas/appointments';
import { cardsArea } from './areas/cards';
import { pointsArea } from './areas/points';
import { syncArea } from './areas/sync';
import { teamArea } from './areas/team';
import { radarArea } from './areas/radar';
import { dashboardArea } from './areas/dashboard';
import { campaignsArea } from './areas/campaigns';
import { exportsArea } from './areas/exports';

/**
 * The one `desk` API contract: areas of verbs, each taking ONE argument object
 * (validated at runtime by the core) and returning a Result of a typed value.
 */

export type { Access } from './verb';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface SetupStatus {
  /** False on a fresh database: the first-run screen offers a demo store (later, HQ). */
  hasStore: boolean;
  store: Store | null;
  customerCount: number;
}

export interface SessionInfo {
  staff: Staff | null;
}

export interface DeviceSettings {
  language: Language;
}

export const SEARCH_QUERY_MAX = 64;

export const contract = {
  setup: {
    status: verb('anyone', noArgs, returns<SetupStatus>()),
    loadDemo: verb(
      'anyone',
      z
        .object({
          customers: z.number().int().min(10).max(200_000).default(3_000),
          seed: z.number().int().min(0).max(2 ** 31).default(1),
        })
        .strict(),
      returns<SetupStatus>(),
    ),
  },
  session: {
    current: verb('anyone', noArgs, returns<SessionInfo>()),
    signIn: verb('anyone', z.object({ staffId: id }).strict(), returns<SessionInfo>()),
    signOut: verb('anyone', noArgs, returns<SessionInfo>()),
  },
  staff: {
    list: verb('anyone', noArgs, returns<Staff[]>()),
  },
  customers: {
    search: verb(
      'staff',
      z
        .object({
          query: z.string().max(SEARCH_QUERY_MAX),
          limit: z.number().int().min(1).max(50).default(12),
        })
        .strict(),
      returns<SearchHit[]>(),
    ),
    get: verb('staff', z.object({ id }).strict(), returns<Customer360>()),
  },
  settings: {
    get: verb('anyone', noArgs, returns<DeviceSettings>()),
    setLanguage: verb('anyone', z.object({ language: z.enum(LANGUAGES) }).strict(), returns<DeviceSettings>()),
  },
  // (areas: entries)
  notes: notesArea,
  consent: consentArea,
  today: todayArea,
  tasks: tasksArea,
  roster: rosterArea,
  cards: cardsArea,
  points: pointsArea,
  appointments: appointmentsArea,
  sync: syncArea,
  team: teamArea,
  radar: radarArea,
  dashboard: dashboardArea,
  campaigns: campaignsArea,
  exports: exportsArea,
} as const;

export type Contract = typeof contract;
export type Area = keyof Contract;
export type VerbOf<A extends Area> = keyof Contract[A] & string;
type Spec<A extends Area, V extends VerbOf<A>> = Contract[A][V] extends VerbSpec<infer I, infer O> ? { input: I; output: O } : never;
export type ArgsOf<A extends Area, V extends VerbOf<A>> = z.input<Spec<A, V>['input']>;
export type ParsedArgsOf<A extends Area, V extends VerbOf<A>> = z.output<Spec<A, V>['input']>;
export type OutputOf<A extends Area, V extends VerbOf<A>> = Spec<A, V>['output'];

export type { Role };
