/** Points balance, ledger, earn / redeem / transfer in the customer view (owned by the cards/points/appointments work). */
export function PointsPanel(_props: { customerId: string }) {
  return null;
}
