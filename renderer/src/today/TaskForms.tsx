import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { addDays } from '../../../shared/domain/rules/days';
import { asksChurnReason, CHURN_REASONS, SKIP_REASONS, TASK_OUTCOMES, type ChurnReason, type SkipReason, type TaskOutcome } from '../../../shared/domain/tasks';
import type { TodayTask } from '../../../shared/domain/today';
import type { Channel, Staff } from '../../../shared/domain/types';
import { ErrorNote } from '../ui/ErrorNote';

export type FormMode = 'done' | 'snooze' | 'skip' | 'reassign';

interface Props {
  task: TodayTask;
  today: string;
  saving: boolean;
  error: DeskError | null;
  onCancel(): void;
}

/** Esc cancels, Ctrl+Enter (or Enter outside the note) saves: the forms work without a mouse. */
function useFormKeys(onCancel: () => void) {
  return (e: React.KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
    if (e.key === 'Enter' && e.ctrlKey) {
      e.preventDefault();
      e.currentTarget.requestSubmit();
    }
    e.stopPropagation(); // the list's shortcuts stay out of the form
  };
}

/** The frame every task form shares: keys, the error, save and cancel. */
function TaskForm({ mode, saving, canSave = true, error, onCancel, onSubmit, children }: { mode: FormMode; saving: boolean; canSave?: boolean; error: DeskError | null; onCancel(): void; onSubmit(): void; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <form
      className="task-form"
      data-testid={`${mode}-form`}
      onKeyDown={useFormKeys(onCancel)}
      onSubmit={(e) => {
        e.preventDefault();
        // Ctrl+Enter submits past a disabled Save (requestSubmit): the same rule as the button.
        if (!saving && canSave) onSubmit();
      }}
    >
      {children}
      {error && <ErrorNote error={error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving || !canSave} data-testid={`save-${mode}`}>
          {t('today.action.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('today.action.cancel')}
        </button>
      </div>
    </form>
  );
}

function Choice<T extends string>({ name, options, value, label, onChange }: { name: string; options: readonly T[]; value: T; label: (v: T) => string; onChange(v: T): void }) {
  return (
    <div className="td-chips" role="radiogroup" aria-label={name}>
      {options.map((o) => (
        <label key={o} className={o === value ? 'td-chip active' : 'td-chip'}>
          <input type="radio" name={name} value={o} checked={o === value} onChange={() => onChange(o)} />
          {label(o)}
        </label>
      ))}
    </div>
  );
}

export function DoneForm({ task, saving, error, onCancel, onSave }: Props & { onSave(v: { channel: Channel; outcome: TaskOutcome; note: string; churnReason: ChurnReason | null }): void }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>(task.allowed[0]!);
  const [outcome, setOutcome] = useState<TaskOutcome>('reached');
  const [churnReason, setChurnReason] = useState<ChurnReason | null>(null);
  const [note, setNote] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  // A win-back contact that reached the customer asks why they stopped coming (DOMAIN.md's churn-reason survey).
  const asked = asksChurnReason(task, outcome);
  return (
    <TaskForm mode="done" saving={saving} canSave={!asked || churnReason !== null} error={error} onCancel={onCancel} onSubmit={() => onSave({ channel, outcome, note, churnReason: asked ? churnReason : null })}>
      <div className="form-row">
        <span className="td-label">{t('today.form.channel')}</span>
        <Choice<Channel> name="channel" options={task.allowed} value={channel} label={(c) => t(`today.channel.${c}`)} onChange={setChannel} />
      </div>
      <div className="form-row">
        <span className="td-label">{t('today.form.outcome')}</span>
        <Choice<TaskOutcome> name="outcome" options={TASK_OUTCOMES} value={outcome} label={(o) => t(`today.outcome.${o}`)} onChange={setOutcome} />
      </div>
      {asked && (
        <div className="form-row" data-testid="churn-reason">
          <span className="td-label">{t('today.form.churnReason')}</span>
          <Choice<ChurnReason | ''> name="churnReason" options={CHURN_REASONS} value={churnReason ?? ''} label={(r) => t(`today.churnReason.${r}`)} onChange={(r) => setChurnReason(r === '' ? null : r)} />
        </div>
      )}
      <label className="form-row">
        <span className="td-label">{t('today.form.note')}</span>
        <input ref={first} className="td-input" name="note" value={note} maxLength={500} placeholder={t('today.form.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      </label>
    </TaskForm>
  );
}

export function SnoozeForm({ today, saving, error, onCancel, onSave }: Props & { onSave(until: string): void }) {
  const { t } = useTranslation();
  const [until, setUntil] = useState(addDays(today, 1));
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  // The core's answer to a day after the task ends: the last day it keeps it (handlers/tasks.ts snooze).
  const endsOn = error?.code === 'validation' && typeof error.details?.validUntil === 'string' ? error.details.validUntil : null;
  const quick: [string, string][] = [
    [t('today.form.tomorrow'), addDays(today, 1)],
    [t('today.form.inThree'), addDays(today, 3)],
    [t('today.form.nextWeek'), addDays(today, 7)],
  ];
  return (
    <TaskForm mode="snooze" saving={saving} error={endsOn ? null : error} onCancel={onCancel} onSubmit={() => onSave(until)}>
      {endsOn && (
        <div className="error-note" role="alert">
          {t('today.form.endsOn', { date: endsOn })}{' '}
          <button type="button" className="link-button" onClick={() => setUntil(endsOn)}>
            {endsOn}
          </button>
        </div>
      )}
      <div className="form-row">
        <label className="td-label" htmlFor="snooze-until">
          {t('today.form.until')}
        </label>
        <input id="snooze-until" ref={input} type="date" className="td-input date-input" name="until" value={until} min={addDays(today, 1)} onChange={(e) => setUntil(e.target.value)} />
        <div className="td-chips">
          {quick.map(([label, date]) => (
            <button key={label} type="button" className={date === until ? 'td-chip active' : 'td-chip'} onClick={() => setUntil(date)}>
              {label}
            </button>
          ))}
        </div>
      </div>
    </TaskForm>
  );
}

export function SkipForm({ saving, error, onCancel, onSave }: Props & { onSave(v: { reason: SkipReason; note: string }): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<SkipReason>('not_relevant');
  const [note, setNote] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <TaskForm mode="skip" saving={saving} error={error} onCancel={onCancel} onSubmit={() => onSave({ reason, note })}>
      <div className="form-row">
        <span className="td-label">{t('today.form.reason')}</span>
        <Choice<SkipReason> name="reason" options={SKIP_REASONS} value={reason} label={(r) => t(`today.skipReason.${r}`)} onChange={setReason} />
      </div>
      <label className="form-row">
        <span className="td-label">{t('today.form.skipNote')}</span>
        <input ref={first} className="td-input" name="skip-note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
      </label>
    </TaskForm>
  );
}

export function ReassignForm({ task, saving, error, onCancel, onSave, advisors }: Props & { advisors: Staff[]; onSave(advisorId: string): void }) {
  const { t } = useTranslation();
  const others = advisors.filter((a) => a.id !== task.advisorId);
  const [to, setTo] = useState(others[0]?.id ?? '');
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  return (
    <TaskForm mode="reassign" saving={saving} canSave={!!to} error={error} onCancel={onCancel} onSubmit={() => onSave(to)}>
      <label className="form-row">
        <span className="td-label">{t('today.form.advisor')}</span>
        <select ref={select} className="td-input" value={to} onChange={(e) => setTo(e.target.value)}>
          {others.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <p className="muted td-small">{t('today.form.reassignNote')}</p>
    </TaskForm>
  );
}
