import type { Staff } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useDeskQuery } from '../desk/use-desk';

/** The store's active advisors: who customers can be assigned to. */
export function useActiveAdvisors(): Staff[] {
  const staff = useDeskQuery(() => desk.staff.list({}), []);
  return staff.state === 'ok' ? staff.value.filter((s) => s.role === 'advisor' && s.active) : [];
}
