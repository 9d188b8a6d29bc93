import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '../desk/connect';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { CampaignForm } from './CampaignForm';
import '../team/team.css';
import './campaigns.css';

/** Offers and campaigns the store runs, and a form for a new one (with the loyal-customer guard). */
export function CampaignsScreen() {
  const { t } = useTranslation();
  const { live, reload } = useLive(() => desk.campaigns.list({}), 'campaigns', ['campaigns']);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState('');
  const rows = live.state === 'ok' ? live.value : [];

  return (
    <section className="screen" data-testid="campaigns">
      <header className="tm-head">
        <h1>{t('campaigns.title')}</h1>
        <span className="tm-notice" role="status" data-testid="campaign-notice">
          {notice}
        </span>
        <span className="tm-actions">
          {!open && (
            <button className="primary" onClick={() => setOpen(true)} data-testid="campaign-new">
              {t('campaigns.new')}
            </button>
          )}
        </span>
      </header>
      {open && (
        <CampaignForm
          onCancel={() => setOpen(false)}
          onSaved={(c) => {
            setOpen(false);
            setNotice(t('campaigns.form.saved', { name: c.name }));
            reload();
          }}
        />
      )}
      {live.state === 'loading' && <p className="muted">{t('campaigns.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <section className="panel tm-section">
          {rows.length === 0 ? (
            <p className="muted">{t('campaigns.none')}</p>
          ) : (
            <table className="tm-table cp-table" data-testid="campaign-table">
              <thead>
                <tr>
                  <th>{t('campaigns.col.name')}</th>
                  <th>{t('campaigns.col.kind')}</th>
                  <th>{t('campaigns.col.benefit')}</th>
                  <th>{t('campaigns.col.audience')}</th>
                  <th>{t('campaigns.col.period')}</th>
                  <th>{t('campaigns.col.createdBy')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id} data-testid="campaign-row">
                    <td className="cp-name">{c.name}</td>
                    <td>{t(`campaigns.kind.${c.kind}`)}</td>
                    <td className="cp-benefit">{c.benefit}</td>
                    <td>
                      {c.audience === 'tiers' ? c.tiers.map((x) => t(`tier.${x}`)).join(' · ') : t(`campaigns.audience.${c.audience}`)}
                      {c.loyalWarningAcknowledged && <span className="cp-warned" title={t('campaigns.guard.title')}>{t('campaigns.warnedBadge')}</span>}
                    </td>
                    <td>
                      {c.startsOn} – {c.endsOn}
                    </td>
                    <td>{c.createdByName ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </section>
  );
}
