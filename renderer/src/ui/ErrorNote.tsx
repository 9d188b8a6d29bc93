import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';

/** A desk error in the user's language, naming the field where there is one. */
export function ErrorNote({ error }: { error: DeskError }) {
  const { t } = useTranslation();
  return (
    <div className="error-note" role="alert">
      {t(`errors.${error.code}`, { field: error.details?.field ?? '', message: error.message })}
    </div>
  );
}
