import { LANGUAGES, type DeviceSettings, type Language } from '../../../../shared/api/contract';
import type { DB } from '../../db/open';
import { getSetting, setSetting } from '../../repos/settings';
import type { HandlerArea } from '../types';

const DEFAULT_LANGUAGE: Language = 'zh-CN';

async function read(db: DB): Promise<DeviceSettings> {
  const stored = await getSetting(db, 'language');
  const language = (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : DEFAULT_LANGUAGE;
  return { language };
}

export const settings: HandlerArea<'settings'> = {
  get: (_args, { core }) => read(core.database.db),
  setLanguage: async ({ language }, { core }) => {
    await setSetting(core.database.db, 'language', language);
    return read(core.database.db);
  },
};
