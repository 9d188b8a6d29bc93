import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { epochDayOf } from '../../../shared/domain/rules/days';
import type { DueBucket, TodayTask, TodayView } from '../../../shared/domain/today';
import { TASKS_SHOWN, TASKS_SHOWN_MAX } from '../../../shared/domain/today';
import type { Staff } from '../../../shared/domain/types';
import { TodayAppointments } from '../appointments/TodayAppointments';
import { desk } from '../desk/connect';
import { useDeskQuery } from '../desk/use-desk';
import { useNav } from '../state/nav';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';
import { DoneForm, ReassignForm, SkipForm, SnoozeForm, type FormMode } from './TaskForms';
import { useLive } from './use-today';
import { CardsPanel, OccasionsPanel, RiskPanel } from './SidePanels';
import { TaskRow } from './TaskRow';
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
  // In the route, so that coming back from a customer opened here shows the same advisor's day, and a task
  // opened below the first page ("show more") is there again.
  const route = useNav((s) => s.route);
  const replace = useNav((s) => s.replace);
  const advisorId = route.screen === 'today' ? route.advisorId : undefined;
  const limit = (route.screen === 'today' ? route.limit : undefined) ?? TASKS_SHOWN;
  const setAdvisorId = (id: string) => replace({ screen: 'today', advisorId: id });
  const showMore = () => replace({ screen: 'today', advisorId, limit: Math.min(limit + TASKS_SHOWN, TASKS_SHOWN_MAX) });
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
          <WorkList view={live.value} advisors={advisors} canReassign={isManager} onChanged={reload} onMore={limit < TASKS_SHOWN_MAX ? showMore : null} />
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

function WorkList({ view, advisors, canReassign, onChanged, onMore }: { view: TodayView; advisors: Staff[]; canReassign: boolean; onChanged(): void; onMore: (() => void) | null }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const replace = useNav((s) => s.replace);
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

  // After done / snooze / skip the list reloads without that task: the keyboard goes on from the task
  // that took its place (it fell to the page, where D, S, X and the arrows did nothing).
  // Focus the advisor moved meanwhile (another row, the search box) stays where they put it.
  const focusAfter = useRef<{ before: TodayTask[]; acted: string; actedRow: HTMLLIElement | null; next: string | null } | null>(null);
  useEffect(() => {
    const ids = tasks.map((x) => x.id);
    const focused = document.activeElement;
    const f = focusAfter.current;
    if (f && f.before !== tasks) {
      focusAfter.current = null;
      if (!focused || focused === document.body || f.actedRow?.contains(focused)) {
        const i = ids.includes(f.acted) ? ids.indexOf(f.acted) : f.next !== null ? ids.indexOf(f.next) : -1;
        if (i >= 0) {
          setActive(i);
          rows.current[i]?.focus();
        }
        return;
      }
    }
    // A reload moves the rows under a row that keeps the focus (no focus event comes): the keys act on that row still.
    const row = focused instanceof HTMLElement ? focused.closest('[data-task-id]') : null;
    const at = row ? ids.indexOf(row.getAttribute('data-task-id') ?? '') : -1;
    if (at >= 0) setActive(at);
  }, [tasks]);

  // Back from the customer opened here (the route kept the row; the sidebar's Today, or the next person's, has none):
  // on that task again (or the row now in its place), where it was on screen. Once, on mount: later reloads leave
  // the focus where the advisor has it.
  useLayoutEffect(() => {
    const route = useNav.getState().route;
    if (route.screen !== 'today' || !route.openedFrom) return;
    const from = route.openedFrom;
    replace({ ...route, openedFrom: undefined });
    if (tasks.length === 0) return;
    const found = tasks.findIndex((x) => x.id === from.taskId);
    const i = found >= 0 ? found : Math.min(from.index, tasks.length - 1);
    const row = rows.current[i];
    const screen = row?.closest('.screen');
    if (screen) screen.scrollTop = from.scrollTop;
    setActive(i);
    row?.focus(); // scrolls it into view if the list changed meanwhile
  }, []);

  function openCustomer(i: number) {
    const task = tasks[i];
    const route = useNav.getState().route;
    if (!task || route.screen !== 'today') return;
    replace({ ...route, openedFrom: { taskId: task.id, index: i, scrollTop: rows.current[i]?.closest('.screen')?.scrollTop ?? 0 } });
    go({ screen: 'customer', customerId: task.customer.id });
  }

  const openForm = useCallback((taskId: string, mode: FormMode) => {
    setError(null);
    setOpen({ taskId, mode });
  }, []);
  const close = useCallback(() => {
    setOpen(null);
    setError(null);
    rows.current[active]?.focus();
  }, [active]);

  async function act(taskId: string, call: () => Promise<{ ok: true } | { ok: false; error: DeskError }>, message: string) {
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
    const at = tasks.findIndex((x) => x.id === taskId);
    const actedRow = rows.current[at] ?? null;
    focusAfter.current = { before: tasks, acted: taskId, actedRow, next: tasks[at + 1]?.id ?? tasks[at - 1]?.id ?? null };
    onChanged();
    // Meanwhile on the task's own row, until the list comes back without it (the effect above).
    requestAnimationFrame(() => {
      if (actedRow?.isConnected && (document.activeElement === document.body || document.activeElement === null)) actedRow.focus();
    });
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
    else if (e.key === 'Enter') openCustomer(active);
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
      {total === 0 && <p className="empty-note">{t(view.planning ? 'today.planning' : 'today.noWork')}</p>}
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
                      <TaskRow task={task} today={view.today} canReassign={canReassign} onOpen={(mode) => openForm(task.id, mode)} onCustomer={() => openCustomer(i)} />
                      {formOpen === 'done' && (
                        <DoneForm
                          {...formProps}
                          onSave={(v) =>
                            void act(
                              task.id,
                              () => desk.tasks.complete({ taskId: task.id, channel: v.channel, outcome: v.outcome, note: v.note.trim() || undefined, ...(v.churnReason ? { churnReason: v.churnReason } : {}) }),
                              t('today.saved.done', { name: task.customer.name }),
                            )
                          }
                        />
                      )}
                      {formOpen === 'snooze' && (
                        <SnoozeForm
                          {...formProps}
                          onSave={(until) => void act(task.id, () => desk.tasks.snooze({ taskId: task.id, until }), t('today.saved.snooze', { name: task.customer.name, date: until }))}
                        />
                      )}
                      {formOpen === 'skip' && (
                        <SkipForm
                          {...formProps}
                          onSave={(v) =>
                            void act(task.id, () => desk.tasks.skip({ taskId: task.id, reason: v.reason, note: v.note.trim() || undefined }), t('today.saved.skip', { name: task.customer.name }))
                          }
                        />
                      )}
                      {formOpen === 'reassign' && (
                        <ReassignForm
                          {...formProps}
                          advisors={advisors}
                          onSave={(to) =>
                            void act(task.id, () => desk.tasks.reassign({ taskId: task.id, advisorId: to }), t('today.saved.reassign', { name: task.customer.name, who: advisors.find((a) => a.id === to)?.name ?? '' }))
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
                  {onMore && (
                    <button className="link-button" onClick={onMore}>
                      {t('today.showMore')}
                    </button>
                  )}
                </p>
              )}
            </section>
          );
        })}
    </div>
  );
}
