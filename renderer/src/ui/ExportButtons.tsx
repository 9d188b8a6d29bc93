import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArgsOf } from '../../../shared/api/contract';
import type { ExportFormat } from '../../../shared/api/areas/exports';
import type { DeskError } from '../../../shared/api/result';
import { desk } from '../desk/connect';
import { ErrorNote } from './ErrorNote';
import { base64ToBytes, saveFile } from './download';

type Request = Omit<ArgsOf<'exports', 'workbook'>, 'format' | 'language'>;

/**
 * Export buttons: the core makes the file (Excel or CSV, headers in the UI's language), the
 * renderer saves it as a download. `formats` lists the buttons, each with its label.
 */
export function ExportButtons({ request, formats, testId, disabled }: { request: Request; formats: { format: ExportFormat; label: string }[]; testId: string; disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState<DeskError | null>(null);

  async function run(format: ExportFormat) {
    setBusy(true);
    setError(null);
    setSaved('');
    const language = i18n.language === 'en' ? 'en' : 'zh-CN';
    const r = await desk.exports.workbook({ ...request, format, language });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    saveFile(r.value.fileName, base64ToBytes(r.value.base64), r.value.mimeType);
    setSaved(r.value.fileName);
  }

  return (
    <span className="export-buttons" data-testid={testId}>
      {formats.map((f) => (
        <button key={f.format} disabled={busy || disabled} onClick={() => void run(f.format)} data-testid={`${testId}-${f.format}`}>
          {f.label}
        </button>
      ))}
      <span className="export-status muted" role="status" aria-live="polite">
        {busy ? t('dashboard.export.working') : saved ? t('dashboard.export.saved', { file: saved }) : ''}
      </span>
      {error && <ErrorNote error={error} />}
    </span>
  );
}
