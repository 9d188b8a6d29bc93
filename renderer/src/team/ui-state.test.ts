import { beforeEach, describe, expect, it } from 'vitest';
import { useTeamUi } from './ui-state';

describe('Team UI state', () => {
  beforeEach(() => useTeamUi.setState({ period: 'week', advisorId: null, filter: 'all', text: '' }));

  it("keeps one advisor's drill-down filter and text, and starts another advisor's from all", () => {
    const { setDrill } = useTeamUi.getState();
    setDrill('a1', { filter: 'overdue' });
    setDrill('a1', { text: '王' });
    expect(useTeamUi.getState()).toMatchObject({ advisorId: 'a1', filter: 'overdue', text: '王' });
    setDrill('a2', { text: '李' });
    expect(useTeamUi.getState()).toMatchObject({ advisorId: 'a2', filter: 'all', text: '李' });
  });

  it('keeps the period', () => {
    useTeamUi.getState().setPeriod('month');
    expect(useTeamUi.getState().period).toBe('month');
  });
});
