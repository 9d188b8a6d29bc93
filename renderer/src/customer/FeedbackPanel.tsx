import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintNote, Customer360 } from '../../../shared/domain/customer360';
import { desk } from '../desk/connect';
import { FieldError, FormError } from './FieldError';
import { usePaged } from './ShowMore';
import { useWrite } from './use-customer';

/** Survey scores (0-10) and complaints: record a score, open or resolve a complaint. Both feed the risk radar. */
export function FeedbackPanel({ c, onChanged }: { c: Customer360; onChanged: () => void }) {
  const { t } = useTranslation();
  const surveys = usePaged(c.surveys, 4);
  const complaints = usePaged(c.complaints, 4);
  return (
    <section className="panel" data-testid="feedback">
      <h2>{t('c360.feedback.title')}</h2>
      <div className="feedback-grid">
        <div>
          <h3 className="c360-sub">{t('c360.feedback.surveys')}</h3>
          {c.surveys.length === 0 ? (
            <p className="muted">{t('c360.feedback.noSurveys')}</p>
          ) : (
            <ul className="plain-list">
              {surveys.shown.map((s) => (
                <li key={s.id} data-testid="survey">
                  <span className={`score score-${s.score >= 9 ? 'high' : s.score >= 7 ? 'mid' : 'low'}`}>{t('c360.feedback.scoreOf', { score: s.score })}</span>
                  <span className="muted"> {s.surveyedOn}</span>
                  {s.comment && <span className="quote">“{s.comment}”</span>}
                </li>
              ))}
            </ul>
          )}
          {surveys.more}
          <SurveyForm customerId={c.id} onChanged={onChanged} />
        </div>
        <div>
          <h3 className="c360-sub">{t('c360.feedback.complaints')}</h3>
          {c.complaints.length === 0 ? (
            <p className="muted">{t('c360.feedback.noComplaints')}</p>
          ) : (
            <ul className="plain-list">
              {complaints.shown.map((k) => (
                <Complaint key={k.id} k={k} onChanged={onChanged} />
              ))}
            </ul>
          )}
          {complaints.more}
          <ComplaintForm customerId={c.id} onChanged={onChanged} />
        </div>
      </div>
    </section>
  );
}

function SurveyForm({ customerId, onChanged }: { customerId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [score, setScore] = useState('');
  const [comment, setComment] = useState('');
  const { run, saving, error, clear } = useWrite();
  return (
    <form
      className="mini-form"
      noValidate
      data-testid="survey-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const n = score.trim() === '' ? Number.NaN : Number(score);
        const saved = await run(() => desk.notes.recordSurvey({ customerId, score: n, comment }));
        if (saved) {
          setScore('');
          setComment('');
          onChanged();
        }
      }}
    >
      <div className="mini-row">
        <input className="score-input" inputMode="numeric" aria-label={t('c360.feedback.score')} placeholder={t('c360.feedback.scorePlaceholder')} value={score} onChange={(e) => {
            setScore(e.target.value);
            clear();
          }} aria-invalid={error?.details?.field === 'score'} />
        <input className="grow" aria-label={t('c360.feedback.comment')} placeholder={t('c360.feedback.comment')} value={comment} maxLength={600} onChange={(e) => setComment(e.target.value)} />
        <button type="submit" className="small" disabled={saving}>
          {t('c360.feedback.record')}
        </button>
      </div>
      <FieldError error={error} field="score" />
      <FieldError error={error} field="comment" />
      <FormError error={error} fields={['score', 'comment']} />
    </form>
  );
}

function ComplaintForm({ customerId, onChanged }: { customerId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState('');
  const { run, saving, error, clear } = useWrite();
  return (
    <form
      className="mini-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run(() => desk.notes.openComplaint({ customerId, summary }))) {
          setSummary('');
          onChanged();
        }
      }}
    >
      <div className="mini-row">
        <input className="grow" aria-label={t('c360.feedback.summary')} placeholder={t('c360.feedback.summary')} value={summary} maxLength={600} onChange={(e) => {
            setSummary(e.target.value);
            clear();
          }} aria-invalid={error?.details?.field === 'summary'} />
        <button type="submit" className="small" disabled={saving}>
          {t('c360.feedback.open')}
        </button>
      </div>
      <FieldError error={error} field="summary" />
      <FormError error={error} fields={['summary']} />
    </form>
  );
}

function Complaint({ k, onChanged }: { k: ComplaintNote; onChanged: () => void }) {
  const { t } = useTranslation();
  const [resolving, setResolving] = useState(false);
  const [resolution, setResolution] = useState('');
  const { run, saving, error } = useWrite();
  return (
    <li data-testid="complaint" className={k.resolvedOn ? 'complaint' : 'complaint complaint-open'}>
      <div>
        <span className={k.resolvedOn ? 'flag flag-done' : 'flag flag-stop'}>{k.resolvedOn ? t('c360.feedback.resolvedOn', { date: k.resolvedOn }) : t('c360.feedback.unresolved')}</span>{' '}
        <span>{k.summary}</span> <span className="muted">{t('c360.feedback.openedOn', { date: k.openedOn })}</span>
      </div>
      {k.resolution && <div className="muted small-text">→ {k.resolution}</div>}
      {!k.resolvedOn &&
        (resolving ? (
          <form
            className="mini-form"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              if (await run(() => desk.notes.resolveComplaint({ id: k.id, resolution }))) onChanged();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setResolving(false);
              }
            }}
          >
            <div className="mini-row">
              <input className="grow" autoFocus aria-label={t('c360.feedback.resolution')} placeholder={t('c360.feedback.resolution')} value={resolution} maxLength={600} onChange={(e) => setResolution(e.target.value)} />
              <button type="submit" className="small primary" disabled={saving}>
                {t('c360.save')}
              </button>
            </div>
            <FieldError error={error} field="resolution" />
            <FormError error={error} fields={['resolution']} />
          </form>
        ) : (
          <button className="small link" onClick={() => setResolving(true)}>
            {t('c360.feedback.resolve')}
          </button>
        ))}
    </li>
  );
}
