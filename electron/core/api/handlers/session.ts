import { getStaff } from '../../repos/staff';
import { audit } from '../../repos/audit';
import { DeskFailure } from '../failure';
import type { HandlerArea } from '../types';

export const session: HandlerArea<'session'> = {
  current: (_args, { session }) => ({ staff: session.staff }),
  signIn: async ({ staffId }, call) => {
    const staff = await getStaff(call.core.database.db, staffId);
    if (!staff || !staff.active) throw new DeskFailure('not_found', `No active staff member ${staffId}`, { field: 'staffId' });
    call.session.staff = staff;
    await audit(call.core.database.db, { staffId: staff.id, action: 'sign_in', entity: 'staff', entityId: staff.id }, call.core.clock.now().toISOString());
    call.emit('session:changed', { staff });
    return { staff };
  },
  signOut: async (_args, call) => {
    if (call.session.staff) {
      await audit(call.core.database.db, { staffId: call.session.staff.id, action: 'sign_out', entity: 'staff', entityId: call.session.staff.id }, call.core.clock.now().toISOString());
    }
    call.session.staff = null;
    call.emit('session:changed', { staff: null });
    return { staff: null };
  },
};
