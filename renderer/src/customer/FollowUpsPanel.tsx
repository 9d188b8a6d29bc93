import { useTranslation } from 'react-i18next';
import type { AutoMessageNote, FollowUp } from '../../../shared/domain/customer360';
import { useSession } from '../state/session';
import { usePaged } from './ShowMore';

/** An instant as the store's local date and time, e.g. 2026-11-24 09:41. */
function localTime(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Follow-up history, newest first, and the automatic messages HQ sent (the D7 guide, the monthly tip). */
export function FollowUpsPanel({ followUps, autoMessages, onLog }: { followUps: FollowUp[]; autoMessages: AutoMessageNote[]; onLog: () => void }) {
  const { t } = useTranslation();
  const timeZone = useSession((s) => s.setup?.store?.timezone ?? 'Asia/Shanghai');
  const when = (instant: string) => localTime(instant, timeZone);
  const { shown, more } = usePaged(followUps, 10);
  return (
    <section className="panel" data-testid="follow-ups">
      <div className="panel-head">
        <h2>{t('c360.followUp.title')}</h2>
        <button className="small" onClick={onLog}>
          {t('c360.logFollowUp')} <kbd>L</kbd>
        </button>
      </div>
      {followUps.length === 0 ? (
        <p className="muted">{t('c360.followUp.none')}</p>
      ) : (
        <ol className="timeline">
          {shown.map((f) => (
            <li key={f.id} data-testid="follow-up">
              <div className="timeline-head">
                <span className="chip">{t(`c360.followUp.channels.${f.channel}`)}</span>
                <strong>{t(`c360.followUp.outcomes.${f.outcome}`)}</strong>
                {f.purpose !== 'care' && <span className="muted">· {t(`c360.followUp.purposes.${f.purpose}`)}</span>}
                <span className="muted timeline-when">{t('c360.followUp.by', { who: f.staffName ?? '—', when: when(f.occurredAt) })}</span>
              </div>
              {f.churnReason && (
                <p className="timeline-note" data-testid="churn-reason">
                  {t('c360.followUp.churnReason', { reason: t(`today.churnReason.${f.churnReason}`) })}
                </p>
              )}
              {f.note && <p className="timeline-note">{f.note}</p>}
              {(f.nextStep || f.nextDate) && (
                <p className="timeline-next">
                  {t('c360.followUp.next', { step: f.nextStep ?? '' })}
                  {f.nextDate && t('c360.followUp.nextOn', { date: f.nextDate })}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {more}
      {autoMessages.length > 0 && (
        <>
          <h3 className="sub-head">{t('c360.autoMessages.title')}</h3>
          <ul className="auto-messages" data-testid="auto-messages">
            {autoMessages.map((m) => (
              <li key={m.id} data-status={m.status}>
                <span>{t(`c360.autoMessages.rule.${m.rule}`)}</span>
                <span className="muted">{m.dueDate}</span>
                <span className={`auto-status s-${m.status}`}>
                  {m.status === 'sent' && m.sentAt ? t('c360.autoMessages.sentAt', { when: when(m.sentAt) }) : t(`c360.autoMessages.status.${m.status}`)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
