import { useTranslation } from 'react-i18next';
import { daysBetween } from '../../../shared/domain/rules/days';
import type { TodayTask } from '../../../shared/domain/today';
import { TierBadge } from '../ui/TierBadge';
import { taskTitle } from '../rules/task-title';
import { blockedReason, taskReason } from './reasons';
import { type FormMode } from './TaskForms';

export function TaskRow({ task, today, canReassign, onOpen, onCustomer }: { task: TodayTask; today: string; canReassign: boolean; onOpen(mode: FormMode): void; onCustomer(): void }) {
  const { t } = useTranslation();
  const why = taskReason(task, today, t);
  const due =
    task.bucket === 'overdue' ? t('today.due.overdue', { count: daysBetween(task.dueDate, today) }) : task.bucket === 'today' ? t('today.due.today') : t('today.due.on', { date: task.dueDate.slice(5) });
  const c = task.contact;
  const hasPrefs = c.channel.length + c.time.length + c.doNotDisturb.length > 0;
  return (
    <div className="task-row">
      <span className={`kind kind-${task.kind}`}>{t(`today.kind.${task.kind}`, { defaultValue: t('today.kind.other') })}</span>
      <div className="task-main">
        <div className="task-line">
          <button className="customer-link" onClick={onCustomer} tabIndex={-1}>
            {task.customer.name}
          </button>
          <TierBadge tier={task.customer.tier} />
          {task.customer.plate && <span className="plate">{task.customer.plate}</span>}
          <span className="task-title">{taskTitle(task, t)}</span>
        </div>
        {why && (
          <div className="task-why" data-testid="task-why">
            {why}
          </div>
        )}
        <div className="task-contact">
          {hasPrefs ? (
            <>
              {c.channel.length > 0 && (
                <span>
                  <em>{t('today.contact.channel')}</em> {c.channel.join(t('today.sep'))}
                </span>
              )}
              {c.time.length > 0 && (
                <span>
                  <em>{t('today.contact.time')}</em> {c.time.join(t('today.sep'))}
                </span>
              )}
              {c.doNotDisturb.length > 0 && (
                <span className="dnd">
                  <em>{t('today.contact.dnd')}</em> {c.doNotDisturb.join(t('today.sep'))}
                </span>
              )}
            </>
          ) : (
            <span className="muted">{t('today.contact.none')}</span>
          )}
        </div>
        {task.asNotice && (
          <div className="task-notice" data-testid="task-notice">
            {t('today.asNotice')}
          </div>
        )}
        {task.allowed.length === 0 && task.blocked && (
          <div className="task-blocked" data-testid="task-blocked">
            {t('today.blockedNote', { reason: blockedReason(task, t) })}
          </div>
        )}
      </div>
      <div className="task-side">
        <span className={task.bucket === 'overdue' ? 'td-due overdue' : 'td-due'}>{due}</span>
        <div className="task-actions">
          <button className="primary" disabled={task.allowed.length === 0} onClick={() => onOpen('done')} tabIndex={-1} title="D">
            {t('today.action.done')}
          </button>
          <button onClick={() => onOpen('snooze')} tabIndex={-1} title="S">
            {t('today.action.snooze')}
          </button>
          <button onClick={() => onOpen('skip')} tabIndex={-1} title="X">
            {t('today.action.skip')}
          </button>
          {canReassign && (
            <button onClick={() => onOpen('reassign')} tabIndex={-1}>
              {t('today.action.reassign')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
