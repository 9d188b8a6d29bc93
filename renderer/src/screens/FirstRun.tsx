import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { desk } from '../desk/connect';
import { useSession } from '../state/session';
import { ConnectHq } from '../sync/ConnectHq';
import { ErrorNote } from '../ui/ErrorNote';
import { formatNumber } from '../ui/format';
import { LanguageSwitch } from './LanguageSwitch';

const DEMO_CUSTOMERS = 3_000;

export function FirstRun() {
  const { t, i18n } = useTranslation();
  const setSession = useSession((s) => s.set);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);

  async function loadDemo() {
    setBusy(true);
    setError(null);
    const result = await desk.setup.loadDemo({ customers: DEMO_CUSTOMERS });
    setBusy(false);
    if (result.ok) setSession({ setup: result.value });
    else setError(result.error);
  }

  return (
    <main className="first-run">
      <div className="first-run-top">
        <LanguageSwitch />
      </div>
      <h1>{t('firstRun.title')}</h1>
      <p className="muted">{t('firstRun.subtitle')}</p>
      <div className="choice-row">
        <section className="choice">
          <h2>{t('firstRun.demoTitle')}</h2>
          <p>{t('firstRun.demoBody', { count: formatNumber(DEMO_CUSTOMERS, i18n.language) as unknown as number })}</p>
          <button className="primary" onClick={loadDemo} disabled={busy} autoFocus>
            {busy ? t('firstRun.loadingDemo') : t('firstRun.loadDemo')}
          </button>
          {error && <ErrorNote error={error} />}
        </section>
        <section className="choice" data-testid="connect-hq">
          <h2>{t('firstRun.hqTitle')}</h2>
          <p>{t('firstRun.hqBody')}</p>
          <ConnectHq disabled={busy} />
        </section>
      </div>
    </main>
  );
}
