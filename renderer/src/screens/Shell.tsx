import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CardsScreen } from '../cards/CardsScreen';
import { PrintSheet } from '../cards/PrintSheet';
import { CustomerView } from '../customer/CustomerView';
import { desk } from '../desk/connect';
import { SearchBox } from '../search/SearchBox';
import { useNav, type Route } from '../state/nav';
import { resetForNextPerson } from '../state/reset';
import { useSession } from '../state/session';
import { MyCustomers } from '../roster/MyCustomers';
import { Today } from '../today/Today';
import { AdvisorCustomers } from '../team/AdvisorCustomers';
import { TeamScreen } from '../team/TeamScreen';
import { isTyping } from '../ui/typing';
import { RadarScreen } from '../radar/RadarScreen';
import { CampaignsScreen } from '../campaigns/CampaignsScreen';
import { Settings } from './Settings';

type NavScreen = Exclude<Route['screen'], 'customer' | 'cardsPrint'>;
// The dashboard carries the charting library (echarts, ~200 kB gzipped): loaded when a manager opens it, never for advisors.
const DashboardScreen = lazy(() => import('../dashboard/DashboardScreen').then((m) => ({ default: m.DashboardScreen })));

const NAV: { screen: NavScreen; key: string }[] = [
  { screen: 'today', key: 'nav.today' },
  { screen: 'customers', key: 'nav.customers' },
  { screen: 'cards', key: 'nav.cards' },
];
/** The store manager's screens: advisors never see them (the core refuses their verbs to advisors anyway). */
const MANAGER_NAV: { screen: NavScreen; key: string }[] = [
  { screen: 'team', key: 'team.nav.team' },
  { screen: 'radar', key: 'team.nav.radar' },
  { screen: 'dashboard', key: 'team.nav.dashboard' },
  { screen: 'campaigns', key: 'team.nav.campaigns' },
];

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'customer':
      return <CustomerView customerId={route.customerId} />;
    case 'settings':
      return <Settings />;
    case 'today':
      return <Today />;
    case 'customers':
      return <MyCustomers />;
    case 'cards':
      return <CardsScreen />;
    case 'cardsPrint':
      return <PrintSheet from={route.from} to={route.to} customerIds={route.customerIds} />;
    case 'team':
      return route.advisorId ? <AdvisorCustomers advisorId={route.advisorId} /> : <TeamScreen />;
    case 'radar':
      return <RadarScreen />;
    case 'dashboard':
      return (
        <Suspense fallback={<section className="screen" />}>
          <DashboardScreen />
        </Suspense>
      );
    case 'campaigns':
      return <CampaignsScreen />;
  }
}

export function Shell() {
  const { t } = useTranslation();
  const { route, go, back } = useNav();
  const { setup, staff, set } = useSession();
  const onManagerScreen = MANAGER_NAV.some((n) => n.screen === route.screen);

  // Switching from the manager to an advisor at this desk leaves no manager screen open.
  useEffect(() => {
    if (onManagerScreen && staff && staff.role !== 'manager') go({ screen: 'today' });
  }, [onManagerScreen, staff, go]);

  useEffect(() => {
    // Alt+Left goes back, as in a browser; Escape leaves a customer when no field has focus (a select
    // included: Escape on one left the customer and what was typed beside it).
    const onKey = (e: KeyboardEvent) => {
      if ((e.altKey && e.key === 'ArrowLeft') || (!isTyping(e.target) && e.key === 'Escape' && route.screen === 'customer')) back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [back, route.screen]);

  async function signOut() {
    const result = await desk.session.signOut({});
    if (!result.ok) return;
    resetForNextPerson();
    set({ staff: null });
  }

  return (
    <div className="shell">
      <nav className="sidebar">
        <div className="brand">
          <span className="brand-mark">留</span>
          <span>{t('app.title')}</span>
        </div>
        {NAV.map((n) => (
          <button key={n.screen} className={route.screen === n.screen ? 'nav-item active' : 'nav-item'} onClick={() => go({ screen: n.screen })}>
            {t(n.key)}
          </button>
        ))}
        {staff?.role === 'manager' && (
          <div className="nav-group" role="group" aria-label={t('team.nav.group')} data-testid="manager-nav">
            <span className="nav-group-label">{t('team.nav.group')}</span>
            {MANAGER_NAV.map((n) => (
              <button key={n.screen} className={route.screen === n.screen ? 'nav-item active' : 'nav-item'} onClick={() => go({ screen: n.screen })}>
                {t(n.key)}
              </button>
            ))}
          </div>
        )}
        <button className={route.screen === 'settings' ? 'nav-item active' : 'nav-item'} onClick={() => go({ screen: 'settings' })}>
          {t('nav.settings')}
        </button>
        <div className="sidebar-foot">
          <div className="me">
            <span className="avatar">{staff?.name.slice(0, 1)}</span>
            <span>
              {staff?.name}
              <small>{staff ? t(`role.${staff.role}`) : ''}</small>
            </span>
          </div>
          <button className="link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          {route.screen === 'customer' && (
            <button className="back" onClick={back} title="Alt+←">
              ← {t('customer.back')}
            </button>
          )}
          <SearchBox />
          <span className="store-name">{setup?.store?.name}</span>
        </header>
        <Screen route={route} />
      </div>
    </div>
  );
}
