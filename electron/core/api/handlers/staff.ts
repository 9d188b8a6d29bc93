import { listStaff } from '../../repos/staff';
import type { HandlerArea } from '../types';

export const staff: HandlerArea<'staff'> = {
  list: (_args, { core }) => listStaff(core.database.db),
};
