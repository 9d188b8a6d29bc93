import { DeskFailure } from '../failure';
import type { HandlerArea } from '../types';

const notYet = (): never => {
  throw new DeskFailure('internal', 'Not implemented yet');
};

export const team: HandlerArea<'team'> = {
  overview: notYet,
  advisorCustomers: notYet,
  customerHistory: notYet,
  reassign: notYet,
  unassignedVip: notYet,
};
