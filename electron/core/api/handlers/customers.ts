import { audit } from '../../repos/audit';
import { getCustomer360 } from '../../repos/customers';
import { loadRules } from '../../repos/rules';
import { searchCustomers } from '../../repos/search';
import { notFound } from '../failure';
import { storeToday } from '../mutate';
import type { HandlerArea } from '../types';

export const customers: HandlerArea<'customers'> = {
  search: ({ query, limit }, { core }) => searchCustomers(core.database.sqlite, query, limit),
  /** Customer 360, audited as a view (PIPL: who viewed whose personal data). */
  get: async ({ id }, call) => {
    const { core, session } = call;
    const detail = getCustomer360(core.database.sqlite, id, await storeToday(call), loadRules(core.database.sqlite));
    if (!detail) throw notFound('customer', id);
    await audit(core.database.db, { staffId: session.staff?.id ?? null, action: 'view', entity: 'customer', entityId: id }, core.clock.now().toISOString());
    return detail;
  },
};
