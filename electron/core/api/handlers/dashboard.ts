import { DeskFailure } from '../failure';
import type { HandlerArea } from '../types';

const notYet = (): never => {
  throw new DeskFailure('internal', 'Not implemented yet');
};

export const dashboard: HandlerArea<'dashboard'> = {
  metrics: notYet,
  tiers: notYet,
  compare: notYet,
};
