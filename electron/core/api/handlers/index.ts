import type { Handlers } from '../types';
import { appointments } from './appointments';
import { cards } from './cards';
import { points } from './points';
import { consent } from './consent';
import { customers } from './customers';
import { notes } from './notes';
import { session } from './session';
import { settings } from './settings';
import { setup } from './setup';
import { staff } from './staff';

export const handlers: Handlers = { setup, session, staff, customers, settings, notes, consent, cards, points, appointments };
