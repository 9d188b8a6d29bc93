import { customerForWrite, setChannelConsent, setGeneralConsent } from '../../repos/consent';
import { DeskFailure } from '../failure';
import { mutate } from '../mutate';
import type { CallContext, HandlerArea } from '../types';

async function customerOf(call: CallContext, customerId: string) {
  const c = await customerForWrite(call.core.database.db, customerId);
  if (!c) throw new DeskFailure('not_found', `customer ${customerId} does not exist`, { field: 'customerId', entity: 'customer' });
  return c;
}

/** Consent changes re-plan the customer: the planner gives do-not-contact customers no contact tasks and no cards. */
export const consent: HandlerArea<'consent'> = {
  setGeneral: async ({ customerId, marketingConsent, doNotContact }, call) => {
    const c = await customerOf(call, customerId);
    await mutate(
      call,
      {
        name: 'consent.setGeneral',
        args: { customerId, marketingConsent, doNotContact },
        audit: { action: 'update', entity: 'consent', entityId: customerId, detail: { from: { marketingConsent: c.marketing_consent === 1, doNotContact: c.do_not_contact === 1 }, marketingConsent, doNotContact } },
        replan: [customerId],
        tables: ['customers', 'customer_channel_consents', 'tasks', 'card_reminders'],
      },
      ({ trx, staff, at }) => setGeneralConsent(trx, { customerId, marketingConsent, doNotContact, staffId: staff.id, at }),
    );
    return { customerId };
  },
  setChannel: async ({ customerId, channel, choice }, call) => {
    await customerOf(call, customerId);
    await mutate(
      call,
      {
        name: 'consent.setChannel',
        args: { customerId, channel, choice },
        audit: { action: 'update', entity: 'consent', entityId: customerId, detail: { channel, choice } },
        replan: [customerId],
        tables: ['customers', 'customer_channel_consents', 'tasks'],
      },
      ({ trx, staff, at }) => setChannelConsent(trx, { customerId, channel, choice, staffId: staff.id, at }),
    );
    return { customerId };
  },
};
