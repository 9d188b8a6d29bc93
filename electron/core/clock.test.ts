import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoDateIn } from '../../shared/domain/calendar/dates';
import { dayShiftedClock } from './clock';

describe('dayShiftedClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stamps instants on the pinned day in the store time zone, at the store time of day', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-05T04:15:00.000Z') }); // 12:15 in Shanghai, 05:15 in Berlin
    for (const [day, zone, expected] of [
      ['2026-11-24', 'Asia/Shanghai', '2026-11-24T04:15:00.000Z'],
      ['2020-02-29', 'Asia/Shanghai', '2020-02-29T04:15:00.000Z'],
      ['2026-11-24', 'Europe/Berlin', '2026-11-24T04:15:00.000Z'],
      ['2026-07-01', 'Europe/Berlin', '2026-07-01T03:15:00.000Z'], // summer time: 05:15 local is 03:15 UTC
    ] as const) {
      const clock = dayShiftedClock(day, zone);
      expect(clock.now().toISOString()).toBe(expected);
      expect(isoDateIn(clock.now(), zone)).toBe(day);
      expect(clock.today(zone)).toBe(day);
    }
  });

  it('a Berlin store in the evening stays on its pinned day (the zone is the store\'s, not Shanghai\'s)', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-05T20:00:00.000Z') }); // 21:00 in Berlin, 04:00 next day in Shanghai
    expect(isoDateIn(dayShiftedClock('2026-11-24', 'Europe/Berlin').now(), 'Europe/Berlin')).toBe('2026-11-24');
  });

  it('never goes back: past the store\'s midnight the instants go on from the day before', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-05T15:55:00.000Z') }); // 23:55 in Shanghai
    const clock = dayShiftedClock('2026-11-24', 'Asia/Shanghai');
    const before = clock.now().getTime();
    vi.advanceTimersByTime(10 * 60_000); // 00:05 in Shanghai
    expect(clock.now().getTime() - before).toBe(10 * 60_000);
  });
});
