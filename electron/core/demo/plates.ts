import { isValidPlate } from '../../../shared/domain/plate';
import { Rng, Weighted } from './rng';

/** Plate prefixes with the city they belong to; the store is in Guangzhou (粤A). */
export const PLATE_CITIES = new Weighted<readonly [string, string]>([
  [['粤A', '广州'], 80], [['粤B', '深圳'], 3], [['粤E', '佛山'], 4], [['粤S', '东莞'], 2.5], [['粤T', '中山'], 1.5],
  [['粤C', '珠海'], 1], [['粤H', '肇庆'], 1], [['粤R', '清远'], 1], [['粤L', '惠州'], 1], [['湘A', '长沙'], 1.5],
  [['赣A', '南昌'], 1], [['桂A', '南宁'], 1], [['川A', '成都'], 0.8], [['鄂A', '武汉'], 0.7],
]);

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** Hands out unique valid plates: 5 characters (fuel) or D/F + 5 (new energy). */
export class PlateBook {
  private readonly used = new Set<string>();

  next(rng: Rng, prefix: string, nev: 'D' | 'F' | null): string {
    for (;;) {
      const plate = prefix + (nev ? nevTail(rng, nev) : fuelTail(rng));
      if (this.used.has(plate)) continue;
      if (!isValidPlate(plate)) throw new Error(`Generated an invalid plate: ${plate}`);
      this.used.add(plate);
      return plate;
    }
  }
}

function fuelTail(rng: Rng): string {
  let letters = 0;
  let tail = '';
  for (let i = 0; i < 5; i++) {
    if (letters < 2 && rng.chance(0.22)) {
      tail += rng.pick(LETTERS);
      letters++;
    } else {
      tail += DIGITS[rng.int(0, 9)];
    }
  }
  return tail;
}

function nevTail(rng: Rng, kind: 'D' | 'F'): string {
  const second = rng.chance(0.3) ? rng.pick(LETTERS) : DIGITS[rng.int(0, 9)];
  return kind + second + String(rng.int(0, 9999)).padStart(4, '0');
}

// VIN: 17 characters without I, O, Q; position 9 is the ISO 3779 check digit.
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_VALUE: Record<string, number> = {};
'0123456789'.split('').forEach((c, i) => (VIN_VALUE[c] = i));
'ABCDEFGH'.split('').forEach((c, i) => (VIN_VALUE[c] = i + 1));
'JKLMN'.split('').forEach((c, i) => (VIN_VALUE[c] = i + 1));
VIN_VALUE.P = 7;
VIN_VALUE.R = 9;
'STUVWXYZ'.split('').forEach((c, i) => (VIN_VALUE[c] = i + 2));
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (VIN_VALUE[vin[i]!] ?? 0) * VIN_WEIGHTS[i]!;
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

/** Hands out unique VINs for a maker (WMI) and model year. */
export class VinBook {
  private readonly used = new Set<string>();

  next(rng: Rng, wmi: string, modelYear: number): string {
    for (;;) {
      let vds = '';
      for (let i = 0; i < 5; i++) vds += rng.pick(VIN_CHARS);
      const year = YEAR_CODES[(((modelYear - 1980) % 30) + 30) % 30]!;
      const plant = rng.pick(VIN_CHARS);
      const serial = String(rng.int(0, 999_999)).padStart(6, '0');
      const draft = `${wmi}${vds}0${year}${plant}${serial}`;
      const vin = draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
      if (this.used.has(vin)) continue;
      this.used.add(vin);
      return vin;
    }
  }
}
