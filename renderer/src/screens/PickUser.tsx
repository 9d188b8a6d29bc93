import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useDeskQuery } from '../desk/use-desk';
import { rememberedUser } from '../state/remembered-user';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';
import { LanguageSwitch } from './LanguageSwitch';

export function PickUser() {
  const { t } = useTranslation();
  const setup = useSession((s) => s.setup);
  const setSession = useSession((s) => s.set);
  const staff = useDeskQuery(() => desk.staff.list({}), []);

  async function pick(person: Staff) {
    const result = await desk.session.signIn({ staffId: person.id });
    if (!result.ok) return;
    rememberedUser.set(result.value.staff?.id ?? null);
    setSession({ staff: result.value.staff });
  }

  const group = (people: Staff[], title: string) =>
    people.length > 0 && (
      <section>
        <h2>{title}</h2>
        <div className="people">
          {people.map((p) => (
            <button key={p.id} className="person" onClick={() => void pick(p)}>
              <span className="avatar">{p.name.slice(0, 1)}</span>
              <span>{p.name}</span>
            </button>
          ))}
        </div>
      </section>
    );

  return (
    <main className="first-run">
      <div className="first-run-top">
        <LanguageSwitch />
      </div>
      <h1>{t('pick.title')}</h1>
      <p className="muted">{t('pick.subtitle', { store: setup?.store?.name ?? '' })}</p>
      {staff.state === 'error' && <ErrorNote error={staff.error} />}
      {staff.state === 'ok' && (
        <>
          {group(staff.value.filter((s) => s.role === 'manager'), t('pick.managers'))}
          {group(staff.value.filter((s) => s.role === 'advisor'), t('pick.advisors'))}
        </>
      )}
    </main>
  );
}
