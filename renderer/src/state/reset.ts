import { useCardsFilter } from '../cards/filter';
import { useRosterUi } from '../roster/ui-state';
import { useTeamUi } from '../team/ui-state';
import { useNav } from './nav';
import { rememberedUser } from './remembered-user';

/**
 * What one person left on screen, gone before the next signs in (by the Sign out button, or when the
 * core signed out someone HQ deactivated): not on the customer the last one had open (and audited as
 * viewing it), nor with their card, team or customer-list filters.
 */
export function resetForNextPerson(): void {
  rememberedUser.set(null);
  useNav.setState(useNav.getInitialState(), true);
  useCardsFilter.setState(useCardsFilter.getInitialState(), true);
  useTeamUi.setState(useTeamUi.getInitialState(), true);
  useRosterUi.setState(useRosterUi.getInitialState(), true);
}
