import { Placeholder } from '../ui/Placeholder';

/** The handwritten-card queue (issue 4: owned by the cards/points/appointments work). */
export function CardsScreen() {
  return <Placeholder screen="cards" />;
}
