import { describe, expect, it } from 'vitest';
import { calendarRulesSchema, DEFAULT_CALENDAR_RULES } from './config';

describe('calendarRulesSchema', () => {
  it('accepts the defaults of DOMAIN.md', () => {
    expect(calendarRulesSchema.parse(DEFAULT_CALENDAR_RULES)).toEqual({ cardLeadDays: 7, occasionHorizonDays: 30 });
  });

  it.each([
    [{ cardLeadDays: 0, occasionHorizonDays: 0 }, true],
    [{ cardLeadDays: 14, occasionHorizonDays: 14 }, true],
    [{ cardLeadDays: 31, occasionHorizonDays: 30 }, false], // horizon shorter than the lead
    [{ cardLeadDays: -1, occasionHorizonDays: 30 }, false],
    [{ cardLeadDays: 7.5, occasionHorizonDays: 30 }, false],
    [{ cardLeadDays: 7 }, false],
    [{ cardLeadDays: '7', occasionHorizonDays: 30 }, false],
  ] as const)('%j -> valid %s', (input, valid) => {
    expect(calendarRulesSchema.safeParse(input).success).toBe(valid);
  });
});
