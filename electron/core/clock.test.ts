import { describe, expect, it } from 'vitest';
import { isoDateIn } from '../../shared/domain/calendar/dates';
import { dayShiftedClock } from './clock';

describe('dayShiftedClock', () => {
  it('stamps instants on the pinned day in the store time zone, with the real time of day', () => {
    for (const day of ['2026-11-24', '2020-02-29', '2031-01-01']) {
      const clock = dayShiftedClock(day, 'Asia/Shanghai');
      const before = Date.now();
      const now = clock.now();
      expect(isoDateIn(now, 'Asia/Shanghai')).toBe(day);
      expect(clock.today('Asia/Shanghai')).toBe(day);
      // Whole days moved: the time of day is the real one.
      const offDay = (((now.getTime() - before) % 86_400_000) + 86_400_000) % 86_400_000;
      expect(Math.min(offDay, 86_400_000 - offDay)).toBeLessThan(5_000);
    }
  });
});
