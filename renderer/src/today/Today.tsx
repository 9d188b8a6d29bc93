import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { daysBetween, epochDayOf } from '../../../shared/domain/rules/days';
import type { DueBucket, RiskCustomer, TodayOccasion, TodayTask, TodayView } from '../../../shared/domain/today';
import { TASKS_SHOWN } from '../../../shared/domain/today';
import type { Staff } from '../../../shared/domain/types';
import { TodayAppointments } from '../appointments/TodayAppointments';
import { desk } from '../desk/connect';
import { useDeskQuery } from '../desk/use-desk';
import { useNav } from '../state/nav';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';
import { TierBadge } from '../ui/TierBadge';
import { formatLunarOf } from '../ui/format';
import { riskReason, taskReason, taskTitle } from './reasons';
import { DoneForm, ReassignForm, SkipForm, SnoozeForm, type FormMode } from './TaskForms';
import { useLive } from './use-today';
import './today.css';

const TABLES = ['tasks', 'interactions', 'card_reminders', 'customers', 'visits', 'surveys', 'complaints', 'preferences', 'customer_channel_consents'];
const BUCKETS: DueBucket[] = ['overdue', 'today', 'week'];

function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (((epochDayOf(y, m, d) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** The advisor's day: work by when it is due, red/yellow customers, appointments, occasions and cards. */
export function Today() {
  const { t } = useTranslation();
  const me = useSession((s) => s.staff);
  const isManager = me?.role === 'manager';
  const [advisorId, setAdvisorId] = useState<string | undefined>(undefined);
  const [limit, setLimit] = useState(TASKS_SHOWN);
  const staff = useDeskQuery(() => desk.staff.list({}), []);
  const advisors = staff.state === 'ok' ? staff.value.filter((s) => s.role === 'advisor') : [];
  // A manager has no customers of their own: they look at an advisor's day, the first one to begin with.
  const whose = advisorId ?? (isManager ? advisors[0]?.id : undefined);
  const { live, reload } = useLive(() => desk.today.get({ advisorId: whose, limit }), `${whose ?? ''}:${limit}`, TABLES);

  return (
    <section className="screen today-screen" data-testid="today">
      <header className="today-head">
        <div>
          <h1>{t('today.title')}</h1>
          {live.state === 'ok' && <p className="muted today-date">{t('today.dateLine', { date: live.value.today, weekday: t(`today.weekday.d${weekdayOf(live.value.today)}`) })}</p>}
        </div>
        {live.state === 'ok' && <Summary view={live.value} />}
        {isManager && advisors.length > 0 && (
          <label className="today-viewing">
            <span className="muted">{t('today.viewing')}</span>
            <select className="td-input" value={whose ?? ''} onChange={(e) => setAdvisorId(e.target.value)} data-testid="today-advisor">
              {advisors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {live.state === 'loading' && <p className="muted">{t('today.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <>
        <TodayAppointments />
        <div className="today-grid">
          <WorkList view={live.value} advisors={advisors} canReassign={isManager} onChanged={reload} onMore={() => setLimit((l) => l + TASKS_SHOWN)} />
          <aside className="today-side">
            <RiskPanel view={live.value} />
            <OccasionsPanel view={live.value} />
            <CardsPanel view={live.value} />
          </aside>
        </div>
        </>
      )}
    </section>
  );
}

function Summary({ view }: { view: TodayView }) {
  const { t } = useTranslation();
  const items: [string, number, string][] = [
    ['overdue', view.taskCounts.overdue, 'sum-overdue'],
    ['today', view.taskCounts.today, 'sum-today'],
    ['week', view.taskCounts.week, 'sum-week'],
    ['red', view.risk.red, 'sum-red'],
    ['yellow', view.risk.yellow, 'sum-yellow'],
  ];
  return (
    <dl className="today-summary" data-testid="today-summary">
      {items.map(([key, n, cls]) => (
        <div key={key} className={`sum ${cls}`}>
          <dt>{t(`today.summary.${key}`)}</dt>
          <dd>{n.toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}

type Open = { taskId: string; mode: FormMode } | null;

function WorkList({ view, advisors, canReassign, onChanged, onMore }: { view: TodayView; advisors: Staff[]; canReassign: boolean; onChanged(): void; onMore(): void }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [open, setOpen] = useState<Open>(null);
  const [active, setActive] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const [notice, setNotice] = useState('');
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  const tasks = view.tasks;

  useEffect(() => {
    if (active >= tasks.length && tasks.length > 0) setActive(tasks.length - 1);
  }, [tasks.length, active]);

  const openForm = useCallback((taskId: string, mode: FormMode) => {
    setError(null);
    setOpen({ taskId, mode });
  }, []);
  const close = useCallback(() => {
    setOpen(null);
    setError(null);
    rows.current[active]?.focus();
  }, [active]);

  async function act(call: () => Promise<{ ok: true } | { ok: false; error: DeskError }>, message: string) {
    setSaving(true);
    const r = await call();
    setSaving(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setOpen(null);
    setError(null);
    setNotice(message);
    onChanged();
    // Keep the keyboard where it was: the next task moves into this row.
    requestAnimationFrame(() => rows.current[Math.min(active, tasks.length - 2)]?.focus());
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    if (open || tasks.length === 0) return;
    const task = tasks[active];
    const move = (i: number) => {
      const next = Math.max(0, Math.min(tasks.length - 1, i));
      setActive(next);
      rows.current[next]?.focus();
    };
    if (e.key === 'ArrowDown' || e.key === 'j') move(active + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(active - 1);
    else if (!task) return;
    else if (e.key === 'd' && task.allowed.length > 0) openForm(task.id, 'done');
    else if (e.key === 's') openForm(task.id, 'snooze');
    else if (e.key === 'x') openForm(task.id, 'skip');
    else if (e.key === 'Enter') go({ screen: 'customer', customerId: task.customer.id });
    else return;
    e.preventDefault();
  }

  const byBucket = useMemo(() => {
    const m = new Map<DueBucket, TodayTask[]>(BUCKETS.map((b) => [b, []]));
    for (const task of tasks) m.get(task.bucket)!.push(task);
    return m;
  }, [tasks]);

  const total = view.taskCounts.overdue + view.taskCounts.today + view.taskCounts.week;
  let index = -1;
  return (
    <div className="panel work-panel" onKeyDown={onKeyDown} data-testid="work-list">
      <div className="work-panel-head">
        <h2>{t('today.work')}</h2>
        <span className="muted td-small">{t('today.keys')}</span>
      </div>
      <div className="notice" role="status" aria-live="polite" data-testid="today-notice">
        {notice}
      </div>
      {total === 0 && <p className="empty-note">{t('today.noWork')}</p>}
      {total > 0 &&
        BUCKETS.map((bucket) => {
          const list = byBucket.get(bucket)!;
          const count = view.taskCounts[bucket];
          return (
            <section key={bucket} className={`bucket bucket-${bucket}`} data-testid={`bucket-${bucket}`}>
              <h3>
                {t(`today.bucket.${bucket}`)} <span className="bucket-count">{count}</span>
              </h3>
              {count === 0 && <p className="muted td-small">{t('today.bucketEmpty')}</p>}
              <ul className="task-list">
                {list.map((task) => {
                  index += 1;
                  const i = index;
                  const formOpen = open?.taskId === task.id ? open.mode : null;
                  const formProps = { task, today: view.today, saving, error, onCancel: close };
                  return (
                    <li
                      key={task.id}
                      ref={(el) => {
                        rows.current[i] = el;
                      }}
                      tabIndex={i === active ? 0 : -1}
                      className={i === active ? 'task active' : 'task'}
                      onFocus={() => setActive(i)}
                      data-testid="task"
                      data-task-id={task.id}
                      data-rule={task.rule}
                    >
                      <TaskRow task={task} today={view.today} canReassign={canReassign} onOpen={(mode) => openForm(task.id, mode)} />
                      {formOpen === 'done' && (
                        <DoneForm
                          {...formProps}
                          onSave={(v) =>
                            void act(() => desk.tasks.complete({ taskId: task.id, channel: v.channel, outcome: v.outcome, note: v.note.trim() || undefined }), t('today.saved.done', { name: task.customer.name }))
                          }
                        />
                      )}
                      {formOpen === 'snooze' && (
                        <SnoozeForm
                          {...formProps}
                          onSave={(until) => void act(() => desk.tasks.snooze({ taskId: task.id, until }), t('today.saved.snooze', { name: task.customer.name, date: until }))}
                        />
                      )}
                      {formOpen === 'skip' && (
                        <SkipForm
                          {...formProps}
                          onSave={(v) =>
                            void act(() => desk.tasks.skip({ taskId: task.id, reason: v.reason, note: v.note.trim() || undefined }), t('today.saved.skip', { name: task.customer.name }))
                          }
                        />
                      )}
                      {formOpen === 'reassign' && (
                        <ReassignForm
                          {...formProps}
                          advisors={advisors}
                          onSave={(to) =>
                            void act(() => desk.tasks.reassign({ taskId: task.id, advisorId: to }), t('today.saved.reassign', { name: task.customer.name, who: advisors.find((a) => a.id === to)?.name ?? '' }))
                          }
                        />
                      )}
                    </li>
                  );
                })}
              </ul>
              {count > list.length && (
                <p className="more-line">
                  <span className="muted">{t('today.moreInBucket', { count: count - list.length })}</span>{' '}
                  <button className="link-button" onClick={onMore}>
                    {t('today.showMore')}
                  </button>
                </p>
              )}
            </section>
          );
        })}
    </div>
  );
}

function TaskRow({ task, today, canReassign, onOpen }: { task: TodayTask; today: string; canReassign: boolean; onOpen(mode: FormMode): void }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const why = taskReason(task, today, t);
  const due =
    task.bucket === 'overdue' ? t('today.due.overdue', { days: daysBetween(task.dueDate, today) }) : task.bucket === 'today' ? t('today.due.today') : t('today.due.on', { date: task.dueDate.slice(5) });
  const c = task.contact;
  const hasPrefs = c.channel.length + c.time.length + c.doNotDisturb.length > 0;
  return (
    <div className="task-row">
      <span className={`kind kind-${task.kind}`}>{t(`today.kind.${task.kind}`, { defaultValue: t('today.kind.other') })}</span>
      <div className="task-main">
        <div className="task-line">
          <button className="customer-link" onClick={() => go({ screen: 'customer', customerId: task.customer.id })} tabIndex={-1}>
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
        {task.allowed.length === 0 && task.blocked && (
          <div className="task-blocked" data-testid="task-blocked">
            {t('today.blockedNote', { reason: t(`today.blocked.${task.blocked}`) })}
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

function CustomerCell({ c }: { c: RiskCustomer['customer'] }) {
  const go = useNav((s) => s.go);
  return (
    <span className="cust-cell">
      <button className="customer-link" onClick={() => go({ screen: 'customer', customerId: c.id })}>
        {c.name}
      </button>
      <TierBadge tier={c.tier} />
      {c.plate && <span className="plate">{c.plate}</span>}
    </span>
  );
}

function RiskPanel({ view }: { view: TodayView }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const shown = view.risk.shown.slice(0, 12);
  return (
    <section className="panel" data-testid="risk-panel">
      <div className="side-head">
        <h2>{t('today.risk.title')}</h2>
        <span className="muted td-small">{t('today.risk.counts', { red: view.risk.red.toLocaleString(), yellow: view.risk.yellow.toLocaleString() })}</span>
      </div>
      {shown.length === 0 && <p className="muted">{t('today.risk.none')}</p>}
      <ul className="side-list">
        {shown.map((r) => (
          <li key={r.customer.id} data-testid="risk-customer">
            <span className={`dot dot-${r.flag}`} aria-label={t(`today.risk.${r.flag}`)} />
            <div>
              <CustomerCell c={r.customer} />
              <div className="muted td-small">{r.reasons.map((x) => riskReason(x, t)).join(t('today.reasonSep'))}</div>
            </div>
          </li>
        ))}
      </ul>
      {view.risk.red + view.risk.yellow > shown.length && (
        <button className="link-button" onClick={() => go({ screen: 'customers' })}>
          {t('today.risk.more')} →
        </button>
      )}
    </section>
  );
}

function OccasionLine({ o }: { o: TodayOccasion }) {
  const { t, i18n } = useTranslation();
  return (
    <li data-testid="occasion">
      <span className="occ-date">{o.occasionDate.slice(5)}</span>
      <div>
        <CustomerCell c={o.customer} />
        <div className="td-small">
          {t(`today.occasions.kind.${o.occasion}`)}
          {o.lunarLabel && <span className="lunar"> · {t('today.occasions.lunar', { label: formatLunarOf(o.occasionDate, i18n.language) })}</span>}
          {o.status !== 'skipped' && <span className="muted"> · {t(`today.occasions.status.${o.status}`)}</span>}
        </div>
      </div>
    </li>
  );
}

function OccasionsPanel({ view }: { view: TodayView }) {
  const { t } = useTranslation();
  const shown = view.occasions.slice(0, 10);
  return (
    <section className="panel" data-testid="occasions-panel">
      <h2>{t('today.occasions.title')}</h2>
      {view.occasionCount === 0 && <p className="muted">{t('today.occasions.none')}</p>}
      <ul className="side-list">
        {shown.map((o) => (
          <OccasionLine key={o.cardId} o={o} />
        ))}
      </ul>
      {view.occasionCount > shown.length && <p className="muted td-small">{t('today.occasions.more', { count: view.occasionCount - shown.length })}</p>}
    </section>
  );
}

function CardsPanel({ view }: { view: TodayView }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const shown = view.cardsToWrite.slice(0, 6);
  return (
    <section className="panel" data-testid="cards-panel">
      <div className="side-head">
        <h2>{t('today.cards.title')}</h2>
        {view.cardsToWriteCount > 0 && <span className="muted td-small">{t('today.cards.count', { count: view.cardsToWriteCount })}</span>}
      </div>
      {view.cardsToWriteCount === 0 && <p className="muted">{t('today.cards.none')}</p>}
      <ul className="side-list">
        {shown.map((o) => (
          <li key={o.cardId}>
            <span className="occ-date">{o.occasionDate.slice(5)}</span>
            <div>
              <CustomerCell c={o.customer} />
              <div className="td-small">
                {t(`today.occasions.kind.${o.occasion}`)} · <span className="muted">{t('today.cards.writeBy', { date: o.dueDate.slice(5) })}</span>
              </div>
            </div>
          </li>
        ))}
      </ul>
      {view.cardsToWriteCount > 0 && (
        <button className="primary" onClick={() => go({ screen: 'cards' })} data-testid="go-cards">
          {t('today.cards.open')} →
        </button>
      )}
    </section>
  );
}
