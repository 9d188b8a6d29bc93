import { useEffect, useState } from 'react';
import type { DeskError } from '../../shared/api/result';
import { desk } from './desk/connect';
import { applyLanguage } from './i18n';
import { FirstRun } from './screens/FirstRun';
import { PickUser } from './screens/PickUser';
import { Shell } from './screens/Shell';
import { rememberedUser } from './state/remembered-user';
import { resetForNextPerson } from './state/reset';
import { useSession } from './state/session';
import { ErrorNote } from './ui/ErrorNote';

/** First run -> pick who you are -> the workspace. */
export function App() {
  const { setup, staff, settings, set } = useSession();
  const [error, setError] = useState<DeskError | null>(null);

  useEffect(() => {
    void (async () => {
      const [s, st, se] = await Promise.all([desk.settings.get({}), desk.setup.status({}), desk.session.current({})]);
      if (s.ok) applyLanguage(s.value.language);
      if (!st.ok || !se.ok || !s.ok) {
        setError((!st.ok && st.error) || (!se.ok && se.error) || (!s.ok && s.error) || null);
        return;
      }
      let staff = se.value.staff;
      const remembered = rememberedUser.get();
      if (!staff && remembered && st.value.hasStore) {
        const again = await desk.session.signIn({ staffId: remembered });
        if (again.ok) staff = again.value.staff;
        else rememberedUser.set(null);
      }
      set({ settings: s.value, setup: st.value, staff });
    })();
  }, [set]);

  // The core signs a person out whom HQ deactivated meanwhile (back to picking who you are, afresh), or
  // tells of a role HQ changed (the manager screens come or go).
  useEffect(
    () =>
      desk.on('session:changed', ({ staff: now }) => {
        if (now === null) resetForNextPerson();
        set({ staff: now });
      }),
    [set],
  );

  if (error) return <ErrorNote error={error} />;
  if (!setup || !settings) return <div className="boot" />;
  if (!setup.hasStore) return <FirstRun />;
  if (!staff) return <PickUser />;
  return <Shell />;
}
