/** Today's appointments with each customer's preferences, shown on Today (owned by the cards/points/appointments work). */
export function TodayAppointments() {
  return null;
}
