import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../shared/domain/customer360';
import { formatLunarOf } from '../ui/format';
import { taskTitle } from '../rules/task-title';

/** Open tasks (read-only: done/snooze/skip happen on Today) and cards still to write or send, with the channels consent allows. */
export function WorkPanel({ c }: { c: Customer360 }) {
  const { t, i18n } = useTranslation();
  const channel = (ch: string) => t(`c360.consent.channel.${ch}`);
  // Whose birthday, which car: a child's name, a vehicle's plate.
  const subjects = new Map<string, string>([...c.family.map((f) => [f.id, f.name] as const), ...c.vehicles.map((v) => [v.id, v.plate] as const)]);
  return (
    <section className="panel" data-testid="work">
      <h2>{t('c360.work.title')}</h2>
      {c.tasks.length === 0 && c.cards.length === 0 && <p className="muted">{t('c360.work.none')}</p>}
      {c.tasks.length > 0 && (
        <ul className="work-list">
          {c.tasks.map((task) => {
            return (
              <li key={task.id} data-testid="task" data-rule={task.rule}>
                <div className="work-head">
                  <span className="work-title">{taskTitle(task, t)}</span>
                  <span className={task.dueDate < c.today ? 'due overdue' : 'due'}>
                    {task.snoozedUntil && task.snoozedUntil > c.today
                      ? t('c360.work.snoozed', { date: task.snoozedUntil })
                      : task.dueDate < c.today
                        ? t('c360.work.overdue', { date: task.dueDate })
                        : t('c360.work.due', { date: task.dueDate })}
                  </span>
                </div>
                <div className="work-channels" data-testid="task-channels">
                  {task.channels.inPerson ? (
                    <span className="muted">{t('c360.work.inPerson')}</span>
                  ) : task.channels.allowed.length > 0 ? (
                    <span className="ok-text">{t('c360.work.offered', { channels: task.channels.allowed.map(channel).join(t('c360.sep')) })}</span>
                  ) : (
                    <span className="stop-text">{t('c360.work.noChannel')}</span>
                  )}
                  {task.channels.asNotice && (
                    <span className="as-notice" data-testid="as-notice">
                      {t('c360.work.asNotice')}
                    </span>
                  )}
                  {task.channels.refused.map((r) => (
                    <span key={r.channel} className="refused" data-testid="refused-channel" data-channel={r.channel}>
                      {t('c360.work.refused', { channel: channel(r.channel), reason: t(`c360.consentReason.${r.reason}`) })}
                    </span>
                  ))}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {c.cards.length > 0 && (
        <>
          <h3 className="c360-sub">{t('c360.work.cards')}</h3>
          <ul className="work-list">
            {c.cards.map((card) => (
              <li key={card.id} data-testid="card">
                <div className="work-head">
                  <span className="work-title">
                    {t(`c360.occasion.${card.occasion}`)}
                    {card.subjectId && subjects.has(card.subjectId) && ` · ${subjects.get(card.subjectId)}`} · {card.occasionDate}
                    {card.lunarLabel && <span className="muted">{t('c360.paren', { text: formatLunarOf(card.occasionDate, i18n.language) })}</span>}
                  </span>
                  <span className={card.dueDate < c.today ? 'due overdue' : 'due'}>{t('c360.work.due', { date: card.dueDate })}</span>
                </div>
                <span className="muted small-text">{t(`c360.work.cardStatus.${card.status}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
