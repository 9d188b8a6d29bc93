/** A4 sheet of the week's cards (issue 4: owned by the cards/points/appointments work). */
export function PrintSheet(_props: { from: string; to: string }) {
  return null;
}
