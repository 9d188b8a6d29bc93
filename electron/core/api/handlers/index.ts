import type { Handlers } from '../types';
import { customers } from './customers';
import { session } from './session';
import { settings } from './settings';
import { setup } from './setup';
import { staff } from './staff';

export const handlers: Handlers = { setup, session, staff, customers, settings };
