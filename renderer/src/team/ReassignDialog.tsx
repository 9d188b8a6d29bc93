import { useEffect, useRef, useState } from 'react';
import { v7 } from 'uuid';
import { useTranslation } from 'react-i18next';
import type { ReassignResult } from '../../../shared/api/areas/team';
import type { DeskError } from '../../../shared/api/result';
import type { Staff } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { FieldError, FormError } from '../customer/FieldError';

const PRESETS = ['left', 'workload', 'request'] as const;

/** Moves the chosen customers to another advisor with a reason; their open tasks and cards move with them (one transaction in the core). */
export function ReassignDialog({
  customerIds,
  advisors,
  fromAdvisorId,
  onCancel,
  onDone,
}: {
  customerIds: string[];
  advisors: Staff[];
  fromAdvisorId: string;
  onCancel(): void;
  onDone(result: ReassignResult, to: Staff): void;
}) {
  const { t } = useTranslation();
  const targets = advisors.filter((a) => a.id !== fromAdvisorId);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  // One id for this reassignment, whatever retries: the core records the batch once.
  const [batchId] = useState(() => v7());
  const [error, setError] = useState<DeskError | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function save() {
    setSaving(true);
    setError(null);
    const r = await desk.team.reassign({ customerIds, toAdvisorId: to, reason, batchId });
    setSaving(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    onDone(r.value, targets.find((a) => a.id === to)!);
  }

  return (
    <form
      className="panel tm-dialog"
      data-testid="reassign-form"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('team.reassign.title', { count: customerIds.length })}</h2>
      <p className="muted tm-small">{t('team.reassign.hint')}</p>
      <label className="tm-form-row">
        <span className="tm-label">{t('team.reassign.to')}</span>
        <select ref={first} className="tm-select" value={to} onChange={(e) => setTo(e.target.value)} data-testid="reassign-to">
          <option value="">{t('team.reassign.choose')}</option>
          {targets.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <FieldError error={error} field="toAdvisorId" />
      </label>
      <div className="tm-form-row">
        <span className="tm-label">{t('team.reassign.reason')}</span>
        {PRESETS.map((p) => {
          const text = t(`team.reassign.presets.${p}`);
          return (
            <button type="button" key={p} className={reason === text ? 'tm-chip active' : 'tm-chip'} aria-pressed={reason === text} onClick={() => setReason(text)}>
              {text}
            </button>
          );
        })}
      </div>
      <label className="tm-form-row">
        <span className="tm-label" />
        <input
          className="tm-input"
          value={reason}
          maxLength={200}
          placeholder={t('team.reassign.reasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          aria-label={t('team.reassign.reason')}
          data-testid="reassign-reason"
        />
        <FieldError error={error} field="reason" />
      </label>
      <FormError error={error} fields={['toAdvisorId', 'reason']} />
      <div className="tm-form-row">
        <button type="submit" className="primary" disabled={saving} data-testid="reassign-save">
          {t('team.reassign.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('team.reassign.cancel')}
        </button>
      </div>
    </form>
  );
}
