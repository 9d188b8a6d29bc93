import type { RulesConfig } from '../../../shared/domain/rules/config';
import { earnedTier } from '../../../shared/domain/rules/tier';
import type { Tier } from '../../../shared/domain/types';
import { namePinyin, type NamePinyin } from '../search/keys';
import { HISTORY_DAYS, type Rhythm, type Segment, SEGMENTS, rhythmFor, scheduleVehicle } from './cadence';
import { businessSecond, dayOf, isLeapYear, localMs, yearOf } from './dates';
import { toLunar, type LunarMonthDay } from './lunar';
import { COLORS, type CarModel, FUEL_MODELS, NEV_MODELS } from './models';
import { ADVISOR_PICK, adultName, type Gender, pickSurname } from './people';
import type { PhoneBook } from './phones';
import { PLATE_CITIES, type PlateBook, type VinBook } from './plates';
import { Weighted, type Rng } from './rng';
import { gzAddress } from './texts';
import type { VisitStore } from './visits';

/** Shared state while a store is generated: the seeded stream, uniqueness books, caches. */
export interface GenContext {
  rng: Rng;
  today: number;
  rules: RulesConfig;
  phones: PhoneBook;
  plates: PlateBook;
  vins: VinBook;
  /** member_since (day number) of every customer planned so far, by index. */
  memberSince: Int32Array;
  pinyin: Map<string, NamePinyin>;
  visits: VisitStore;
}

export interface VehiclePlan {
  plate: string;
  vin: string;
  model: CarModel;
  color: string;
  delivery: number;
  priceFen: number;
  mileageKm: number;
  mileageOn: number;
}

export interface CustomerPlan {
  index: number;
  segment: Segment;
  surname: string;
  name: string;
  py: NamePinyin;
  gender: Gender;
  phone: string;
  phone2: string | null;
  /** Solar birth day; `birthDate` is what the store has on file (null for some lunar keepers). */
  born: number;
  birthDate: number | null;
  lunar: LunarMonthDay | null;
  wedding: number | null;
  city: string;
  address: string | null;
  advisor: number;
  memberSince: number;
  /** When the customer row was created (delivery day, business hours), epoch ms. */
  createdMs: number;
  tier: Tier;
  tierSince: number;
  marketingConsent: boolean;
  doNotContact: boolean;
  /** Index of the referring customer, or -1. */
  referrer: number;
  /** Redeems points now and then. */
  redeemer: boolean;
  vehicles: VehiclePlan[];
  /** This customer's visits (all vehicles, by day): rows [visitFrom, visitTo) of the VisitStore. */
  visitFrom: number;
  visitTo: number;
}

const VEHICLE_COUNT = new Weighted<number>([[1, 57], [2, 31], [3, 12]]);

function birthDay(rng: Rng, today: number): number {
  const year = yearOf(today) - Math.round(rng.around(40, 30, 22, 68));
  if (rng.chance(0.01)) {
    let leapYear = year;
    while (!isLeapYear(leapYear)) leapYear--;
    return dayOf(leapYear, 2, 29);
  }
  return dayOf(year, 1, 1) + rng.int(0, isLeapYear(year) ? 365 : 364);
}

function planVehicle(ctx: GenContext, prefix: string, delivery: number): VehiclePlan {
  const { rng } = ctx;
  const nevShare = 0.04 + 0.24 * ((delivery - (ctx.today - HISTORY_DAYS)) / HISTORY_DAYS);
  const model = (rng.chance(nevShare) ? NEV_MODELS : FUEL_MODELS).pick(rng);
  const cityPrefix = rng.chance(0.9) ? prefix : '粤A';
  const modelYear = yearOf(delivery) + (rng.chance(0.25) ? 1 : 0);
  const priceCny = model.minPriceCny + rng.next() * (model.maxPriceCny - model.minPriceCny);
  return {
    plate: ctx.plates.next(rng, cityPrefix, model.nev),
    vin: ctx.vins.next(rng, model.wmi, Math.min(modelYear, yearOf(ctx.today))),
    model,
    color: COLORS.pick(rng),
    delivery,
    priceFen: Math.round(priceCny / 100) * 10_000,
    mileageKm: rng.int(5, 40),
    mileageOn: delivery,
  };
}

function pickReferrer(ctx: GenContext, index: number, memberSince: number): number {
  if (index === 0 || !ctx.rng.chance(0.16)) return -1;
  for (let attempt = 0; attempt < 3; attempt++) {
    const j = ctx.rng.int(0, index - 1);
    if (ctx.memberSince[j]! + 30 <= memberSince) return j;
  }
  return -1;
}

/** Tier earned over the trailing window, and the day within it the customer reached that tier. */
function tierOf(ctx: GenContext, from: number, to: number, memberSince: number): { tier: Tier; since: number } {
  const { day, amountFen } = ctx.visits;
  const after = ctx.today - ctx.rules.trailingDays;
  let spendFen = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    if (day[i]! <= after || day[i]! > ctx.today) continue;
    spendFen += amountFen[i]!;
    count++;
  }
  const tier = earnedTier({ spendFen, visits: count }, ctx.rules);
  if (tier === 'normal') return { tier, since: memberSince };
  let cumSpend = 0;
  let cumCount = 0;
  for (let i = from; i < to; i++) {
    if (day[i]! <= after || day[i]! > ctx.today) continue;
    cumSpend += amountFen[i]!;
    cumCount++;
    if (earnedTier({ spendFen: cumSpend, visits: cumCount }, ctx.rules) === tier) return { tier, since: day[i]! };
  }
  return { tier, since: memberSince };
}

export function planCustomer(ctx: GenContext, index: number): CustomerPlan {
  const { rng, today } = ctx;
  const segment = SEGMENTS.pick(rng);
  const rhythm: Rhythm = rhythmFor(rng, segment, today);
  const gender: Gender = rng.chance(0.68) ? 'male' : 'female';
  const surname = pickSurname(rng);
  const name = adultName(rng, gender, surname);
  let py = ctx.pinyin.get(name);
  if (!py) ctx.pinyin.set(name, (py = namePinyin(name)));

  const born = birthDay(rng, today);
  const lunarKeeper = rng.chance(0.2);
  const lunar = lunarKeeper ? toLunar(born) : null;
  const weddingFrom = born + Math.round(365.25 * rng.int(23, 34));
  const wedding = rng.chance(0.35) && weddingFrom <= today ? Math.min(today, weddingFrom + rng.int(0, 300)) : null;
  const [prefix, city] = PLATE_CITIES.pick(rng);

  const vehicles: VehiclePlan[] = [];
  const visits = ctx.visits;
  const visitFrom = visits.length;
  const kmPerDay = rng.around(15_000, 16_000, 4_000, 40_000) / 365;
  const count = segment === 'new' ? (rng.chance(0.9) ? 1 : 2) : VEHICLE_COUNT.pick(rng);
  for (let v = 0; v < count; v++) {
    let delivery = rhythm.firstDelivery;
    if (v > 0) {
      const lo = segment === 'new' ? rhythm.firstDelivery : rhythm.firstDelivery + 180;
      const hi = segment === 'lost' ? rhythm.end - 30 : today;
      if (lo > hi) break;
      delivery = rng.int(lo, hi);
    }
    const vehicle = planVehicle(ctx, prefix, delivery);
    const before = visits.length;
    vehicle.mileageKm = scheduleVehicle(rng, visits, v, delivery, rhythm, kmPerDay * (v === 0 ? 1 : rng.around(0.8, 0.4, 0.5, 1.2)));
    if (visits.length > before) vehicle.mileageOn = visits.day[visits.length - 1]!;
    vehicles.push(vehicle);
  }
  const visitTo = visits.length;
  visits.sortRange(visitFrom, visitTo);

  const memberSince = rhythm.firstDelivery;
  const { tier, since } = tierOf(ctx, visitFrom, visitTo, memberSince);
  const doNotContact = rng.chance(0.03);
  const phone = ctx.phones.next(rng);
  const plan: CustomerPlan = {
    index,
    segment,
    surname,
    name,
    py,
    gender,
    phone,
    phone2: rng.chance(0.12) ? ctx.phones.next(rng) : null,
    born,
    birthDate: lunar && rng.chance(0.5) ? null : born,
    lunar,
    wedding,
    city,
    address: city === '广州' && rng.chance(0.75) ? gzAddress(rng) : null,
    advisor: ADVISOR_PICK.pick(rng),
    memberSince,
    createdMs: localMs(memberSince, businessSecond(rng.next())),
    tier,
    tierSince: since,
    marketingConsent: !doNotContact && rng.chance(0.88),
    doNotContact,
    referrer: pickReferrer(ctx, index, memberSince),
    redeemer: rng.chance(0.06),
    vehicles,
    visitFrom,
    visitTo,
  };
  ctx.memberSince[index] = memberSince;
  return plan;
}
