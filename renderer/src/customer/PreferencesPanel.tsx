import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PREFERENCE_CATEGORIES, type Preference, type PreferenceCategory } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useSession } from '../state/session';
import { formatInstantDate } from '../ui/format';
import { FieldError, FormError } from './FieldError';
import { useWrite } from './use-customer';

const FIELDS = ['category', 'value'] as const;

/** Preferences first: what to prepare before they arrive. Add, change, remove; suggestions can be adopted. */
export function PreferencesPanel({ customerId, preferences, focusSignal, onChanged }: { customerId: string; preferences: Preference[]; focusSignal: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const plain = preferences.filter((p) => p.category !== 'suggestion');
  const suggestions = preferences.filter((p) => p.category === 'suggestion');
  return (
    <section className="panel panel-prefs" data-testid="preferences">
      <h2>{t('customer.preferences')}</h2>
      {plain.length === 0 ? (
        <p className="muted">{t('customer.noPreferences')}</p>
      ) : (
        <ul className="prefs">
          {plain.map((p) => (
            <PreferenceItem key={p.id} p={p} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {suggestions.length > 0 && (
        <>
          <h3 className="c360-sub">{t('c360.prefs.suggestions')}</h3>
          <ul className="prefs" data-testid="suggestions">
            {suggestions.map((p) => (
              <PreferenceItem key={p.id} p={p} onChanged={onChanged} />
            ))}
          </ul>
        </>
      )}
      <AddPreference customerId={customerId} focusSignal={focusSignal} onChanged={onChanged} />
    </section>
  );
}

function Who({ p }: { p: Preference }) {
  const { t } = useTranslation();
  const changed = p.updatedAt !== p.notedAt;
  const timezone = useSession((s) => s.setup?.store?.timezone);
  return (
    <span className="pref-who">
      {t('customer.notedBy', { who: p.notedBy ?? '—', when: formatInstantDate(p.notedAt, timezone) })}
      {changed && ` · ${t('c360.changedBy', { who: p.updatedBy ?? '—', when: formatInstantDate(p.updatedAt, timezone) })}`}
    </span>
  );
}

function PreferenceItem({ p, onChanged }: { p: Preference; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { run, saving, error, clear } = useWrite();

  if (editing) {
    return (
      <li className="pref-editing">
        <PreferenceForm
          initial={{ category: p.category, value: p.value }}
          submitLabel={t('c360.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (v) => {
            const ok = await run(() => desk.notes.changePreference({ id: p.id, ...v }));
            if (ok) {
              setEditing(false);
              onChanged();
            }
            return ok !== null;
          }}
          externalError={error}
          saving={saving}
          onEdit={clear}
        />
      </li>
    );
  }
  return (
    <li data-testid="preference" className={p.suggestionStatus === 'open' ? 'pref-open-suggestion' : undefined}>
      <span className={`pref-cat cat-${p.category}`}>{t(`prefCategory.${p.category}`)}</span>
      <span className="pref-value">
        {p.value}
        {p.suggestionStatus && (
          <span className={`sugg sugg-${p.suggestionStatus}`}>
            {t(`c360.prefs.suggestion${p.suggestionStatus === 'open' ? 'Open' : p.suggestionStatus === 'adopted' ? 'Adopted' : 'Declined'}`)}
          </span>
        )}
      </span>
      <Who p={p} />
      <span className="pref-actions">
        {p.suggestionStatus === 'open' && (
          <button
            className="small primary"
            disabled={saving}
            onClick={async () => {
              if (await run(() => desk.notes.adoptSuggestion({ id: p.id }))) onChanged();
            }}
          >
            {t('c360.prefs.adopt')}
          </button>
        )}
        {p.suggestionStatus === 'open' && (
          <button
            className="small link"
            disabled={saving}
            onClick={async () => {
              if (await run(() => desk.notes.declineSuggestion({ id: p.id }))) onChanged();
            }}
          >
            {t('c360.prefs.decline')}
          </button>
        )}
        <button className="small link" onClick={() => setEditing(true)}>
          {t('c360.edit')}
        </button>
        {confirming ? (
          <button
            className="small danger"
            autoFocus
            disabled={saving}
            onBlur={() => setConfirming(false)}
            onClick={async () => {
              if (await run(() => desk.notes.removePreference({ id: p.id }))) onChanged();
            }}
          >
            {t('c360.prefs.confirmRemove', { value: p.value.length > 8 ? `${p.value.slice(0, 8)}…` : p.value })}
          </button>
        ) : (
          <button className="small link" onClick={() => setConfirming(true)}>
            {t('c360.remove')}
          </button>
        )}
      </span>
      {error && <FormError error={error} fields={[]} />}
    </li>
  );
}

function AddPreference({ customerId, focusSignal, onChanged }: { customerId: string; focusSignal: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { run, saving, error, clear } = useWrite();
  return (
    <div className="pref-add">
      <PreferenceForm
        label={t('c360.prefs.addLabel')}
        initial={{ category: 'drink', value: '' }}
        submitLabel={t('c360.add')}
        focusSignal={focusSignal}
        resetOnSave
        onSubmit={async (v) => {
          const ok = await run(() => desk.notes.addPreference({ customerId, ...v }));
          if (ok) onChanged();
          return ok !== null;
        }}
        externalError={error}
        saving={saving}
        onEdit={clear}
      />
    </div>
  );
}

function PreferenceForm(props: {
  label?: string;
  initial: { category: PreferenceCategory; value: string };
  submitLabel: string;
  focusSignal?: number;
  resetOnSave?: boolean;
  saving: boolean;
  externalError: ReturnType<typeof useWrite>['error'];
  onSubmit: (v: { category: PreferenceCategory; value: string }) => Promise<boolean>;
  onCancel?: () => void;
  /** The person typed again: the error shown is about what they typed before. */
  onEdit?: () => void;
}) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<PreferenceCategory>(props.initial.category);
  const [value, setValue] = useState(props.initial.value);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.focusSignal) input.current?.focus();
  }, [props.focusSignal]);
  useEffect(() => {
    if (props.onCancel) input.current?.focus();
  }, []);
  const error = props.externalError;
  return (
    <form
      className="pref-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if ((await props.onSubmit({ category, value })) && props.resetOnSave) setValue('');
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && props.onCancel) {
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      {props.label && <span className="form-label">{props.label}</span>}
      <div className="pref-form-row">
        <select aria-label={t('c360.prefs.category')} value={category} onChange={(e) => {
            setCategory(e.target.value as PreferenceCategory);
            props.onEdit?.();
          }}>
          {PREFERENCE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`prefCategory.${c}`)}
            </option>
          ))}
        </select>
        <input
          ref={input}
          aria-label={t('c360.prefs.value')}
          data-testid="pref-value"
          value={value}
          maxLength={240}
          placeholder={t('c360.prefs.placeholder')}
          onChange={(e) => {
            setValue(e.target.value);
            props.onEdit?.();
          }}
          aria-invalid={error?.details?.field === 'value'}
        />
        <button type="submit" className="primary small" disabled={props.saving}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="small" onClick={props.onCancel}>
            {t('c360.cancel')}
          </button>
        )}
      </div>
      <FieldError error={error} field="value" />
      <FieldError error={error} field="category" />
      <FormError error={error} fields={FIELDS} />
    </form>
  );
}
