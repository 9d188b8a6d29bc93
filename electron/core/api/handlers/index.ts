import type { Handlers } from '../types';
import { appointments } from './appointments';
import { cards } from './cards';
import { consent } from './consent';
import { customers } from './customers';
import { notes } from './notes';
import { points } from './points';
import { roster } from './roster';
import { session } from './session';
import { settings } from './settings';
import { setup } from './setup';
import { staff } from './staff';
import { sync } from './sync';
import { tasks } from './tasks';
import { today } from './today';

export const handlers: Handlers = { setup, session, staff, customers, settings, notes, consent, cards, points, appointments, today, tasks, roster, sync };
