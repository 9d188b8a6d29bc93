import { beforeEach, describe, expect, it } from 'vitest';
import { useTeamUi } from './ui-state';

describe('Team UI state', () => {
  beforeEach(() => useTeamUi.setState({ period: 'week', sort: { key: 'tasksOverdue', desc: true }, advisorId: null, filter: 'all', text: '' }));

  it("keeps one advisor's drill-down filter and text, and starts another advisor's from all", () => {
    const { setDrill } = useTeamUi.getState();
    setDrill('a1', { filter: 'overdue' });
    setDrill('a1', { text: '王' });
    expect(useTeamUi.getState()).toMatchObject({ advisorId: 'a1', filter: 'overdue', text: '王' });
    setDrill('a2', { text: '李' });
    expect(useTeamUi.getState()).toMatchObject({ advisorId: 'a2', filter: 'all', text: '李' });
  });

  it('sorts by a new column largest first, flips on the same column, names A to Z first', () => {
    const { sortBy } = useTeamUi.getState();
    sortBy('tasksOverdue');
    expect(useTeamUi.getState().sort).toEqual({ key: 'tasksOverdue', desc: false });
    sortBy('customers');
    expect(useTeamUi.getState().sort).toEqual({ key: 'customers', desc: true });
    sortBy('name');
    expect(useTeamUi.getState().sort).toEqual({ key: 'name', desc: false });
  });

  it('keeps the period', () => {
    useTeamUi.getState().setPeriod('month');
    expect(useTeamUi.getState().period).toBe('month');
  });
});
