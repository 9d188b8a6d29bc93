import type { ConsentState } from '../../../shared/domain/consent';
import { CHANNELS, type Channel } from '../../../shared/domain/types';
import type { DB } from '../db/open';

/** Marketing consent, do-not-contact and per-channel choices (PIPL). */

/** The customer a note is written about, with what writes need; undefined when there is none. */
export async function customerForWrite(db: DB, id: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'store_id', 'advisor_id', 'marketing_consent', 'do_not_contact'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function consentState(db: DB, customerId: string): Promise<ConsentState | null> {
  const c = await customerForWrite(db, customerId);
  if (!c) return null;
  const rows = await db.selectFrom('customer_channel_consents').select(['channel', 'allowed']).where('customer_id', '=', customerId).execute();
  const channels: Partial<Record<Channel, boolean>> = {};
  for (const r of rows) if ((CHANNELS as readonly string[]).includes(r.channel)) channels[r.channel as Channel] = r.allowed === 1;
  return { marketingConsent: c.marketing_consent === 1, doNotContact: c.do_not_contact === 1, channels };
}

export async function setGeneralConsent(db: DB, p: { customerId: string; marketingConsent: boolean; doNotContact: boolean; staffId: string; at: string }): Promise<void> {
  await db
    .updateTable('customers')
    .set({ marketing_consent: p.marketingConsent ? 1 : 0, do_not_contact: p.doNotContact ? 1 : 0, consent_recorded_at: p.at, consent_recorded_by: p.staffId, updated_at: p.at })
    .where('id', '=', p.customerId)
    .execute();
}

/** 'default' removes the channel's row: the channel follows the general consent again. */
export async function setChannelConsent(db: DB, p: { customerId: string; channel: Channel; choice: 'allow' | 'refuse' | 'default'; staffId: string; at: string }): Promise<void> {
  if (p.choice === 'default') {
    await db.deleteFrom('customer_channel_consents').where('customer_id', '=', p.customerId).where('channel', '=', p.channel).execute();
  } else {
    const allowed = p.choice === 'allow' ? 1 : 0;
    await db
      .insertInto('customer_channel_consents')
      .values({ customer_id: p.customerId, channel: p.channel, allowed, recorded_by: p.staffId, recorded_at: p.at })
      .onConflict((oc) => oc.columns(['customer_id', 'channel']).doUpdateSet({ allowed, recorded_by: p.staffId, recorded_at: p.at }))
      .execute();
  }
  await db.updateTable('customers').set({ consent_recorded_at: p.at, consent_recorded_by: p.staffId, updated_at: p.at }).where('id', '=', p.customerId).execute();
}
