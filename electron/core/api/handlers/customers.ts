import { audit } from '../../repos/audit';
import { getCustomer360 } from '../../repos/customers';
import { loadRules } from '../../repos/rules';
import { searchCustomers } from '../../repos/search';
import { notFound } from '../failure';
import { storeToday } from '../mutate';
import type { HandlerArea } from '../types';
import { ViewAuditWindow } from '../view-audit';

const viewWindows = new WeakMap<object, ViewAuditWindow>();

export const customers: HandlerArea<'customers'> = {
  search: ({ query, limit }, { core }) => searchCustomers(core.database.sqlite, query, limit),
  /** Customer 360, audited as a view (PIPL: who viewed whose personal data; reloads within a window are one view). */
  get: async ({ id }, call) => {
    const { core, session } = call;
    const detail = getCustomer360(core.database.sqlite, id, await storeToday(call), loadRules(core.database.sqlite));
    if (!detail) throw notFound('customer', id);
    const now = core.clock.now();
    let views = viewWindows.get(core);
    if (!views) viewWindows.set(core, (views = new ViewAuditWindow()));
    if (views.shouldLog(session.staff?.id ?? null, id, now.getTime())) {
      await audit(core.database.db, { staffId: session.staff?.id ?? null, action: 'view', entity: 'customer', entityId: id }, now.toISOString());
    }
    return detail;
  },
};
