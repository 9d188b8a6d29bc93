import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A field the core named (`details.field`, possibly a path like 'tiers.gold.minVisits') as the user reads it. */
export function fieldLabel(field: string, t: Translate): string {
  const last = field.split('.').pop() ?? field;
  return t(`fields.${last}`, { defaultValue: field });
}

/** A desk error in the user's language, naming the field where there is one. */
export function ErrorNote({ error }: { error: DeskError }) {
  const { t } = useTranslation();
  return (
    <div className="error-note" role="alert">
      {t(`errors.${error.code}`, { field: fieldLabel(error.details?.field ?? '', t), message: error.message })}
    </div>
  );
}
