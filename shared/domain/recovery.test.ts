import { describe, expect, it } from 'vitest';
import { surveyTurnsRed } from './recovery';
import { DEFAULT_RULES } from './rules/config';

describe('a survey that turns the customer red asks a recovery visit', () => {
  const today = '2026-11-24';
  it.each([
    [4, [], true], // 40 < 50
    [5, [], false], // 50 is yellow, not red
    [3, [{ date: '2026-11-20', score0to10: 9 }], true], // the newest counts
    [3, [{ date: '2026-11-24', score0to10: 2 }], false], // one day, the lower counts: red already by the other one (its visit asked)
    [2, [{ date: '2026-11-24', score0to10: 3 }], true], // one day, this one the lower
    [3, [{ date: '2026-11-25', score0to10: 9 }], true], // a survey after today does not count yet
  ] as const)('score %i after %j -> %s', (score, earlier, red) => {
    expect(surveyTurnsRed({ date: today, score0to10: score }, earlier, today, DEFAULT_RULES)).toBe(red);
  });

  it('not when recorded late, behind a newer survey', () => {
    expect(surveyTurnsRed({ date: '2026-10-01', score0to10: 1 }, [{ date: '2026-11-01', score0to10: 9 }], today, DEFAULT_RULES)).toBe(false);
  });
});
