/** Book a service slot from the customer view (owned by the cards/points/appointments work). */
export function BookingPanel(_props: { customerId: string }) {
  return null;
}
