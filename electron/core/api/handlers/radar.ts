import { DeskFailure } from '../failure';
import type { HandlerArea } from '../types';

const notYet = (): never => {
  throw new DeskFailure('internal', 'Not implemented yet');
};

export const radar: HandlerArea<'radar'> = {
  overview: notYet,
  redWithoutWinBack: notYet,
};
