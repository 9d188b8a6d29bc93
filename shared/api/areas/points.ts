import { z } from 'zod';
import type { LedgerEntryView, PointsAccount } from '../../domain/points-view';
import { FAMILY_RELATIONS, type FamilyRelation } from '../../domain/family';
import { id, returns, text, verb } from '../verb';

const points = z.number().int({ message: 'must be a whole number of points' }).positive({ message: 'must be more than 0' }).max(100_000_000);

/** Points (积分): balance, ledger, earn on a visit, redeem for a service, transfer to family. */
export const pointsArea = {
  account: verb('staff', z.object({ customerId: id, limit: z.number().int().min(1).max(500).default(50) }).strict(), returns<PointsAccount>()),
  earnVisit: verb('staff', z.object({ customerId: id, visitId: id }).strict(), returns<LedgerEntryView>()),
  /** Referral points (6,000 by default) for a referral HQ recorded as successful, once per person referred. */
  earnReferral: verb('staff', z.object({ customerId: id, referralId: id }).strict(), returns<LedgerEntryView>()),
  /** Points for an activity of the rules config (points.activities), e.g. a survey completed or an owners' event attended. */
  earnActivity: verb('staff', z.object({ customerId: id, activity: z.string().trim().min(1).max(50), note: text(200).optional() }).strict(), returns<LedgerEntryView>()),
  redeem: verb('staff', z.object({ customerId: id, points, forWhat: text(200) }).strict(), returns<LedgerEntryView>()),
  /**
   * To family only: a customer linked as family (either way round), or, with `relation`, one the
   * advisor names family now (the link is written with the transfer; a refusal names `relation`).
   */
  transfer: verb(
    'staff',
    z.object({ customerId: id, toCustomerId: id, points, note: text(200).optional(), relation: z.enum(FAMILY_RELATIONS as [FamilyRelation, ...FamilyRelation[]]).optional() }).strict(),
    returns<LedgerEntryView>(),
  ),
};
