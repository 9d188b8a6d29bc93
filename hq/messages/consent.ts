import type { ConsentState } from '../../shared/domain/consent';

/** A customer's consent as HQ holds it: the customer row and their SMS channel choice, if any. */
export function consentOf(customer: Record<string, unknown>, sms: Record<string, unknown> | undefined): ConsentState {
  return {
    marketingConsent: customer.marketing_consent === 1,
    doNotContact: customer.do_not_contact === 1,
    channels: sms === undefined ? {} : { sms: sms.allowed === 1 },
  };
}
