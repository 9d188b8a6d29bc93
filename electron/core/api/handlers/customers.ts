import { audit } from '../../repos/audit';
import { getCustomerDetail } from '../../repos/customers';
import { searchCustomers } from '../../repos/search';
import { notFound } from '../failure';
import type { HandlerArea } from '../types';

export const customers: HandlerArea<'customers'> = {
  search: ({ query, limit }, { core }) => searchCustomers(core.database.sqlite, query, limit),
  get: async ({ id }, { core, session }) => {
    const detail = await getCustomerDetail(core.database.db, id);
    if (!detail) throw notFound('customer', id);
    await audit(core.database.db, { staffId: session.staff?.id ?? null, action: 'view', entity: 'customer', entityId: id }, core.clock.now().toISOString());
    return detail;
  },
};
