import { z } from 'zod';
import { CHANNELS } from '../../domain/types';
import { id, returns, verb } from '../verb';

/**
 * Marketing consent and do-not-contact (PIPL), recorded from the customer view. Each change is
 * audited with who recorded it and when, and re-plans the customer (do-not-contact customers
 * get no contact tasks).
 */
export const consentArea = {
  /** General marketing consent and do-not-contact. */
  setGeneral: verb('staff', z.object({ customerId: id, marketingConsent: z.boolean(), doNotContact: z.boolean() }).strict(), returns<{ customerId: string }>()),
  /** One channel: allow, refuse (opt-out), or follow the general consent again. */
  setChannel: verb(
    'staff',
    z.object({ customerId: id, channel: z.enum(CHANNELS), choice: z.enum(['allow', 'refuse', 'default']) }).strict(),
    returns<{ customerId: string }>(),
  ),
};
