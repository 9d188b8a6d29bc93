import { Rng, Weighted } from './rng';

/** Mainland mobile prefixes (China Mobile, Unicom, Telecom), weighted by how often they are seen. */
const PREFIXES = new Weighted<string>([
  ['138', 6], ['139', 6], ['135', 5], ['136', 5], ['137', 5], ['134', 2], ['150', 4], ['151', 3], ['152', 3],
  ['157', 2], ['158', 4], ['159', 4], ['182', 3], ['183', 2], ['187', 3], ['188', 3], ['178', 2], ['198', 2],
  ['130', 3], ['131', 3], ['132', 2], ['155', 2], ['156', 2], ['185', 3], ['186', 4], ['166', 2], ['176', 2],
  ['175', 1], ['133', 2], ['153', 2], ['180', 2], ['181', 2], ['189', 3], ['177', 2], ['173', 1], ['199', 2],
  ['191', 1], ['193', 1], ['195', 1], ['147', 1],
]);

/** Hands out unique, valid 11-digit mobile numbers. */
export class PhoneBook {
  private readonly used = new Set<string>();

  next(rng: Rng): string {
    for (;;) {
      const rest = String(rng.int(0, 99_999_999)).padStart(8, '0');
      const phone = PREFIXES.pick(rng) + rest;
      if (!this.used.has(phone)) {
        this.used.add(phone);
        return phone;
      }
    }
  }
}
