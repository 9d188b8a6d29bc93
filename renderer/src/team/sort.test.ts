import { describe, expect, it } from 'vitest';
import type { AdvisorWork } from '../../../shared/api/areas/team';
import { sortAdvisors } from './sort';

const row = (name: string, tasksOverdue: number, avgDaysOverdue: number | null): AdvisorWork => ({
  advisorId: name, name, active: true, customers: 10, tasksDone: 0, tasksDue: 0, tasksOverdue, cardsWritten: 0, avgDaysOverdue, redWithoutFollowUp: 0,
});

describe('team table order', () => {
  const rows = [row('王伟', 3, 2.5), row('李娜', 9, 10), row('张敏', 3, null), row('陈静', 0, null)];

  it('puts the most overdue first, ties by name', () => {
    expect(sortAdvisors(rows, 'tasksOverdue', true).map((r) => r.name)).toEqual(['李娜', '王伟', '张敏', '陈静']);
  });

  it('puts advisors with no value last when sorting a value down, first when up', () => {
    expect(sortAdvisors(rows, 'avgDaysOverdue', true).map((r) => r.name)).toEqual(['李娜', '王伟', '陈静', '张敏']);
    expect(sortAdvisors(rows, 'avgDaysOverdue', false).map((r) => r.name)).toEqual(['陈静', '张敏', '王伟', '李娜']);
  });

  it('sorts names by pinyin order and leaves the input alone', () => {
    expect(sortAdvisors(rows, 'name', false).map((r) => r.name)).toEqual(['陈静', '李娜', '王伟', '张敏']);
    expect(rows[0]!.name).toBe('王伟');
  });
});
